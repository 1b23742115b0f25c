//! Physical frame allocation and the kernel heap.
//!
//! [`Mm::new`] builds the buddy frame allocator from the memory map, the one capability this
//! component receives ([`MmCaps`]). [`KernelHeap`] is the kernel's global allocator: it starts on
//! a boot region and later grows with frames from the frame allocator. The contract is written
//! in `docs/contracts/mm.md`.
#![cfg_attr(not(test), no_std)]
#![deny(unsafe_code)]
#![deny(unsafe_op_in_unsafe_fn)]

extern crate alloc;

mod frames;
mod heap;
mod reentry;
pub mod uspace;

#[cfg(test)]
#[allow(unsafe_code)] // Test code plays the board (minting) and owns host memory.
mod tests;

pub use frames::{BuddyFrameAllocator, MAX_BLOCK_FRAMES};
pub use heap::{HeapStats, KernelHeap, GROW_MIN_BYTES, MAX_HEAP_BLOCK_BYTES, RESERVE_MAX_BYTES};

use alloc::boxed::Box;
use alloc::sync::Arc;
use kernel_core::cap::MemoryMap;
use kernel_core::services::mm::FrameAllocator;
use kernel_core::Errno;

/// What the memory manager may use: the usable RAM, and nothing else.
pub struct MmCaps {
    /// Usable RAM and where the linear map shows it.
    pub memory: MemoryMap,
}

/// The memory manager: owns the frame allocator.
pub struct Mm {
    frames: Arc<BuddyFrameAllocator>,
    /// A clone of `frames` that is never dropped, for users that need `'static`.
    pinned: &'static BuddyFrameAllocator,
    memory: MemoryMap,
}

impl Mm {
    /// Builds the frame allocator over `caps.memory`. Needs a working heap (the buddy lists
    /// live there): call it after [`KernelHeap::init`].
    pub fn new(caps: MmCaps) -> Mm {
        let frames = Arc::new(BuddyFrameAllocator::new(&caps.memory));
        let pinned: &'static Arc<BuddyFrameAllocator> = Box::leak(Box::new(frames.clone()));
        Mm {
            frames,
            pinned,
            memory: caps.memory,
        }
    }

    /// The frame allocator, for components' `Caps`.
    pub fn frames(&self) -> Arc<dyn FrameAllocator> {
        self.frames.clone()
    }

    /// The same frame allocator, as a `'static` reference.
    pub fn static_frames(&self) -> &'static dyn FrameAllocator {
        self.pinned
    }

    /// Lets `heap` grow with frames from this allocator (see [`KernelHeap::set_grow_source`]);
    /// `EBUSY` if it already has a grow source.
    pub fn feed_heap(&self, heap: &KernelHeap) -> Result<(), Errno> {
        heap.set_grow_source(self.pinned, self.memory.clone())
    }
}
