//! mremap: shrink, grow in place, move, FIXED, DONTUNMAP, and the errnos.

use super::*;
use kernel_core::services::mm::MremapFlags;

const MAYMOVE: MremapFlags = MremapFlags::MAYMOVE;
const FIXED: MremapFlags = MremapFlags::FIXED.union(MremapFlags::MAYMOVE);

fn remap(
    space: &mut AddressSpace,
    old: u64,
    old_len: u64,
    new_len: u64,
    flags: MremapFlags,
) -> Result<u64, Errno> {
    space
        .mremap(ua(old), old_len, new_len, flags, ua(0))
        .map(|addr| addr.as_u64())
}

#[test]
fn argument_errors() {
    let (_, _, mut space) = new_space();
    map_fixed(&mut space, AREA, 4 * PAGE, RW);
    let bad_flags = MremapFlags::from_bits_retain(8);
    assert_eq!(
        remap(&mut space, AREA, PAGE, PAGE, bad_flags),
        Err(Errno::EINVAL)
    );
    assert_eq!(
        remap(&mut space, AREA, PAGE, PAGE, MremapFlags::FIXED),
        Err(Errno::EINVAL)
    );
    let dont = MremapFlags::DONTUNMAP;
    assert_eq!(
        remap(&mut space, AREA, PAGE, PAGE, dont),
        Err(Errno::EINVAL)
    );
    assert_eq!(
        remap(&mut space, AREA, PAGE, 2 * PAGE, dont | MAYMOVE),
        Err(Errno::EINVAL)
    );
    assert_eq!(
        remap(&mut space, AREA + 1, PAGE, PAGE, MAYMOVE),
        Err(Errno::EINVAL)
    );
    assert_eq!(
        remap(&mut space, AREA, PAGE, 0, MAYMOVE),
        Err(Errno::EINVAL)
    );
    assert_eq!(
        remap(&mut space, AREA, 0, PAGE, MAYMOVE),
        Err(Errno::EINVAL),
        "private dup"
    );
    // Growing an unmapped range, or one that runs past its VMA.
    assert_eq!(
        remap(&mut space, AREA + 8 * PAGE, PAGE, 2 * PAGE, MAYMOVE),
        Err(Errno::EFAULT)
    );
    assert_eq!(
        remap(&mut space, AREA, 5 * PAGE, 6 * PAGE, MAYMOVE),
        Err(Errno::EFAULT)
    );
}

#[test]
fn shrinking_is_in_place_and_frees_the_tail() {
    let (machine, _, mut space) = new_space();
    map_fixed(&mut space, AREA, 4 * PAGE, RW);
    store(&machine, &mut space, AREA + 3 * PAGE, 1).expect("store");
    let before = machine.allocated();
    assert_eq!(
        remap(&mut space, AREA, 4 * PAGE, 2 * PAGE, MremapFlags::empty()),
        Ok(AREA)
    );
    assert_eq!(machine.allocated(), before - 1);
    assert_eq!(vma_list(&space), [(AREA, AREA + 2 * PAGE, RW)]);
    // Equal sizes succeed even where nothing is mapped, as on Linux.
    assert_eq!(
        remap(
            &mut space,
            AREA + 9 * PAGE,
            PAGE,
            PAGE,
            MremapFlags::empty()
        ),
        Ok(AREA + 9 * PAGE)
    );
}

#[test]
fn growing_in_place_when_the_space_after_is_free() {
    let (machine, _, mut space) = new_space();
    map_fixed(&mut space, AREA, 2 * PAGE, RW);
    store(&machine, &mut space, AREA + PAGE, 4).expect("store");
    assert_eq!(
        remap(&mut space, AREA, 2 * PAGE, 5 * PAGE, MremapFlags::empty()),
        Ok(AREA)
    );
    assert_eq!(vma_list(&space), [(AREA, AREA + 5 * PAGE, RW)]);
    assert_eq!(load(&machine, &mut space, AREA + PAGE), Ok(4));
    assert_eq!(store(&machine, &mut space, AREA + 4 * PAGE, 1), Ok(()));
}

#[test]
fn growing_into_a_neighbour_needs_maymove_and_moves_the_pages() {
    let (machine, _, mut space) = new_space();
    map_fixed(&mut space, AREA, 2 * PAGE, RW);
    map_fixed(&mut space, AREA + 2 * PAGE, PAGE, R);
    store(&machine, &mut space, AREA + PAGE, 6).expect("store");
    let frame = frame_at(&space, AREA + PAGE);
    assert_eq!(
        remap(&mut space, AREA, 2 * PAGE, 4 * PAGE, MremapFlags::empty()),
        Err(Errno::ENOMEM)
    );
    let (allocated, tables) = (machine.allocated(), space.tables.table_pages());
    let new = remap(&mut space, AREA, 2 * PAGE, 4 * PAGE, MAYMOVE).expect("moved");
    assert_eq!(
        new,
        DEFAULT_MMAP_BASE - 4 * PAGE,
        "placed like a new mapping"
    );
    assert_eq!(
        frame_at(&space, new + PAGE),
        frame,
        "the frame moved, not a copy"
    );
    let new_tables = space.tables.table_pages() - tables;
    assert_eq!(
        machine.allocated(),
        allocated + new_tables,
        "only table pages were added"
    );
    assert_eq!(load(&machine, &mut space, new + PAGE), Ok(6));
    assert_eq!(load(&machine, &mut space, AREA + PAGE), Err(MAP_ERR));
    assert!(machine.invalidated(space.root(), AREA + PAGE));
    assert_eq!(space.resident_pages(), 1);
}

#[test]
fn growing_from_the_middle_of_a_vma_moves() {
    let (machine, _, mut space) = new_space();
    map_fixed(&mut space, AREA, 4 * PAGE, RW);
    store(&machine, &mut space, AREA + PAGE, 2).expect("store");
    let new = remap(&mut space, AREA + PAGE, PAGE, 2 * PAGE, MAYMOVE).expect("moved");
    assert_ne!(new, AREA + PAGE);
    assert_eq!(load(&machine, &mut space, new), Ok(2));
    assert_eq!(load(&machine, &mut space, AREA + PAGE), Err(MAP_ERR));
    assert_eq!(
        load(&machine, &mut space, AREA + 2 * PAGE),
        Ok(0),
        "the rest stays"
    );
}

#[test]
fn fixed_moves_exactly_replacing_the_target() {
    let (machine, _, mut space) = new_space();
    map_fixed(&mut space, AREA, 2 * PAGE, RW);
    map_fixed(&mut space, AREA + 16 * PAGE, 4 * PAGE, R);
    store(&machine, &mut space, AREA, 3).expect("store");
    let to = |space: &mut AddressSpace, new: u64| {
        space.mremap(ua(AREA), 2 * PAGE, 2 * PAGE, FIXED, ua(new))
    };
    assert_eq!(to(&mut space, AREA + 16 * PAGE + 1), Err(Errno::EINVAL));
    assert_eq!(to(&mut space, AREA + PAGE), Err(Errno::EINVAL), "overlap");
    assert_eq!(to(&mut space, AREA + 17 * PAGE), Ok(ua(AREA + 17 * PAGE)));
    assert_eq!(
        vma_list(&space),
        [
            (AREA + 16 * PAGE, AREA + 17 * PAGE, R),
            (AREA + 17 * PAGE, AREA + 19 * PAGE, RW),
            (AREA + 19 * PAGE, AREA + 20 * PAGE, R),
        ]
    );
    assert_eq!(load(&machine, &mut space, AREA + 17 * PAGE), Ok(3));
}

#[test]
fn dontunmap_leaves_the_old_range_mapped_and_empty() {
    let (machine, _, mut space) = new_space();
    map_fixed(&mut space, AREA, PAGE, RW);
    store(&machine, &mut space, AREA, 7).expect("store");
    let flags = MAYMOVE | MremapFlags::DONTUNMAP;
    let new = remap(&mut space, AREA, PAGE, PAGE, flags).expect("moved");
    assert_eq!(load(&machine, &mut space, new), Ok(7));
    assert_eq!(
        load(&machine, &mut space, AREA),
        Ok(0),
        "still mapped, fresh page"
    );
}

#[test]
fn zero_old_length_duplicates_a_shared_mapping() {
    let (machine, _, mut space) = new_space();
    let at = space
        .mmap(ua(0), 2 * PAGE, RW, SHARED_ANON, 0, None)
        .expect("mapping")
        .as_u64();
    store(&machine, &mut space, at + PAGE, 5).expect("store");
    let copy = remap(&mut space, at, 0, 2 * PAGE, MAYMOVE).expect("duplicate");
    assert_ne!(copy, at);
    assert_eq!(load(&machine, &mut space, copy + PAGE), Ok(5));
    store(&machine, &mut space, copy, 9).expect("store");
    assert_eq!(
        load(&machine, &mut space, at),
        Ok(9),
        "both show one object"
    );
}

#[test]
fn a_shared_mapping_grows_in_place_over_its_object() {
    let (machine, _, mut space) = new_space();
    let at = space
        .mmap(ua(AREA), PAGE, RW, SHARED_ANON | MapFlags::FIXED, 0, None)
        .expect("mapping")
        .as_u64();
    store(&machine, &mut space, at, 1).expect("store");
    let mut child = space.fork().expect("fork");
    assert_eq!(
        remap(&mut space, at, PAGE, 3 * PAGE, MremapFlags::empty()),
        Ok(at)
    );
    assert_eq!(
        remap(&mut child, at, PAGE, 3 * PAGE, MremapFlags::empty()),
        Ok(at)
    );
    store(&machine, &mut child, at + 2 * PAGE, 7).expect("store");
    assert_eq!(
        load(&machine, &mut space, at + 2 * PAGE),
        Ok(7),
        "one object behind both"
    );
}
