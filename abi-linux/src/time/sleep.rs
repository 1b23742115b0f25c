//! `nanosleep` and `clock_nanosleep`.

use super::clock::Timespec;
use crate::args::{ClockId, UserPtr};
use crate::context::{write_user, SyscallContext};
use kernel_core::Errno;

const CLOCK_REALTIME: i32 = 0;
const CLOCK_MONOTONIC: i32 = 1;
const CLOCK_BOOTTIME: i32 = 7;
/// `clock_nanosleep`'s flag: `request` is an absolute time.
const TIMER_ABSTIME: u64 = 1;

/// Reads and validates a `struct timespec` request (`EINVAL` for a negative or unnormalised one).
fn read_request(ctx: &dyn SyscallContext, at: UserPtr<Timespec>) -> Result<u64, Errno> {
    let mut bytes = [0u8; 16];
    ctx.user().copy_in(at.addr, &mut bytes)?;
    let sec = i64::from_le_bytes(bytes[..8].try_into().unwrap_or_default());
    let nsec = i64::from_le_bytes(bytes[8..].try_into().unwrap_or_default());
    if sec < 0 || !(0..1_000_000_000).contains(&nsec) {
        return Err(Errno::EINVAL);
    }
    Ok((sec as u64)
        .saturating_mul(1_000_000_000)
        .saturating_add(nsec as u64))
}

/// Sleeps until `deadline`; on `EINTR` writes the time left to `remaining` when given.
fn sleep(
    ctx: &dyn SyscallContext,
    deadline: u64,
    remaining: Option<UserPtr<Timespec>>,
) -> Result<usize, Errno> {
    match ctx.sleep_until_ns(deadline) {
        Ok(()) => Ok(0),
        Err(Errno::EINTR) => {
            if let Some(remaining) = remaining.filter(|r| !r.is_null()) {
                let left = deadline.saturating_sub(ctx.time().uptime_ns());
                write_user(ctx, remaining, &Timespec::from_nanos(left))?;
            }
            Err(Errno::EINTR)
        }
        Err(error) => Err(error),
    }
}

/// `nanosleep(request, remaining)`.
pub fn nanosleep(
    ctx: &dyn SyscallContext,
    request: UserPtr<Timespec>,
    remaining: UserPtr<Timespec>,
) -> Result<usize, Errno> {
    let duration = read_request(ctx, request)?;
    sleep(
        ctx,
        ctx.time().uptime_ns().saturating_add(duration),
        Some(remaining),
    )
}

/// `clock_nanosleep(clock, flags, request, remaining)`: the monotonic clocks and
/// CLOCK_REALTIME (an absolute wall time is turned into uptime).
pub fn clock_nanosleep(
    ctx: &dyn SyscallContext,
    clock: ClockId,
    flags: u64,
    request: UserPtr<Timespec>,
    remaining: UserPtr<Timespec>,
) -> Result<usize, Errno> {
    if !matches!(clock.0, CLOCK_REALTIME | CLOCK_MONOTONIC | CLOCK_BOOTTIME) {
        return Err(Errno::EINVAL);
    }
    let value = read_request(ctx, request)?;
    if flags & TIMER_ABSTIME != 0 {
        // The wall clock's absolute time, on the uptime axis the sleep runs on.
        let value = if clock.0 == CLOCK_REALTIME {
            let offset = ctx
                .time()
                .realtime_ns()
                .saturating_sub(ctx.time().uptime_ns());
            value.saturating_sub(offset)
        } else {
            value
        };
        // An absolute sleep is not interrupted-with-remainder: Linux leaves `remaining` alone.
        sleep(ctx, value, None)
    } else {
        sleep(
            ctx,
            ctx.time().uptime_ns().saturating_add(value),
            Some(remaining),
        )
    }
}
