//! tmpfs space accounting: pages and inodes against the mount's `size=` and `nr_inodes=`.

use core::sync::atomic::{AtomicU64, Ordering};
use kernel_core::Errno;

/// A counter with a limit; taking past the limit is `ENOSPC`.
pub(crate) struct Budget {
    used: AtomicU64,
    limit: u64,
}

impl Budget {
    /// A budget of `limit` units (`u64::MAX`: unlimited).
    pub fn new(limit: u64) -> Self {
        Self {
            used: AtomicU64::new(0),
            limit,
        }
    }

    /// Takes `count` units, or fails with `ENOSPC` taking none.
    pub fn take(&self, count: u64) -> Result<(), Errno> {
        self.used
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |used| {
                used.checked_add(count).filter(|total| *total <= self.limit)
            })
            .map(|_| ())
            .map_err(|_| Errno::ENOSPC)
    }

    /// Returns `count` units.
    pub fn give(&self, count: u64) {
        self.used.fetch_sub(count, Ordering::SeqCst);
    }

    /// Units in use.
    pub fn used(&self) -> u64 {
        self.used.load(Ordering::SeqCst)
    }

    /// The limit.
    pub fn limit(&self) -> u64 {
        self.limit
    }
}
