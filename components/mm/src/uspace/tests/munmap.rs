//! munmap: argument checks, cutting VMAs, freeing frames, the VMA limit.

use super::*;
use crate::uspace::layout::{MAX_MAP_COUNT, TASK_SIZE};

#[test]
fn argument_errors() {
    let (_, _, mut space) = new_space();
    assert_eq!(space.munmap(ua(AREA + 1), PAGE), Err(Errno::EINVAL));
    assert_eq!(space.munmap(ua(AREA), 0), Err(Errno::EINVAL));
    assert_eq!(space.munmap(ua(TASK_SIZE + PAGE), PAGE), Err(Errno::EINVAL));
    assert_eq!(
        space.munmap(ua(TASK_SIZE - PAGE), 2 * PAGE),
        Err(Errno::EINVAL)
    );
    assert_eq!(space.munmap(ua(AREA), u64::MAX), Err(Errno::EINVAL));
    assert_eq!(space.munmap(ua(AREA), PAGE), Ok(()), "a hole is fine");
    assert_eq!(space.munmap(ua(AREA), 1), Ok(()), "length rounds up");
}

#[test]
fn a_hole_in_the_middle_splits_the_vma_and_frees_its_pages() {
    let (machine, _, mut space) = new_space();
    map_fixed(&mut space, AREA, 8 * PAGE, RW);
    for page in 0..8 {
        store(&machine, &mut space, AREA + page * PAGE, page as u8 + 1).expect("store");
    }
    let before = machine.allocated();
    let gone = frame_at(&space, AREA + 4 * PAGE).expect("mapped");
    space.munmap(ua(AREA + 3 * PAGE), 2 * PAGE).expect("munmap");
    assert!(machine.freed_after_invalidation(gone, space.root(), AREA + 4 * PAGE));
    assert_eq!(machine.allocated(), before - 2);
    assert_eq!(space.resident_pages(), 6);
    assert_eq!(
        vma_list(&space),
        [
            (AREA, AREA + 3 * PAGE, RW),
            (AREA + 5 * PAGE, AREA + 8 * PAGE, RW)
        ]
    );
    assert_eq!(load(&machine, &mut space, AREA + 3 * PAGE), Err(MAP_ERR));
    assert_eq!(
        load(&machine, &mut space, AREA + 4 * PAGE + 10),
        Err(MAP_ERR)
    );
    assert_eq!(load(&machine, &mut space, AREA + 2 * PAGE), Ok(3));
    assert_eq!(load(&machine, &mut space, AREA + 5 * PAGE), Ok(6));
    let root = space.root();
    assert!(machine.invalidated(root, AREA + 3 * PAGE));
    assert!(machine.invalidated(root, AREA + 4 * PAGE));
}

#[test]
fn one_call_spans_several_vmas_and_holes() {
    let (machine, _, mut space) = new_space();
    map_fixed(&mut space, AREA, 2 * PAGE, RW);
    map_fixed(&mut space, AREA + 3 * PAGE, 2 * PAGE, R);
    map_fixed(&mut space, AREA + 6 * PAGE, 2 * PAGE, RX);
    store(&machine, &mut space, AREA, 1).expect("store");
    space.munmap(ua(AREA + PAGE), 6 * PAGE).expect("munmap");
    assert_eq!(
        vma_list(&space),
        [
            (AREA, AREA + PAGE, RW),
            (AREA + 7 * PAGE, AREA + 8 * PAGE, RX)
        ]
    );
    assert_eq!(load(&machine, &mut space, AREA), Ok(1));
}

#[test]
fn cutting_a_hole_beyond_the_vma_limit_is_enomem() {
    let (_, _, mut space) = new_space();
    // MAX_MAP_COUNT VMAs, alternating rights so that none merge.
    for index in 0..MAX_MAP_COUNT as u64 {
        let prot = if index % 2 == 0 { R } else { RW };
        map_fixed(&mut space, AREA + index * 4 * PAGE, 4 * PAGE, prot);
    }
    assert_eq!(space.vmas().len(), MAX_MAP_COUNT);
    assert_eq!(space.munmap(ua(AREA + PAGE), PAGE), Err(Errno::ENOMEM));
    // Trimming an end does not add a VMA.
    assert_eq!(space.munmap(ua(AREA), PAGE), Ok(()));
    assert_eq!(space.vmas().len(), MAX_MAP_COUNT);
}
