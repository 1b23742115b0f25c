//! brk: the heap VMA, Linux's "return the old break on failure" rule.

use super::*;
use kernel_core::services::mm::VmaKind;

/// Where the test heap starts: the end of a made-up image, not page aligned.
const IMAGE_END: u64 = 0x40_1234;
const HEAP: u64 = 0x40_2000;

fn heap_space() -> (Arc<Machine>, UserMemory, AddressSpace) {
    let (machine, user, mut space) = new_space();
    space.set_brk_start(ua(IMAGE_END));
    (machine, user, space)
}

#[test]
fn the_break_starts_page_aligned_and_brk_zero_reads_it() {
    let (_, _, mut space) = heap_space();
    assert_eq!(space.brk(ua(0)), ua(HEAP));
    assert_eq!(
        space.brk(ua(HEAP - 1)),
        ua(HEAP),
        "below the start: unchanged"
    );
    assert!(space.vmas().is_empty());
}

#[test]
fn growing_maps_whole_pages_and_returns_the_exact_break() {
    let (machine, _, mut space) = heap_space();
    assert_eq!(space.brk(ua(HEAP + 100)), ua(HEAP + 100));
    assert_eq!(vma_list(&space), [(HEAP, HEAP + PAGE, RW)]);
    assert_eq!(space.vmas()[0].kind, VmaKind::Heap);
    assert_eq!(store(&machine, &mut space, HEAP + PAGE - 1, 5), Ok(()));
    assert_eq!(store(&machine, &mut space, HEAP + PAGE, 5), Err(MAP_ERR));
    // Within the same page only the value moves.
    assert_eq!(space.brk(ua(HEAP + 4000)), ua(HEAP + 4000));
    assert_eq!(vma_list(&space), [(HEAP, HEAP + PAGE, RW)]);
    assert_eq!(space.brk(ua(HEAP + 3 * PAGE)), ua(HEAP + 3 * PAGE));
    assert_eq!(
        vma_list(&space),
        [(HEAP, HEAP + 3 * PAGE, RW)],
        "extended in place"
    );
}

#[test]
fn shrinking_unmaps_and_frees_the_pages_above() {
    let (machine, _, mut space) = heap_space();
    space.brk(ua(HEAP + 3 * PAGE));
    store(&machine, &mut space, HEAP + 2 * PAGE, 9).expect("store");
    store(&machine, &mut space, HEAP, 8).expect("store");
    let before = machine.allocated();
    assert_eq!(space.brk(ua(HEAP + 10)), ua(HEAP + 10));
    assert_eq!(machine.allocated(), before - 1);
    assert_eq!(vma_list(&space), [(HEAP, HEAP + PAGE, RW)]);
    assert_eq!(
        load(&machine, &mut space, HEAP),
        Ok(8),
        "the kept page keeps its data"
    );
    space.brk(ua(HEAP + 3 * PAGE));
    assert_eq!(
        load(&machine, &mut space, HEAP + 2 * PAGE),
        Ok(0),
        "fresh again"
    );
}

#[test]
fn growing_into_the_next_mapping_fails_with_the_old_break() {
    let (_, _, mut space) = heap_space();
    map_fixed(&mut space, HEAP + 5 * PAGE, PAGE, RW);
    // Linux wants a page between the new end and the next VMA.
    assert_eq!(space.brk(ua(HEAP + 4 * PAGE + 1)), ua(HEAP));
    assert_eq!(space.brk(ua(HEAP + 4 * PAGE)), ua(HEAP + 4 * PAGE));
    assert_eq!(space.brk(ua(HEAP + 6 * PAGE)), ua(HEAP + 4 * PAGE));
}

#[test]
fn the_guard_gap_below_a_stack_also_stops_the_heap() {
    let (_, _, mut space) = heap_space();
    let stack = HEAP + 0x20_0000; // 2 MiB above: the 1 MiB guard gap leaves 1 MiB.
    let flags = PRIVATE_ANON | MapFlags::FIXED | MapFlags::GROWSDOWN;
    space
        .mmap(ua(stack), PAGE, RW, flags, 0, None)
        .expect("stack");
    assert_eq!(space.brk(ua(HEAP + 0x10_0000)), ua(HEAP), "touches the gap");
    assert_eq!(space.brk(ua(HEAP + 0xf_f000)), ua(HEAP + 0xf_f000));
}

#[test]
fn the_heap_is_not_merged_with_the_image_below() {
    let (_, _, mut space) = heap_space();
    map_fixed(&mut space, HEAP - 2 * PAGE, 2 * PAGE, RW);
    space.brk(ua(HEAP + PAGE));
    assert_eq!(
        vma_list(&space),
        [(HEAP - 2 * PAGE, HEAP, RW), (HEAP, HEAP + PAGE, RW)]
    );
}

#[test]
fn more_than_all_of_ram_fails() {
    let (_, user) = setup(64);
    let mut space = user.create_space(SpaceLimits::default()).expect("space");
    space.set_brk_start(ua(HEAP));
    assert_eq!(space.brk(ua(HEAP + 65 * PAGE)), ua(HEAP));
    assert_eq!(space.brk(ua(HEAP + 64 * PAGE)), ua(HEAP + 64 * PAGE));
}

#[test]
fn without_a_heap_start_there_is_no_heap() {
    let (_, _, mut space) = new_space();
    assert_eq!(space.brk(ua(HEAP)), ua(0));
    assert!(space.vmas().is_empty());
}
