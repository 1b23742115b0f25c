//! mprotect: argument checks, splitting and merging, entries following the rights.

use super::*;

#[test]
fn argument_errors() {
    let (_, _, mut space) = new_space();
    map_fixed(&mut space, AREA, 4 * PAGE, RW);
    assert_eq!(space.mprotect(ua(AREA + 1), PAGE, R), Err(Errno::EINVAL));
    assert_eq!(
        space.mprotect(ua(AREA + 8 * PAGE), 0, R),
        Ok(()),
        "empty: fine"
    );
    assert_eq!(
        space.mprotect(ua(AREA), PAGE, Prot::from_bits_retain(0x40)),
        Err(Errno::EINVAL)
    );
    assert_eq!(
        space.mprotect(ua(AREA), PAGE, R | Prot::BTI),
        Err(Errno::EINVAL)
    );
    let both = R | Prot::GROWSDOWN | Prot::GROWSUP;
    assert_eq!(space.mprotect(ua(AREA + 1), PAGE, both), Err(Errno::EINVAL));
    assert_eq!(
        space.mprotect(ua(AREA), PAGE, R | Prot::GROWSDOWN),
        Err(Errno::EINVAL)
    );
    assert_eq!(
        space.mprotect(ua(AREA), PAGE, R | Prot::GROWSUP),
        Err(Errno::EINVAL)
    );
    assert_eq!(space.mprotect(ua(AREA), u64::MAX, R), Err(Errno::ENOMEM));
    assert_eq!(
        space.mprotect(ua(AREA - PAGE), 2 * PAGE, R),
        Err(Errno::ENOMEM)
    );
    assert_eq!(
        vma_list(&space),
        [(AREA, AREA + 4 * PAGE, RW)],
        "all unchanged"
    );
    assert_eq!(space.mprotect(ua(AREA), PAGE, R | Prot::SEM), Ok(()));
}

#[test]
fn a_hole_is_enomem_after_the_part_before_it_changed() {
    let (_, _, mut space) = new_space();
    map_fixed(&mut space, AREA, 2 * PAGE, RW);
    map_fixed(&mut space, AREA + 3 * PAGE, PAGE, RW);
    assert_eq!(space.mprotect(ua(AREA), 4 * PAGE, R), Err(Errno::ENOMEM));
    assert_eq!(
        vma_list(&space),
        [
            (AREA, AREA + 2 * PAGE, R),
            (AREA + 3 * PAGE, AREA + 4 * PAGE, RW)
        ]
    );
}

#[test]
fn splitting_and_merging_back() {
    let (_, _, mut space) = new_space();
    map_fixed(&mut space, AREA, 4 * PAGE, RW);
    space
        .mprotect(ua(AREA + PAGE), 2 * PAGE, R)
        .expect("mprotect");
    assert_eq!(
        vma_list(&space),
        [
            (AREA, AREA + PAGE, RW),
            (AREA + PAGE, AREA + 3 * PAGE, R),
            (AREA + 3 * PAGE, AREA + 4 * PAGE, RW),
        ]
    );
    space
        .mprotect(ua(AREA + PAGE), 2 * PAGE, RW)
        .expect("mprotect");
    assert_eq!(vma_list(&space), [(AREA, AREA + 4 * PAGE, RW)]);
}

#[test]
fn mapped_pages_follow_the_rights_and_keep_their_contents() {
    let (machine, _, mut space) = new_space();
    map_fixed(&mut space, AREA, 2 * PAGE, RW);
    store(&machine, &mut space, AREA, 42).expect("store");
    let frame = frame_at(&space, AREA);
    machine.clear_records();
    space.mprotect(ua(AREA), 2 * PAGE, R).expect("read-only");
    assert!(
        machine.invalidated(space.root(), AREA),
        "downgrade reaches the TLB"
    );
    assert_eq!(store(&machine, &mut space, AREA, 1), Err(ACC_ERR));
    assert_eq!(load(&machine, &mut space, AREA), Ok(42));
    space.mprotect(ua(AREA), 2 * PAGE, NONE).expect("no access");
    assert_eq!(load(&machine, &mut space, AREA), Err(ACC_ERR));
    assert_eq!(
        frame_at(&space, AREA),
        frame,
        "the page is kept while inaccessible"
    );
    space.mprotect(ua(AREA), 2 * PAGE, RW).expect("back");
    assert_eq!(load(&machine, &mut space, AREA), Ok(42));
    assert_eq!(store(&machine, &mut space, AREA, 43), Ok(()));
    assert_eq!(
        frame_at(&space, AREA),
        frame,
        "no copy: the frame was never shared"
    );
}

#[test]
fn gaining_execute_synchronises_instructions() {
    let (machine, _, mut space) = new_space();
    map_fixed(&mut space, AREA, PAGE, RW);
    store(&machine, &mut space, AREA, 0x1f).expect("store");
    let frame = frame_at(&space, AREA).expect("mapped");
    machine.clear_records();
    space.mprotect(ua(AREA), PAGE, RX).expect("mprotect");
    assert_eq!(machine.instruction_syncs(), [frame.as_u64()]);
    let page = space.tables.lookup(AREA).expect("mapped");
    assert!(satisfies(page.access, FaultAccess::Execute));
    assert!(!satisfies(page.access, FaultAccess::Write));
}

#[test]
fn growsdown_extends_the_change_to_the_start_of_the_stack() {
    let (_, _, mut space) = new_space();
    let flags = PRIVATE_ANON | MapFlags::FIXED | MapFlags::GROWSDOWN;
    space
        .mmap(ua(AREA), 4 * PAGE, RW, flags, 0, None)
        .expect("stack");
    space
        .mprotect(ua(AREA + 2 * PAGE), PAGE, R | Prot::GROWSDOWN)
        .expect("mprotect");
    assert_eq!(
        vma_list(&space),
        [
            (AREA, AREA + 3 * PAGE, R),
            (AREA + 3 * PAGE, AREA + 4 * PAGE, RW)
        ]
    );
}

#[test]
fn a_shared_read_only_file_mapping_cannot_become_writable() {
    let (_, _, mut space) = new_space();
    let file = FakeFile::new(2 * PAGE as usize);
    let flags = MapFlags::SHARED;
    assert_eq!(
        space.mmap(ua(0), PAGE, RW, flags, 0, Some(file.backing(None))),
        Err(Errno::ENODEV),
        "no page cache to share writes through"
    );
    let at = space
        .mmap(ua(0), PAGE, R, flags, 0, Some(file.backing(None)))
        .expect("mapping");
    assert_eq!(space.mprotect(at, PAGE, RW), Err(Errno::EACCES));
    assert_eq!(space.mprotect(at, PAGE, RX), Ok(()));
}
