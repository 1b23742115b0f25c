//! The physical frame allocator: a buddy system over the usable RAM of the memory map.

use crate::reentry::FrameLockScope;
use alloc::vec::Vec;
use kernel_core::cap::MemoryMap;
use kernel_core::services::mm::{FrameAllocator, FrameStats};
use kernel_core::sync::IrqSpinLock;
use kernel_core::{Errno, PhysAddr, PAGE_SIZE};

/// Buddy orders: blocks of up to 2^(ORDER - 1) frames (8 TiB).
const ORDER: usize = 32;
/// The largest block, in frames.
pub const MAX_BLOCK_FRAMES: usize = 1 << (ORDER - 1);
/// log2 of the frame size.
const FRAME_SHIFT: u32 = PAGE_SIZE.trailing_zeros();

/// Hands out physical frames with a buddy system (frame number = physical address >> 12).
///
/// A request for `count` frames takes a block of `count.next_power_of_two()` frames, aligned to
/// that size, and the counters say so. Interrupt handlers may allocate: the lock masks
/// interrupts. The buddy lists live on the kernel heap; while the lock is held the heap knows
/// (through [`FrameLockScope`]) not to grow by calling back in here.
pub struct BuddyFrameAllocator {
    inner: IrqSpinLock<Inner>,
    /// Managed frame-number ranges `[start, end)`, sorted and disjoint.
    ranges: Vec<(usize, usize)>,
}

struct Inner {
    buddy: buddy_system_allocator::FrameAllocator<ORDER>,
    total_frames: usize,
    free_frames: usize,
}

impl BuddyFrameAllocator {
    /// An allocator owning every whole frame of `memory`'s usable ranges. Ranges are trimmed
    /// inward to frame boundaries; where two overlap (a malformed DTB), the shared frames are
    /// managed once.
    pub fn new(memory: &MemoryMap) -> Self {
        let mut ranges: Vec<(usize, usize)> = memory
            .usable()
            .iter()
            .filter_map(|range| {
                let start = range.start.checked_align_up(PAGE_SIZE as u64)?.as_u64();
                let end = range.end() & !(PAGE_SIZE as u64 - 1);
                let frames = |addr: u64| usize::try_from(addr >> FRAME_SHIFT).ok();
                Some((frames(start)?, frames(end)?)).filter(|(start, end)| start < end)
            })
            .collect();
        ranges.sort_unstable();
        let mut disjoint: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
        for (start, end) in ranges {
            let start = disjoint
                .last()
                .map_or(start, |&(_, previous_end)| start.max(previous_end));
            if start < end {
                disjoint.push((start, end));
            }
        }
        let mut buddy = buddy_system_allocator::FrameAllocator::new();
        let mut total_frames = 0;
        for &(start, end) in &disjoint {
            buddy.add_frame(start, end);
            total_frames += end - start;
        }
        Self {
            inner: IrqSpinLock::new(Inner {
                buddy,
                total_frames,
                free_frames: total_frames,
            }),
            ranges: disjoint,
        }
    }

    /// Whether the block of `frames` frames at frame number `first` could have come from us.
    fn is_plausible_block(&self, first: usize, frames: usize) -> bool {
        first.is_multiple_of(frames)
            && self.ranges.iter().any(|&(start, end)| {
                first >= start && first.checked_add(frames).is_some_and(|last| last <= end)
            })
    }
}

/// Frames actually taken for a request of `count`: the next power of two, if within bounds.
fn block_frames(count: usize) -> Option<usize> {
    (1..=MAX_BLOCK_FRAMES)
        .contains(&count)
        .then(|| count.next_power_of_two())
}

impl FrameAllocator for BuddyFrameAllocator {
    fn alloc(&self, count: usize) -> Result<PhysAddr, Errno> {
        if count == 0 {
            return Err(Errno::EINVAL);
        }
        let frames = block_frames(count).ok_or(Errno::ENOMEM)?;
        let mut inner = self.inner.lock();
        let _scope = FrameLockScope::enter();
        let first = inner.buddy.alloc(count).ok_or(Errno::ENOMEM)?;
        inner.free_frames -= frames;
        Ok(PhysAddr::new((first as u64) << FRAME_SHIFT))
    }

    fn free(&self, start: PhysAddr, count: usize) {
        let block = block_frames(count)
            .filter(|_| start.is_aligned(PAGE_SIZE as u64))
            .and_then(|frames| Some((usize::try_from(start.as_u64() >> FRAME_SHIFT).ok()?, frames)))
            .filter(|&(first, frames)| self.is_plausible_block(first, frames));
        let accepted = block.is_some_and(|(first, frames)| {
            let mut inner = self.inner.lock();
            let _scope = FrameLockScope::enter();
            let fits = inner.free_frames + frames <= inner.total_frames;
            if fits {
                inner.buddy.dealloc(first, count);
                inner.free_frames += frames;
            }
            fits
        });
        if !accepted {
            log::error!("mm: ignoring free of {count} frames at {start:?}: not an allocated block");
        }
    }

    fn stats(&self) -> FrameStats {
        let inner = self.inner.lock();
        FrameStats {
            total_frames: inner.total_frames,
            free_frames: inner.free_frames,
        }
    }
}
