//! Batched TLB invalidation and frame release: translations go first, then the frames.

use super::context::Context;
use super::vma::{Backing, Vma};
use alloc::sync::Arc;
use alloc::vec::Vec;
use kernel_core::{PhysAddr, UserAddr};

/// Work to finish after changing live entries: the range whose translations must be dropped
/// from the TLBs, and the references to drop once that is done.
#[derive(Default)]
pub(crate) struct Reclaim {
    range: Option<(u64, u64)>,
    frames: Vec<PhysAddr>,
}

impl Reclaim {
    /// Notes that entries in `[start, end)` changed or went away.
    pub(crate) fn invalidate(&mut self, start: u64, end: u64) {
        self.range = Some(match self.range {
            None => (start, end),
            Some((low, high)) => (low.min(start), high.max(end)),
        });
    }

    /// Notes a reference to drop after the invalidation.
    pub(crate) fn release(&mut self, frame: PhysAddr) {
        self.frames.push(frame);
    }

    /// Drops a VMA's hold on its backing: the last holder of a shared anonymous object
    /// releases the object's pages.
    pub(crate) fn discard(&mut self, vma: Vma) {
        if let Backing::Shared { object, .. } = vma.backing {
            if let Some(object) = Arc::into_inner(object) {
                self.frames.extend(object.pages.into_inner().into_values());
            }
        }
    }

    /// Invalidates the noted range of the tables at `root`, then drops the references.
    pub(crate) fn finish(self, context: &Context, root: PhysAddr) {
        if let Some((start, end)) = self.range {
            context
                .tlb
                .invalidate(root, UserAddr::new(start), end - start);
        }
        for frame in self.frames {
            context.release(frame);
        }
    }
}
