//! Memory services: physical frames and the kernel's own address space.

use crate::{Errno, PhysAddr, VirtAddr};

/// Counters a frame allocator reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FrameStats {
    /// Frames under the allocator's management.
    pub total_frames: usize,
    /// Frames not handed out.
    pub free_frames: usize,
}

/// Hands out physical frames (4 KiB pages).
///
/// Invariants: a block returned by `alloc(count)` is `count` contiguous frames, aligned to the
/// smallest power of two not below `count` frames, and is never returned again until freed;
/// `free` takes exactly what `alloc` returned. Exhaustion is `ENOMEM`, never a panic.
pub trait FrameAllocator: Send + Sync {
    /// Allocates `count` contiguous frames.
    fn alloc(&self, count: usize) -> Result<PhysAddr, Errno>;
    /// Returns frames obtained from `alloc` with the same `count`.
    fn free(&self, start: PhysAddr, count: usize);
    /// Current counters.
    fn stats(&self) -> FrameStats;
}

/// The kernel's half of the address space.
pub trait KernelSpace: Send + Sync {
    /// Maps device registers `[phys, phys + len)` as Device-nGnRE and returns their address.
    fn map_device(&self, phys: PhysAddr, len: usize) -> Result<VirtAddr, Errno>;
    /// Where RAM at `phys` appears in the linear map.
    fn phys_to_virt(&self, phys: PhysAddr) -> VirtAddr;
}
