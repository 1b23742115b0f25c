//! mmap: placement, flags and their errnos.

use super::*;
use crate::uspace::layout::{MMAP_MIN_ADDR, STACK_GUARD_GAP, TASK_SIZE, TASK_UNMAPPED_BASE};

#[test]
fn placement_is_top_down_below_mmap_base_and_adjacent_mappings_merge() {
    let (_, _, mut space) = new_space();
    assert_eq!(space.mmap_base(), ua(DEFAULT_MMAP_BASE));
    let first = map_anywhere(&mut space, 3 * PAGE, RW);
    assert_eq!(first, DEFAULT_MMAP_BASE - 3 * PAGE);
    let second = map_anywhere(&mut space, PAGE, RW);
    assert_eq!(second, first - PAGE);
    // Same rights, anonymous, adjacent: one VMA, as /proc/self/maps shows on Linux.
    assert_eq!(vma_list(&space), [(second, DEFAULT_MMAP_BASE, RW)]);
    let third = map_anywhere(&mut space, PAGE, R);
    assert_eq!(third, second - PAGE);
    assert_eq!(space.vmas().len(), 2, "different rights do not merge");
}

#[test]
fn argument_errors() {
    let (_, _, mut space) = new_space();
    let mmap = |space: &mut AddressSpace, len, flags, offset| {
        space.mmap(ua(0), len, RW, flags, offset, None)
    };
    assert_eq!(mmap(&mut space, 0, PRIVATE_ANON, 0), Err(Errno::EINVAL));
    assert_eq!(
        mmap(&mut space, PAGE, PRIVATE_ANON, 100),
        Err(Errno::EINVAL)
    );
    assert_eq!(
        mmap(&mut space, PAGE, MapFlags::ANONYMOUS, 0),
        Err(Errno::EINVAL)
    );
    let validate = MapFlags::SHARED_VALIDATE | MapFlags::ANONYMOUS;
    assert_eq!(mmap(&mut space, PAGE, validate, 0), Err(Errno::EINVAL));
    assert_eq!(
        mmap(&mut space, PAGE, MapFlags::PRIVATE, 0),
        Err(Errno::EBADF)
    );
    // Length rounding overflows, or more than the user half.
    assert_eq!(
        mmap(&mut space, u64::MAX, PRIVATE_ANON, 0),
        Err(Errno::ENOMEM)
    );
    assert_eq!(
        mmap(&mut space, TASK_SIZE, PRIVATE_ANON, 0),
        Err(Errno::ENOMEM)
    );
    let shared_stack = SHARED_ANON | MapFlags::GROWSDOWN;
    assert_eq!(mmap(&mut space, PAGE, shared_stack, 0), Err(Errno::EINVAL));
    let huge = PRIVATE_ANON | MapFlags::HUGETLB;
    assert_eq!(mmap(&mut space, PAGE, huge, 0), Err(Errno::ENOMEM));
    assert!(space.vmas().is_empty(), "nothing was mapped");
}

#[test]
fn fixed_mappings_are_checked_and_replace_what_is_there() {
    let (machine, _, mut space) = new_space();
    let fixed = PRIVATE_ANON | MapFlags::FIXED;
    let at = |space: &mut AddressSpace, addr, len| space.mmap(ua(addr), len, RW, fixed, 0, None);
    assert_eq!(at(&mut space, AREA + 1, PAGE), Err(Errno::EINVAL));
    assert_eq!(
        at(&mut space, TASK_SIZE - PAGE, 2 * PAGE),
        Err(Errno::ENOMEM)
    );
    assert_eq!(at(&mut space, 0, PAGE), Err(Errno::EPERM));
    space.set_map_low_allowed(true);
    assert_eq!(
        at(&mut space, 0, PAGE),
        Ok(ua(0)),
        "CAP_SYS_RAWIO may map page 0"
    );

    map_fixed(&mut space, AREA, 4 * PAGE, RW);
    store(&machine, &mut space, AREA + PAGE, 7).expect("store");
    let before = machine.allocated();
    map_fixed(&mut space, AREA + PAGE, PAGE, R);
    assert_eq!(
        machine.allocated(),
        before - 1,
        "the replaced page's frame is freed"
    );
    assert_eq!(
        load(&machine, &mut space, AREA + PAGE),
        Ok(0),
        "fresh zero page"
    );
    assert_eq!(
        vma_list(&space)[1..],
        [
            (AREA, AREA + PAGE, RW),
            (AREA + PAGE, AREA + 2 * PAGE, R),
            (AREA + 2 * PAGE, AREA + 4 * PAGE, RW),
        ]
    );
}

#[test]
fn fixed_noreplace_refuses_an_occupied_range() {
    let (machine, _, mut space) = new_space();
    map_fixed(&mut space, AREA, 2 * PAGE, RW);
    store(&machine, &mut space, AREA, 9).expect("store");
    let flags = PRIVATE_ANON | MapFlags::FIXED_NOREPLACE;
    assert_eq!(
        space.mmap(ua(AREA + PAGE), 2 * PAGE, R, flags, 0, None),
        Err(Errno::EEXIST)
    );
    assert_eq!(load(&machine, &mut space, AREA), Ok(9), "untouched");
    assert_eq!(
        space.mmap(ua(AREA + 2 * PAGE), PAGE, R, flags, 0, None),
        Ok(ua(AREA + 2 * PAGE))
    );
}

#[test]
fn hints_are_used_when_free_and_rounded_as_linux_does() {
    let (_, _, mut space) = new_space();
    let hinted = |space: &mut AddressSpace, hint| {
        space
            .mmap(ua(hint), PAGE, RW, PRIVATE_ANON, 0, None)
            .expect("mapping")
            .as_u64()
    };
    assert_eq!(hinted(&mut space, AREA), AREA);
    assert_eq!(
        hinted(&mut space, AREA + 0x2345),
        AREA + 0x2000,
        "rounded down"
    );
    assert_eq!(
        hinted(&mut space, AREA),
        DEFAULT_MMAP_BASE - PAGE,
        "taken: placed"
    );
    assert_eq!(
        hinted(&mut space, 0x1000),
        MMAP_MIN_ADDR,
        "raised to mmap_min_addr"
    );
}

#[test]
fn enomem_when_no_gap_is_large_enough() {
    let (_, _, mut space) = new_space();
    // Reserve everything from mmap_min_addr up with one inaccessible mapping (no memory).
    map_fixed(&mut space, MMAP_MIN_ADDR, TASK_SIZE - MMAP_MIN_ADDR, NONE);
    let anywhere =
        |space: &mut AddressSpace, len| space.mmap(ua(0), len, RW, PRIVATE_ANON, 0, None);
    assert_eq!(anywhere(&mut space, PAGE), Err(Errno::ENOMEM));
    let hole = 0x7000_0000_0000;
    space.munmap(ua(hole), 2 * PAGE).expect("hole");
    assert_eq!(anywhere(&mut space, 3 * PAGE), Err(Errno::ENOMEM));
    assert_eq!(anywhere(&mut space, 2 * PAGE), Ok(ua(hole)));
}

#[test]
fn top_down_falls_back_to_bottom_up_from_task_unmapped_base() {
    let (_, _, mut space) = new_space();
    map_fixed(
        &mut space,
        MMAP_MIN_ADDR,
        DEFAULT_MMAP_BASE - MMAP_MIN_ADDR,
        NONE,
    );
    // Nothing below mmap_base: the bottom-up search from TASK_UNMAPPED_BASE finds mmap_base.
    assert_eq!(map_anywhere(&mut space, PAGE, RW), DEFAULT_MMAP_BASE);
}

#[test]
fn an_unlimited_stack_places_bottom_up() {
    let (_, user) = setup(64);
    let limits = SpaceLimits {
        stack_limit_bytes: u64::MAX,
        ..SpaceLimits::default()
    };
    let mut space = user.create_space(limits).expect("space");
    assert_eq!(space.mmap_base(), ua(TASK_UNMAPPED_BASE));
    assert_eq!(map_anywhere(&mut space, PAGE, RW), TASK_UNMAPPED_BASE);
    assert_eq!(map_anywhere(&mut space, PAGE, R), TASK_UNMAPPED_BASE + PAGE);
}

#[test]
fn placement_keeps_the_stack_guard_gap() {
    let (_, _, mut space) = new_space();
    let stack = DEFAULT_MMAP_BASE - 16 * PAGE;
    let flags = PRIVATE_ANON | MapFlags::FIXED | MapFlags::GROWSDOWN;
    space
        .mmap(ua(stack), 16 * PAGE, RW, flags, 0, None)
        .expect("stack");
    assert_eq!(
        map_anywhere(&mut space, PAGE, RW),
        stack - STACK_GUARD_GAP - PAGE
    );
    // A hint inside the guard gap is not honoured either.
    let hinted = space
        .mmap(ua(stack - PAGE), PAGE, RW, PRIVATE_ANON, 0, None)
        .expect("mapping");
    assert_ne!(hinted, ua(stack - PAGE));
}

#[test]
fn overcommit_heuristic_refuses_more_than_all_of_ram() {
    let (_, user) = setup(64);
    let mut space = user.create_space(SpaceLimits::default()).expect("space");
    let too_big = 65 * PAGE;
    let anon =
        |space: &mut AddressSpace, prot, flags| space.mmap(ua(0), too_big, prot, flags, 0, None);
    assert_eq!(anon(&mut space, RW, PRIVATE_ANON), Err(Errno::ENOMEM));
    assert_eq!(anon(&mut space, RW, SHARED_ANON), Err(Errno::ENOMEM));
    assert!(anon(&mut space, RW, PRIVATE_ANON | MapFlags::NORESERVE).is_ok());
    assert!(
        anon(&mut space, R, PRIVATE_ANON).is_ok(),
        "read-only is not charged"
    );
}

#[test]
fn pages_arrive_on_demand_unless_populated() {
    let (machine, _, mut space) = new_space();
    let lazy = map_anywhere(&mut space, 4 * PAGE, RW);
    assert_eq!(space.resident_pages(), 0);
    store(&machine, &mut space, lazy + 2 * PAGE, 1).expect("store");
    assert_eq!(space.resident_pages(), 1);
    let populated = space
        .mmap(
            ua(0),
            3 * PAGE,
            RW,
            PRIVATE_ANON | MapFlags::POPULATE,
            0,
            None,
        )
        .expect("mapping")
        .as_u64();
    assert_eq!(space.resident_pages(), 4);
    let page = space.tables.lookup(populated).expect("present");
    assert!(
        satisfies(page.access, FaultAccess::Write),
        "populated for writing"
    );
}

#[test]
fn shared_anonymous_memory_is_zeroed_and_writable() {
    let (machine, _, mut space) = new_space();
    let at = space
        .mmap(ua(0), 2 * PAGE, RW, SHARED_ANON, 0, None)
        .expect("mapping")
        .as_u64();
    assert_eq!(load(&machine, &mut space, at + 5), Ok(0));
    store(&machine, &mut space, at + 5, 3).expect("store");
    assert_eq!(load(&machine, &mut space, at + 5), Ok(3));
    assert!(space.vmas()[0].shared);
}

#[test]
fn map_type_validation_for_files() {
    let (_, _, mut space) = new_space();
    let file = FakeFile::new(PAGE as usize);
    let mut map = |flags: MapFlags| space.mmap(ua(0), PAGE, R, flags, 0, Some(file.backing(None)));
    // Plain MAP_SHARED ignores flags it does not know; MAP_SHARED_VALIDATE refuses them.
    assert!(map(MapFlags::SHARED | MapFlags::SYNC).is_ok());
    assert_eq!(
        map(MapFlags::SHARED_VALIDATE | MapFlags::SYNC),
        Err(Errno::EOPNOTSUPP)
    );
    assert!(map(MapFlags::SHARED_VALIDATE | MapFlags::POPULATE).is_ok());
    assert_eq!(
        map(MapFlags::PRIVATE | MapFlags::HUGETLB),
        Err(Errno::EINVAL)
    );
    assert_eq!(map(MapFlags::empty()), Err(Errno::EINVAL));
}

#[test]
fn the_contract_objects_work_through_trait_objects() {
    use kernel_core::services::mm::{UserSpace, UserSpaces};
    let (_, user) = setup(256);
    let factory: &dyn UserSpaces = &user;
    let mut parent: Box<dyn UserSpace> = factory.create(SpaceLimits::default()).expect("space");
    let at = parent
        .mmap(ua(0), PAGE, RW, PRIVATE_ANON, 0, None)
        .expect("mapping");
    parent.copy_out(at, b"hello").expect("copy_out");
    let mut child = parent.fork().expect("fork");
    child.copy_out(at, b"HE").expect("copy_out");
    assert_eq!(parent.read_cstr(at, 16), Ok(b"hello".to_vec()));
    assert_eq!(child.read_cstr(at, 16), Ok(b"HEllo".to_vec()));
    assert_eq!(child.resident_pages(), 1);
    assert_ne!(child.root(), parent.root());
}
