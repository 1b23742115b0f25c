//! Waiting on many descriptors and the event objects: `ppoll`, `pselect6`, `epoll_*`,
//! `eventfd2`, `timerfd_*`, `signalfd4`.

mod epoll;
mod objects;
mod poll;
mod select;

pub use epoll::{epoll_create1, epoll_ctl, epoll_pwait};
pub use objects::{eventfd2, signalfd4, timerfd_create, timerfd_gettime, timerfd_settime};
pub use poll::ppoll;
pub use select::pselect6;

use crate::args::UserPtr;
use crate::context::SyscallContext;
use kernel_core::Errno;

/// Nanoseconds per second.
const NANOS: u64 = 1_000_000_000;

/// Reads a `struct timespec` (`EINVAL` for a negative or unnormalised one) as nanoseconds.
pub(crate) fn read_timespec(ctx: &dyn SyscallContext, at: UserPtr<u8>) -> Result<u64, Errno> {
    let mut bytes = [0u8; 16];
    ctx.user().copy_in(at.addr, &mut bytes)?;
    let mut sec = [0u8; 8];
    let mut nsec = [0u8; 8];
    sec.copy_from_slice(&bytes[..8]);
    nsec.copy_from_slice(&bytes[8..]);
    let (sec, nsec) = (i64::from_le_bytes(sec), i64::from_le_bytes(nsec));
    if sec < 0 || !(0..NANOS as i64).contains(&nsec) {
        return Err(Errno::EINVAL);
    }
    Ok((sec as u64)
        .saturating_mul(NANOS)
        .saturating_add(nsec as u64))
}

/// The `struct timespec` bytes of `nanos`.
pub(crate) fn timespec_bytes(nanos: u64) -> [u8; 16] {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&(nanos / NANOS).to_le_bytes());
    bytes[8..].copy_from_slice(&(nanos % NANOS).to_le_bytes());
    bytes
}

/// The absolute deadline of an optional relative timeout at `at` (null: none).
fn deadline_of(ctx: &dyn SyscallContext, at: UserPtr<u8>) -> Result<Option<u64>, Errno> {
    if at.is_null() {
        return Ok(None);
    }
    let timeout = read_timespec(ctx, at)?;
    Ok(Some(ctx.time().uptime_ns().saturating_add(timeout)))
}

/// Installs the temporary signal mask at `mask` (8 bytes; `sigsetsize` must be 8).
fn begin_mask(ctx: &dyn SyscallContext, mask: UserPtr<u8>, sigsetsize: u64) -> Result<bool, Errno> {
    if mask.is_null() {
        return Ok(false);
    }
    if sigsetsize != 8 {
        return Err(Errno::EINVAL);
    }
    let mut bytes = [0u8; 8];
    ctx.user().copy_in(mask.addr, &mut bytes)?;
    ctx.set_temporary_mask(u64::from_le_bytes(bytes))?;
    Ok(true)
}

/// Waits with the temporary mask of `begin_mask` in place, then ends it: kept for the
/// handler when a signal interrupted the wait.
fn wait_masked<R>(
    ctx: &dyn SyscallContext,
    masked: bool,
    wait: impl FnOnce() -> Result<R, Errno>,
) -> Result<R, Errno> {
    let result = wait();
    if masked {
        ctx.end_temporary_mask(matches!(result, Err(Errno::EINTR)));
    }
    result
}
