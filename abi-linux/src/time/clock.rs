//! `clock_gettime`: the monotonic family from the kernel's time service.

use crate::args::{ClockId, UserPtr};
use crate::context::{write_user, SyscallContext, UserBytes};
use kernel_core::Errno;

/// Linux's `struct timespec` on AArch64: two 64-bit fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timespec {
    /// Seconds.
    pub tv_sec: i64,
    /// Nanoseconds, 0..1e9.
    pub tv_nsec: i64,
}

impl Timespec {
    /// From a nanosecond count.
    pub const fn from_nanos(nanos: u64) -> Self {
        Self {
            tv_sec: (nanos / 1_000_000_000) as i64,
            tv_nsec: (nanos % 1_000_000_000) as i64,
        }
    }
}

impl UserBytes for Timespec {
    fn with_bytes<R>(&self, write: impl FnOnce(&[u8]) -> R) -> R {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.tv_sec.to_le_bytes());
        bytes[8..].copy_from_slice(&self.tv_nsec.to_le_bytes());
        write(&bytes)
    }
}

const CLOCK_REALTIME: i32 = 0;
const CLOCK_MONOTONIC: i32 = 1;
const CLOCK_MONOTONIC_RAW: i32 = 4;
const CLOCK_REALTIME_COARSE: i32 = 5;
const CLOCK_MONOTONIC_COARSE: i32 = 6;
const CLOCK_BOOTTIME: i32 = 7;

/// `clock_gettime(clockid, tp)`: the monotonic clocks count from boot; without an RTC driver
/// yet, the wall clocks count from the Unix epoch at boot (as a Linux without RTC does).
/// Unknown ids give `EINVAL`.
pub fn clock_gettime(
    ctx: &dyn SyscallContext,
    clock: ClockId,
    tp: UserPtr<Timespec>,
) -> Result<usize, Errno> {
    let nanos = match clock.0 {
        CLOCK_REALTIME
        | CLOCK_REALTIME_COARSE
        | CLOCK_MONOTONIC
        | CLOCK_MONOTONIC_RAW
        | CLOCK_MONOTONIC_COARSE
        | CLOCK_BOOTTIME => ctx.time().uptime_ns(),
        _ => return Err(Errno::EINVAL),
    };
    write_user(ctx, tp, &Timespec::from_nanos(nanos))?;
    Ok(0)
}
