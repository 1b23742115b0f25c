//! `Mm` construction from its capabilities, and feeding the heap.

use super::memory_map;
use crate::{KernelHeap, Mm, MmCaps};
use kernel_core::Errno;

#[test]
fn mm_hands_out_one_allocator_through_both_handles() {
    let mm = Mm::new(MmCaps {
        memory: memory_map(&[(0x4000_0000, 64 * 4096)], 0),
    });
    let shared = mm.frames();
    let pinned = mm.static_frames();
    assert_eq!(shared.stats().total_frames, 64);
    let frame = shared.alloc(4).expect("frames");
    assert_eq!(pinned.stats().free_frames, 60);
    pinned.free(frame, 4);
    assert_eq!(shared.stats().free_frames, 64);
}

#[test]
fn mm_feeds_a_heap_once() {
    let mm = Mm::new(MmCaps {
        memory: memory_map(&[(0x4000_0000, 64 * 4096)], 0),
    });
    let heap = KernelHeap::new();
    assert_eq!(mm.feed_heap(&heap), Ok(()));
    assert_eq!(mm.feed_heap(&heap), Err(Errno::EBUSY));
}

/// The heap is usable as a `#[global_allocator]`: `new` is const and the type is `Sync`.
static STATIC_HEAP: KernelHeap = KernelHeap::new();

#[test]
fn a_static_heap_starts_empty_and_refuses_allocations() {
    use core::alloc::{GlobalAlloc, Layout};
    assert_eq!(STATIC_HEAP.stats(), crate::HeapStats::default());
    let layout = Layout::from_size_align(16, 8).expect("layout");
    // SAFETY: non-zero size; nothing is returned to free.
    assert!(unsafe { STATIC_HEAP.alloc(layout) }.is_null());
}
