//! The kernel heap: a buddy heap that starts on a boot region and grows with frames.
//!
//! This module alone in the crate uses `unsafe`: `GlobalAlloc` is an unsafe trait, and handing
//! memory regions to the buddy heap is an unsafe promise.
#![allow(unsafe_code)]

use crate::reentry::{frame_lock_held, FrameLockScope};
use buddy_system_allocator::Heap;
use core::alloc::{GlobalAlloc, Layout};
use core::ptr::{null_mut, NonNull};
use kernel_core::cap::MemoryMap;
use kernel_core::services::mm::FrameAllocator;
use kernel_core::sync::{IrqSpinLock, Once};
use kernel_core::{Errno, VirtAddr, PAGE_SIZE};

/// Buddy orders of the heap: blocks of up to 2^(HEAP_ORDER - 1) bytes (2 GiB).
const HEAP_ORDER: usize = 32;
/// The largest single allocation the heap can serve.
pub const MAX_HEAP_BLOCK_BYTES: usize = 1 << (HEAP_ORDER - 1);
/// The least the heap grows by at once.
pub const GROW_MIN_BYTES: usize = 256 * 1024;
/// The most of the boot region set aside as the reserve (see [`KernelHeap`]).
pub const RESERVE_MAX_BYTES: usize = 32 * 1024;

/// The kernel's global allocator.
///
/// Install it with `#[global_allocator] static HEAP: mm::KernelHeap = mm::KernelHeap::new();`,
/// give it its boot region with [`KernelHeap::init`], and once a frame allocator exists, let it
/// grow with [`KernelHeap::set_grow_source`]. A failed allocation returns null (the kernel's
/// allocation-error handler reports it); the allocator itself never panics. Its lock masks
/// interrupts, so interrupt handlers may allocate.
///
/// The buddy frame allocator keeps its free lists on this heap. To keep the two from waiting on
/// each other, the heap never grows while the calling CPU is inside the frame allocator (or
/// already growing the heap); such requests, when the heap is out of memory, are served from a
/// small reserve carved from the boot region.
pub struct KernelHeap {
    state: IrqSpinLock<HeapState>,
    grow: Once<GrowSource>,
}

struct HeapState {
    main: Heap<HEAP_ORDER>,
    reserve: Heap<HEAP_ORDER>,
    /// The reserve's address range, to send frees back to the right heap.
    reserve_range: core::ops::Range<usize>,
    reserve_carved: bool,
    grown_bytes: usize,
}

struct GrowSource {
    frames: &'static dyn FrameAllocator,
    memory: MemoryMap,
}

/// Counters of a [`KernelHeap`], in bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HeapStats {
    /// Bytes taken by live allocations, each rounded up to its power-of-two block.
    pub in_use_bytes: usize,
    /// Bytes the live allocations asked for.
    pub requested_bytes: usize,
    /// Bytes under management (boot region, reserve and growth).
    pub total_bytes: usize,
    /// Bytes added by growing.
    pub grown_bytes: usize,
}

/// Which of the two heaps.
#[derive(Clone, Copy)]
enum Pool {
    Main,
    Reserve,
}

impl KernelHeap {
    /// An empty heap; every allocation fails until [`KernelHeap::init`].
    pub const fn new() -> Self {
        Self {
            state: IrqSpinLock::new(HeapState {
                main: Heap::new(),
                reserve: Heap::new(),
                reserve_range: 0..0,
                reserve_carved: false,
                grown_bytes: 0,
            }),
            grow: Once::new(),
        }
    }

    /// Gives the heap `[start, start + size)`. The first call also carves the reserve from it
    /// (a quarter, at most [`RESERVE_MAX_BYTES`]); later calls add more memory.
    ///
    /// # Safety
    /// The region must be writable memory that nothing else uses, now or later, and must not
    /// overlap a region given before.
    pub unsafe fn init(&self, start: VirtAddr, size: usize) {
        let begin = start.as_usize();
        let Some(end) = begin.checked_add(size) else {
            return;
        };
        let mut state = self.state.lock();
        let mut main_begin = begin;
        if !state.reserve_carved {
            let reserve_end = begin + (size / 4).min(RESERVE_MAX_BYTES);
            // SAFETY: `[begin, reserve_end)` is part of the caller's region, given to no one else.
            unsafe { add_region(&mut state.reserve, begin, reserve_end) };
            state.reserve_range = begin..reserve_end;
            state.reserve_carved = true;
            main_begin = reserve_end;
        }
        // SAFETY: the rest of the caller's region, disjoint from the reserve.
        unsafe { add_region(&mut state.main, main_begin, end) };
    }

    /// Lets the heap grow by taking frames from `frames`, reached through `memory`'s linear
    /// map. Only the first call has effect; later ones get `EBUSY`.
    ///
    /// `frames` must not allocate from this heap while holding a lock, unless it marks the CPU
    /// with the crate's frame-lock scope as [`crate::BuddyFrameAllocator`] does: the heap calls
    /// it with the mark already set, so such allocations come from the reserve.
    pub fn set_grow_source(
        &self,
        frames: &'static dyn FrameAllocator,
        memory: MemoryMap,
    ) -> Result<(), Errno> {
        let mut fresh = false;
        self.grow.call_once(|| {
            fresh = true;
            GrowSource { frames, memory }
        });
        if fresh {
            Ok(())
        } else {
            Err(Errno::EBUSY)
        }
    }

    /// Current counters.
    pub fn stats(&self) -> HeapStats {
        let state = self.state.lock();
        HeapStats {
            in_use_bytes: state.main.stats_alloc_actual() + state.reserve.stats_alloc_actual(),
            requested_bytes: state.main.stats_alloc_user() + state.reserve.stats_alloc_user(),
            total_bytes: state.main.stats_total_bytes() + state.reserve.stats_total_bytes(),
            grown_bytes: state.grown_bytes,
        }
    }

    fn alloc_from(&self, pool: Pool, layout: Layout) -> Option<NonNull<u8>> {
        let mut state = self.state.lock();
        match pool {
            Pool::Main => state.main.alloc(layout).ok(),
            Pool::Reserve => state.reserve.alloc(layout).ok(),
        }
    }

    /// Adds at least enough frames for `layout`; whether it did.
    fn grow_for(&self, layout: Layout) -> bool {
        let Some(source) = self.grow.get() else {
            return false;
        };
        let block = layout
            .size()
            .next_power_of_two()
            .max(layout.align())
            .max(size_of::<usize>());
        if block > MAX_HEAP_BLOCK_BYTES {
            return false;
        }
        let bytes = block.max(GROW_MIN_BYTES).next_multiple_of(PAGE_SIZE);
        let frame_count = bytes / PAGE_SIZE;
        // Interrupts stay masked while the CPU is marked, so it cannot migrate in between.
        let irq = kernel_core::arch::irq_save();
        let scope = FrameLockScope::enter();
        let result = source.frames.alloc(frame_count);
        drop(scope);
        kernel_core::arch::irq_restore(irq);
        let Ok(phys) = result else { return false };
        // Only RAM the memory map vouches for becomes heap.
        let inside_usable = source.memory.usable().iter().any(|range| {
            range.contains(phys.as_u64())
                && phys
                    .as_u64()
                    .checked_add(bytes as u64)
                    .is_some_and(|end| end <= range.end())
        });
        if !inside_usable {
            source.frames.free(phys, frame_count);
            return false;
        }
        let start = source.memory.phys_to_virt(phys).as_usize();
        let mut state = self.state.lock();
        // SAFETY: the frames were just allocated for us alone and are never freed; the memory
        // map's contract has usable RAM mapped read-write at `phys_to_virt`.
        unsafe { add_region(&mut state.main, start, start + bytes) };
        state.grown_bytes += bytes;
        true
    }
}

impl Default for KernelHeap {
    fn default() -> Self {
        Self::new()
    }
}

/// Adds `[start, end)`, trimmed to word alignment, to `heap` if anything is left.
///
/// # Safety
/// As for [`Heap::add_to_heap`]: writable memory used by nothing else, disjoint from what the
/// heap already has.
unsafe fn add_region(heap: &mut Heap<HEAP_ORDER>, start: usize, end: usize) {
    let word = size_of::<usize>();
    let Some(start) = start.checked_next_multiple_of(word) else {
        return;
    };
    let end = end - end % word;
    if start < end {
        // SAFETY: forwarded from the caller; the trimmed range lies inside theirs.
        unsafe { heap.add_to_heap(start, end) };
    }
}

// SAFETY: blocks come from the buddy heaps, which hand each byte to one allocation at a time and
// honour `layout`'s size and alignment; `dealloc` returns a block to the heap whose region
// holds it.
unsafe impl GlobalAlloc for KernelHeap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if let Some(block) = self.alloc_from(Pool::Main, layout) {
            return block.as_ptr();
        }
        if frame_lock_held() {
            return self
                .alloc_from(Pool::Reserve, layout)
                .map_or(null_mut(), NonNull::as_ptr);
        }
        if self.grow_for(layout) {
            if let Some(block) = self.alloc_from(Pool::Main, layout) {
                return block.as_ptr();
            }
        }
        null_mut()
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let Some(block) = NonNull::new(ptr) else {
            return;
        };
        let mut state = self.state.lock();
        if state.reserve_range.contains(&(ptr as usize)) {
            // SAFETY: the caller returns a block `alloc` gave out with this layout; it lies in
            // the reserve's region, so the reserve handed it out.
            unsafe { state.reserve.dealloc(block, layout) };
        } else {
            // SAFETY: as above; outside the reserve, so the main heap handed it out.
            unsafe { state.main.dealloc(block, layout) };
        }
    }
}
