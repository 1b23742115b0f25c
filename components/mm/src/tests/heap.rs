//! The kernel heap on real host memory: alignment, stats, exhaustion, growth, the reserve.

use super::memory_map;
use crate::reentry::FrameLockScope;
use crate::{BuddyFrameAllocator, KernelHeap, GROW_MIN_BYTES};
use core::alloc::{GlobalAlloc, Layout};
use kernel_core::services::mm::{FrameAllocator, FrameStats};
use kernel_core::{Errno, PhysAddr, VirtAddr};

const KIB: usize = 1024;

/// A block of real host memory, freed when dropped.
struct HostRam {
    base: *mut u8,
    layout: Layout,
}

impl HostRam {
    fn new(size: usize, align: usize) -> Self {
        let layout = Layout::from_size_align(size, align).expect("layout");
        // SAFETY: non-zero size.
        let base = unsafe { std::alloc::alloc(layout) };
        assert!(!base.is_null());
        Self { base, layout }
    }

    fn addr(&self) -> usize {
        self.base as usize
    }

    fn contains(&self, ptr: *mut u8, len: usize) -> bool {
        let ptr = ptr as usize;
        ptr >= self.addr() && ptr + len <= self.addr() + self.layout.size()
    }
}

impl Drop for HostRam {
    fn drop(&mut self) {
        // SAFETY: allocated in `new` with this layout.
        unsafe { std::alloc::dealloc(self.base, self.layout) };
    }
}

/// A heap bootstrapped on `ram`.
fn heap_on(ram: &HostRam) -> KernelHeap {
    let heap = KernelHeap::new();
    // SAFETY: `ram` is ours, unused otherwise, and outlives every use of the heap in a test.
    unsafe { heap.init(VirtAddr::new(ram.addr() as u64), ram.layout.size()) };
    heap
}

/// A frame allocator over `ram`, pretending it sits at physical `0x4000_0000`.
fn frames_over(ram: &HostRam) -> (&'static BuddyFrameAllocator, kernel_core::cap::MemoryMap) {
    let phys = 0x4000_0000;
    let map = memory_map(
        &[(phys, ram.layout.size() as u64)],
        (ram.addr() as u64).wrapping_sub(phys),
    );
    (Box::leak(Box::new(BuddyFrameAllocator::new(&map))), map)
}

fn layout(size: usize, align: usize) -> Layout {
    Layout::from_size_align(size, align).expect("layout")
}

/// Allocates, checks for null, fills the block, and returns it.
fn take(heap: &KernelHeap, layout: Layout) -> *mut u8 {
    // SAFETY: non-zero sizes only.
    let block = unsafe { heap.alloc(layout) };
    assert!(!block.is_null(), "{layout:?} failed");
    // SAFETY: the heap just gave us `layout.size()` bytes there.
    unsafe { block.write_bytes(0xa5, layout.size()) };
    block
}

#[test]
fn blocks_are_aligned_disjoint_and_inside_the_region() {
    let ram = HostRam::new(256 * KIB, 4096);
    let heap = heap_on(&ram);
    let layouts = [
        (1, 1),
        (8, 8),
        (24, 8),
        (100, 16),
        (4096, 4096),
        (3000, 64),
        (16 * KIB, 16 * KIB),
        (5, 512),
    ];
    let mut blocks: Vec<(usize, usize, Layout)> = Vec::new();
    for (size, align) in layouts {
        let wanted = layout(size, align);
        let block = take(&heap, wanted);
        assert_eq!(block as usize % align, 0, "{wanted:?}");
        assert!(ram.contains(block, size));
        for &(other, other_size, _) in &blocks {
            assert!(block as usize + size <= other || other + other_size <= block as usize);
        }
        blocks.push((block as usize, size, wanted));
    }
    for (block, _, wanted) in blocks {
        // SAFETY: returned by `alloc` with this layout.
        unsafe { heap.dealloc(block as *mut u8, wanted) };
    }
    assert_eq!(heap.stats().in_use_bytes, 0);
}

#[test]
fn stats_count_requests_and_their_blocks() {
    let ram = HostRam::new(256 * KIB, 256 * KIB);
    let heap = heap_on(&ram);
    assert_eq!(heap.stats().total_bytes, 256 * KIB);
    let small = take(&heap, layout(24, 8));
    let big = take(&heap, layout(5000, 8));
    let stats = heap.stats();
    assert_eq!(stats.requested_bytes, 24 + 5000);
    assert_eq!(stats.in_use_bytes, 32 + 8192);
    assert_eq!(stats.grown_bytes, 0);
    // SAFETY: returned by `alloc` with these layouts.
    unsafe {
        heap.dealloc(small, layout(24, 8));
        heap.dealloc(big, layout(5000, 8));
    }
    assert_eq!(
        (heap.stats().requested_bytes, heap.stats().in_use_bytes),
        (0, 0)
    );
}

#[test]
fn without_a_grow_source_exhaustion_returns_null() {
    let ram = HostRam::new(64 * KIB, 64 * KIB);
    let heap = heap_on(&ram);
    let page = layout(4096, 4096);
    let mut blocks = Vec::new();
    // SAFETY: non-zero size.
    while let Some(block) = std::ptr::NonNull::new(unsafe { heap.alloc(page) }) {
        blocks.push(block.as_ptr());
    }
    // A quarter (16 KiB) is the reserve, out of reach of ordinary requests.
    assert_eq!(blocks.len(), 12);
    // SAFETY: returned by `alloc` with this layout.
    unsafe { heap.dealloc(blocks[3], page) };
    assert_eq!(take(&heap, page), blocks[3]);
    // Impossible requests are refused, not a panic.
    // SAFETY: non-zero size.
    assert!(unsafe { heap.alloc(layout(1 << 40, 8)) }.is_null());
    assert!(unsafe { heap.alloc(layout(8, 1 << 20)) }.is_null());
}

#[test]
fn an_unaligned_boot_region_is_trimmed_not_fatal() {
    let ram = HostRam::new(64 * KIB, 4096);
    let heap = KernelHeap::new();
    // SAFETY: a sub-range of `ram`, ours for the test.
    unsafe { heap.init(VirtAddr::new(ram.addr() as u64 + 3), 64 * KIB - 9) };
    let block = take(&heap, layout(100, 8));
    assert!(ram.contains(block, 100));
    let tiny = KernelHeap::new();
    // SAFETY: as above; a region too small to hold a word adds nothing.
    unsafe { tiny.init(VirtAddr::new(ram.addr() as u64 + 1), 5) };
    assert_eq!(tiny.stats().total_bytes, 0);
    // SAFETY: non-zero size.
    assert!(unsafe { tiny.alloc(layout(8, 8)) }.is_null());
}

#[test]
fn the_heap_grows_with_frames_once_the_boot_region_is_full() {
    let boot = HostRam::new(64 * KIB, 64 * KIB);
    let ram = HostRam::new(4 << 20, 4 << 20);
    let heap = heap_on(&boot);
    let (frames, map) = frames_over(&ram);
    heap.set_grow_source(frames, map.clone())
        .expect("first source");
    assert_eq!(heap.set_grow_source(frames, map), Err(Errno::EBUSY));
    let chunk = layout(8 * KIB, 8);
    let blocks: Vec<_> = (0..20).map(|_| take(&heap, chunk)).collect();
    // 48 KiB of boot heap hold 6 chunks; the rest came from one growth of GROW_MIN_BYTES.
    assert_eq!(
        blocks
            .iter()
            .filter(|&&block| boot.contains(block, 8 * KIB))
            .count(),
        6
    );
    assert!(blocks[6..]
        .iter()
        .all(|&block| ram.contains(block, 8 * KIB)));
    assert_eq!(heap.stats().grown_bytes, GROW_MIN_BYTES);
    assert_eq!(frames.stats().free_frames, 1024 - GROW_MIN_BYTES / 4096);
    // A request bigger than the minimum growth grows by its own block, aligned.
    let big = take(&heap, layout(1 << 20, 1 << 20));
    assert_eq!(big as usize % (1 << 20), 0);
    assert!(ram.contains(big, 1 << 20));
    assert_eq!(heap.stats().grown_bytes, GROW_MIN_BYTES + (1 << 20));
    // More than the frames can give: null, and nothing lost.
    let free_before = frames.stats().free_frames;
    // SAFETY: non-zero size.
    assert!(unsafe { heap.alloc(layout(4 << 20, 8)) }.is_null());
    assert_eq!(frames.stats().free_frames, free_before);
}

#[test]
fn inside_the_frame_lock_the_heap_uses_its_reserve_instead_of_growing() {
    let boot = HostRam::new(64 * KIB, 64 * KIB);
    let ram = HostRam::new(1 << 20, 1 << 20);
    let heap = heap_on(&boot);
    let (frames, map) = frames_over(&ram);
    heap.set_grow_source(frames, map).expect("source");
    // Fill the main heap (48 KiB) without growing.
    let page = layout(4096, 4096);
    let _held: Vec<_> = (0..12).map(|_| take(&heap, page)).collect();
    let scope = FrameLockScope::enter();
    let small = take(&heap, layout(64, 8));
    // The reserve is the first quarter of the boot region.
    assert!((boot.addr()..boot.addr() + 16 * KIB).contains(&(small as usize)));
    assert_eq!(heap.stats().grown_bytes, 0);
    assert_eq!(frames.stats().free_frames, 256);
    // SAFETY: returned by `alloc` with this layout.
    unsafe { heap.dealloc(small, layout(64, 8)) };
    drop(scope);
    // Outside the scope the same request grows the heap.
    let grown = take(&heap, layout(64, 8));
    assert!(ram.contains(grown, 64));
}

/// A grow source that, like the buddy allocator's lists, allocates from the heap it feeds while
/// holding its own lock; re-entering that lock would deadlock a real CPU, so it panics here.
struct HeapHungryFrames {
    heap: &'static KernelHeap,
    inner: &'static BuddyFrameAllocator,
    lock: spin::Mutex<Vec<usize>>,
}

impl FrameAllocator for HeapHungryFrames {
    fn alloc(&self, count: usize) -> Result<PhysAddr, Errno> {
        let mut nodes = self
            .lock
            .try_lock()
            .expect("frame lock re-entered: would deadlock");
        // SAFETY: non-zero size.
        let node = unsafe { self.heap.alloc(layout(64, 8)) };
        assert!(!node.is_null(), "bookkeeping allocation failed");
        nodes.push(node as usize);
        self.inner.alloc(count)
    }

    fn free(&self, start: PhysAddr, count: usize) {
        self.inner.free(start, count);
    }

    fn stats(&self) -> FrameStats {
        self.inner.stats()
    }
}

#[test]
fn a_grow_source_that_allocates_from_the_heap_does_not_deadlock() {
    let boot = HostRam::new(64 * KIB, 64 * KIB);
    let ram = HostRam::new(1 << 20, 1 << 20);
    let heap: &'static KernelHeap = Box::leak(Box::new(heap_on(&boot)));
    // Fill every word of the main heap first, so the bookkeeping allocation cannot come from it.
    let word = layout(8, 8);
    // SAFETY: non-zero size.
    while !unsafe { heap.alloc(word) }.is_null() {}
    let (inner, map) = frames_over(&ram);
    let frames = Box::leak(Box::new(HeapHungryFrames {
        heap,
        inner,
        lock: spin::Mutex::new(Vec::new()),
    }));
    heap.set_grow_source(frames, map).expect("source");
    let block = take(heap, layout(128, 8));
    assert!(ram.contains(block, 128));
    let nodes = frames.lock.lock();
    assert_eq!(nodes.len(), 1);
    assert!(
        (boot.addr()..boot.addr() + 16 * KIB).contains(&nodes[0]),
        "node from the reserve"
    );
}
