//! `setitimer` and `getitimer` (glibc's `alarm` is `setitimer(ITIMER_REAL)`).

use super::cpu::{timeval_bytes, ItimerSetting, ITIMER_PROF, ITIMER_REAL, ITIMER_VIRTUAL};
use crate::args::UserPtr;
use crate::context::SyscallContext;
use kernel_core::Errno;

/// `sizeof(struct itimerval)`: interval then value, two `timeval`s.
const ITIMERVAL_SIZE: usize = 32;

/// A `struct timeval` at `bytes` in nanoseconds; `EINVAL` if negative or unnormalised.
fn timeval_ns(bytes: &[u8]) -> Result<u64, Errno> {
    let sec = i64::from_le_bytes(bytes[..8].try_into().unwrap_or_default());
    let usec = i64::from_le_bytes(bytes[8..16].try_into().unwrap_or_default());
    if sec < 0 || !(0..1_000_000).contains(&usec) {
        return Err(Errno::EINVAL);
    }
    Ok((sec as u64)
        .saturating_mul(1_000_000_000)
        .saturating_add(usec as u64 * 1000))
}

/// `EINVAL` unless `which` names an interval timer.
fn check_which(which: i32) -> Result<(), Errno> {
    match which {
        ITIMER_REAL | ITIMER_VIRTUAL | ITIMER_PROF => Ok(()),
        _ => Err(Errno::EINVAL),
    }
}

/// Writes `setting` as a `struct itimerval` to `to`.
fn write_itimerval(
    ctx: &dyn SyscallContext,
    to: UserPtr<u8>,
    setting: ItimerSetting,
) -> Result<(), Errno> {
    let mut bytes = [0u8; ITIMERVAL_SIZE];
    bytes[..16].copy_from_slice(&timeval_bytes(setting.interval_ns));
    // A running timer never shows 0 left (Linux rounds the value up to 1 us).
    let value = if setting.value_ns > 0 && setting.value_ns < 1000 {
        1000
    } else {
        setting.value_ns.div_ceil(1000) * 1000
    };
    bytes[16..].copy_from_slice(&timeval_bytes(value));
    ctx.user().copy_out(to.addr, &bytes)
}

/// `getitimer(which, curr_value)`.
pub fn getitimer(ctx: &dyn SyscallContext, which: i32, value: UserPtr<u8>) -> Result<usize, Errno> {
    check_which(which)?;
    let current = ctx.timers().itimer(which, None)?;
    write_itimerval(ctx, value, current)?;
    Ok(0)
}

/// `setitimer(which, new_value, old_value)`: a NULL `new_value` disarms (as Linux 6.1).
pub fn setitimer(
    ctx: &dyn SyscallContext,
    which: i32,
    new: UserPtr<u8>,
    old: UserPtr<u8>,
) -> Result<usize, Errno> {
    check_which(which)?;
    let setting = if new.is_null() {
        ItimerSetting::default()
    } else {
        let mut bytes = [0u8; ITIMERVAL_SIZE];
        ctx.user().copy_in(new.addr, &mut bytes)?;
        ItimerSetting {
            interval_ns: timeval_ns(&bytes[..16])?,
            value_ns: timeval_ns(&bytes[16..])?,
        }
    };
    let previous = ctx.timers().itimer(which, Some(setting))?;
    if !old.is_null() {
        write_itimerval(ctx, old, previous)?;
    }
    Ok(0)
}
