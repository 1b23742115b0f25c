//! madvise, msync and the accessible prefix of a user range.

use super::*;

#[test]
fn dontneed_zeroes_private_anonymous_pages_and_keeps_the_mapping() {
    let (machine, _, mut space) = new_space();
    map_fixed(&mut space, AREA, 2 * PAGE, RW);
    store(&machine, &mut space, AREA, b'd').unwrap();
    store(&machine, &mut space, AREA + PAGE, b'd').unwrap();
    assert_eq!(space.madvise(ua(AREA), PAGE, 4), Ok(()));
    assert_eq!(frame_at(&space, AREA), None, "the page is gone");
    assert_eq!(load(&machine, &mut space, AREA), Ok(0));
    assert_eq!(load(&machine, &mut space, AREA + PAGE), Ok(b'd'));
    assert_eq!(vma_list(&space), [(AREA, AREA + 2 * PAGE, RW)]);
}

#[test]
fn madvise_argument_errors_and_holes() {
    let (_, _, mut space) = new_space();
    map_fixed(&mut space, AREA, PAGE, RW);
    assert_eq!(space.madvise(ua(AREA + 1), PAGE, 4), Err(Errno::EINVAL));
    assert_eq!(space.madvise(ua(AREA), PAGE, 9999), Err(Errno::EINVAL));
    assert_eq!(space.madvise(ua(AREA), PAGE, 5), Err(Errno::EINVAL));
    assert_eq!(space.madvise(ua(AREA), 0, 4), Ok(()));
    assert_eq!(space.madvise(ua(AREA), 2 * PAGE, 4), Err(Errno::ENOMEM));
    assert_eq!(space.madvise(ua(AREA), PAGE, 0), Ok(()), "MADV_NORMAL");
}

#[test]
fn msync_checks_alignment_flags_and_coverage() {
    let (_, _, mut space) = new_space();
    map_fixed(&mut space, AREA, PAGE, RW);
    assert_eq!(space.msync(ua(AREA), PAGE, 4), Ok(()));
    assert_eq!(space.msync(ua(AREA + 1), PAGE, 4), Err(Errno::EINVAL));
    assert_eq!(space.msync(ua(AREA), PAGE, 1 | 4), Err(Errno::EINVAL));
    assert_eq!(space.msync(ua(AREA), PAGE, 8), Err(Errno::EINVAL));
    assert_eq!(space.msync(ua(AREA), 2 * PAGE, 4), Err(Errno::ENOMEM));
}

#[test]
fn accessible_prefix_stops_at_the_first_inaccessible_page() {
    let (_, _, mut space) = new_space();
    map_fixed(&mut space, AREA, PAGE, RW);
    map_fixed(&mut space, AREA + PAGE, PAGE, R);
    let at = ua(AREA + PAGE - 100);
    assert_eq!(space.accessible_prefix(at, 200, FaultAccess::Write), 100);
    assert_eq!(space.accessible_prefix(at, 200, FaultAccess::Read), 200);
    assert_eq!(
        space.accessible_prefix(ua(AREA + 2 * PAGE - 50), 200, FaultAccess::Read),
        50
    );
    assert_eq!(
        space.accessible_prefix(ua(0xffff_0000_0000_0000), 4, FaultAccess::Read),
        0
    );
}
