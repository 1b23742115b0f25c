//! `clock_gettime`, `clock_getres` and `gettimeofday`: the monotonic family and the wall
//! clock from the kernel's time service, the CPU-time clocks from the caller's accounting.

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
const CLOCK_PROCESS_CPUTIME_ID: i32 = 2;
const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
const CLOCK_MONOTONIC_RAW: i32 = 4;
const CLOCK_REALTIME_COARSE: i32 = 5;
const CLOCK_MONOTONIC_COARSE: i32 = 6;
const CLOCK_BOOTTIME: i32 = 7;

/// The current value of `clock` in nanoseconds; `EINVAL` for an unknown id.
pub fn clock_now_ns(ctx: &dyn SyscallContext, clock: i32) -> Result<u64, Errno> {
    match clock {
        CLOCK_REALTIME | CLOCK_REALTIME_COARSE => Ok(ctx.time().realtime_ns()),
        CLOCK_MONOTONIC | CLOCK_MONOTONIC_RAW | CLOCK_MONOTONIC_COARSE | CLOCK_BOOTTIME => {
            Ok(ctx.time().uptime_ns())
        }
        CLOCK_PROCESS_CPUTIME_ID => ctx.timers().cpu_time_ns(false),
        CLOCK_THREAD_CPUTIME_ID => ctx.timers().cpu_time_ns(true),
        _ => Err(Errno::EINVAL),
    }
}

/// `clock_gettime(clockid, tp)`: the monotonic clocks count from boot, the wall clocks from
/// the epoch, the CPU-time clocks the caller's running time. Unknown ids give `EINVAL`.
pub fn clock_gettime(
    ctx: &dyn SyscallContext,
    clock: ClockId,
    tp: UserPtr<Timespec>,
) -> Result<usize, Errno> {
    let nanos = clock_now_ns(ctx, clock.0)?;
    write_user(ctx, tp, &Timespec::from_nanos(nanos))?;
    Ok(0)
}

/// `clock_getres(clockid, res)`: one nanosecond for the high-resolution clocks, a tick for
/// the coarse ones; `res` may be NULL.
pub fn clock_getres(
    ctx: &dyn SyscallContext,
    clock: ClockId,
    res: UserPtr<Timespec>,
) -> Result<usize, Errno> {
    clock_now_ns(ctx, clock.0)?;
    let resolution = match clock.0 {
        CLOCK_REALTIME_COARSE | CLOCK_MONOTONIC_COARSE => {
            1_000_000_000 / u64::from(ctx.time().tick_hz().max(1))
        }
        _ => 1,
    };
    if !res.is_null() {
        write_user(ctx, res, &Timespec::from_nanos(resolution))?;
    }
    Ok(0)
}

/// `gettimeofday(tv, tz)`: the wall clock in microseconds; the time zone is UTC (zeros).
pub fn gettimeofday(
    ctx: &dyn SyscallContext,
    tv: UserPtr<u8>,
    tz: UserPtr<u8>,
) -> Result<usize, Errno> {
    if !tv.is_null() {
        let nanos = ctx.time().realtime_ns();
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&(nanos / 1_000_000_000).to_le_bytes());
        bytes[8..].copy_from_slice(&(nanos % 1_000_000_000 / 1000).to_le_bytes());
        ctx.user().copy_out(tv.addr, &bytes)?;
    }
    if !tz.is_null() {
        ctx.user().copy_out(tz.addr, &[0u8; 8])?;
    }
    Ok(0)
}
