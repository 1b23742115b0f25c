//! Anonymous device numbers (`0:N`) for file systems without a backing device.

use core::sync::atomic::{AtomicU32, Ordering};
use kernel_core::services::vfs::DeviceId;

/// Hands out `0:1`, `0:2`... as Linux's `get_anon_bdev` does.
pub(crate) struct AnonDevices {
    next_minor: AtomicU32,
}

impl AnonDevices {
    /// Starts at `0:1`.
    pub fn new() -> Self {
        Self {
            next_minor: AtomicU32::new(1),
        }
    }

    /// A fresh device number.
    pub fn allocate(&self) -> DeviceId {
        DeviceId::new(0, self.next_minor.fetch_add(1, Ordering::Relaxed))
    }
}
