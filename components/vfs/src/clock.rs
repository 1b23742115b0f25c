//! Wall-clock time for timestamps: the boot epoch plus the time service's uptime.

use alloc::sync::Arc;
use kernel_core::services::time::TimeService;
use kernel_core::services::vfs::Timespec;

/// The clock file timestamps come from.
///
/// Wall time is `boot_epoch_ns + uptime_ns()`: the board supplies the epoch (from an RTC, or 0
/// for 1970 as Linux without one). A realtime clock that `clock_settime` can move would replace
/// the fixed epoch (see `docs/contracts/vfs.md`).
#[derive(Clone)]
pub struct WallClock {
    time: Arc<dyn TimeService>,
    boot_epoch_ns: u64,
}

impl WallClock {
    /// A clock reading `boot_epoch_ns` nanoseconds after the Unix epoch at uptime 0.
    pub fn new(time: Arc<dyn TimeService>, boot_epoch_ns: u64) -> Self {
        Self {
            time,
            boot_epoch_ns,
        }
    }

    /// The current time.
    pub fn now(&self) -> Timespec {
        Timespec::from_nanos(self.boot_epoch_ns.saturating_add(self.time.uptime_ns()))
    }

    /// Nanoseconds since boot (for seeding).
    pub fn uptime_ns(&self) -> u64 {
        self.time.uptime_ns()
    }
}

/// Linux's `relatime` rule: update the access time only if it is not newer than the
/// modification or change time, or is a day old.
pub(crate) fn relatime_needs_update(
    atime: Timespec,
    mtime: Timespec,
    ctime: Timespec,
    now: Timespec,
) -> bool {
    if atime == now {
        return false;
    }
    mtime >= atime || ctime >= atime || now.sec.saturating_sub(atime.sec) >= 24 * 60 * 60
}
