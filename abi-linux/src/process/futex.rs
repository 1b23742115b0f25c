//! `futex(uaddr, op, val, timeout, uaddr2, val3)`: wait and wake, what thread joins, mutexes
//! and condition variables need (`FUTEX_WAIT`, `FUTEX_WAKE` and their bitset forms, where any
//! non-zero bitset is taken as "match any").

use crate::args::UserPtr;
use crate::context::SyscallContext;
use kernel_core::{Errno, UserAddr};

/// `FUTEX_WAIT`.
const FUTEX_WAIT: u32 = 0;
/// `FUTEX_WAKE`.
const FUTEX_WAKE: u32 = 1;
/// `FUTEX_WAIT_BITSET`: the timeout is absolute.
const FUTEX_WAIT_BITSET: u32 = 9;
/// `FUTEX_WAKE_BITSET`.
const FUTEX_WAKE_BITSET: u32 = 10;
/// `FUTEX_PRIVATE_FLAG`.
const FUTEX_PRIVATE_FLAG: u32 = 128;
/// `FUTEX_CLOCK_REALTIME`.
const FUTEX_CLOCK_REALTIME: u32 = 256;

/// Reads a `struct timespec` as nanoseconds; `EINVAL` for a bad one.
fn timespec_ns(ctx: &dyn SyscallContext, at: UserPtr<u8>) -> Result<u64, Errno> {
    let mut bytes = [0u8; 16];
    ctx.user().copy_in(at.addr, &mut bytes)?;
    let mut sec = [0u8; 8];
    let mut nsec = [0u8; 8];
    sec.copy_from_slice(&bytes[..8]);
    nsec.copy_from_slice(&bytes[8..]);
    let (sec, nsec) = (i64::from_le_bytes(sec), i64::from_le_bytes(nsec));
    if sec < 0 || !(0..1_000_000_000).contains(&nsec) {
        return Err(Errno::EINVAL);
    }
    Ok((sec as u64)
        .saturating_mul(1_000_000_000)
        .saturating_add(nsec as u64))
}

/// `futex`.
pub fn futex(
    ctx: &dyn SyscallContext,
    uaddr: u64,
    op: u32,
    val: u32,
    timeout: UserPtr<u8>,
    _uaddr2: u64,
    val3: u32,
) -> Result<usize, Errno> {
    let calls = ctx.process_calls().ok_or(Errno::ENOSYS)?;
    let command = op & !(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
    if op & FUTEX_CLOCK_REALTIME != 0 && command != FUTEX_WAIT_BITSET {
        return Err(Errno::ENOSYS);
    }
    let address = UserAddr::new(uaddr);
    match command {
        FUTEX_WAIT | FUTEX_WAIT_BITSET => {
            if command == FUTEX_WAIT_BITSET && val3 == 0 {
                return Err(Errno::EINVAL);
            }
            let deadline = if timeout.is_null() {
                None
            } else {
                let ns = timespec_ns(ctx, timeout)?;
                // Lichen's wall and monotonic clocks both count from boot.
                Some(match command {
                    FUTEX_WAIT => ctx.time().uptime_ns().saturating_add(ns),
                    _ => ns,
                })
            };
            calls.futex_wait(address, val, deadline).map(|()| 0)
        }
        FUTEX_WAKE | FUTEX_WAKE_BITSET => {
            if command == FUTEX_WAKE_BITSET && val3 == 0 {
                return Err(Errno::EINVAL);
            }
            Ok(calls.futex_wake(address, val))
        }
        _ => Err(Errno::ENOSYS),
    }
}
