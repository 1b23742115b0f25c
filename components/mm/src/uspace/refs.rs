//! Frame reference counts for pages shared between mappings (copy-on-write after fork, shared
//! anonymous memory).
//!
//! Every user frame starts with one reference, held by whoever allocated it; only counts above
//! one are stored, so the table stays as small as the sharing is.

use alloc::collections::BTreeMap;
use kernel_core::PhysAddr;

/// Reference counts above one, by frame.
#[derive(Debug, Default)]
pub(crate) struct FrameRefs {
    extra: BTreeMap<u64, u64>,
}

impl FrameRefs {
    /// Adds a reference to `frame`.
    pub(crate) fn share(&mut self, frame: PhysAddr) {
        let count = self.extra.entry(frame.as_u64()).or_insert(1);
        *count += 1;
    }

    /// Drops a reference; `true` when it was the last and the frame must be freed.
    pub(crate) fn release(&mut self, frame: PhysAddr) -> bool {
        match self.extra.get_mut(&frame.as_u64()) {
            None => true,
            Some(count) => {
                *count -= 1;
                if *count <= 1 {
                    self.extra.remove(&frame.as_u64());
                }
                false
            }
        }
    }

    /// Whether more than one reference exists.
    pub(crate) fn is_shared(&self, frame: PhysAddr) -> bool {
        self.extra.contains_key(&frame.as_u64())
    }

    /// The number of references (1 for a frame not in the table).
    pub(crate) fn count(&self, frame: PhysAddr) -> u64 {
        self.extra.get(&frame.as_u64()).copied().unwrap_or(1)
    }

    /// How many frames are shared.
    pub(crate) fn shared_frames(&self) -> usize {
        self.extra.len()
    }
}
