//! Host tests of the time and signal rows that check arguments before reaching the kernel.

use super::{ctx, memory};
use crate::table::{dispatch, nr};
use kernel_core::Errno;

const EINVAL: isize = Errno::EINVAL.as_syscall_return();

#[test]
fn clock_getres_reports_a_nanosecond_and_accepts_null() {
    let ctx = ctx();
    assert_eq!(dispatch(&ctx, nr::clock_getres, [1, 0, 0, 0, 0, 0]), 0);
    assert_eq!(
        dispatch(&ctx, nr::clock_getres, [100, 0x1000, 0, 0, 0, 0]),
        EINVAL
    );
    assert_eq!(dispatch(&ctx, nr::clock_getres, [1, 0x1000, 0, 0, 0, 0]), 0);
    let bytes = memory(&ctx, 0x1000..0x1010);
    assert_eq!(&bytes[..8], &0i64.to_le_bytes());
    assert_eq!(&bytes[8..], &1i64.to_le_bytes());
}

#[test]
fn gettimeofday_writes_microseconds_and_a_utc_zone() {
    let ctx = ctx();
    assert_eq!(
        dispatch(&ctx, nr::gettimeofday, [0x1000, 0x1010, 0, 0, 0, 0]),
        0
    );
    let bytes = memory(&ctx, 0x1000..0x1018);
    assert_eq!(&bytes[..8], &3i64.to_le_bytes());
    assert_eq!(&bytes[8..16], &250_000i64.to_le_bytes());
    assert_eq!(&bytes[16..24], &[0; 8]);
    assert_eq!(
        dispatch(&ctx, nr::gettimeofday, [8, 0, 0, 0, 0, 0]),
        Errno::EFAULT.as_syscall_return()
    );
}

#[test]
fn itimer_and_rusage_reject_bad_arguments_first() {
    let ctx = ctx();
    assert_eq!(
        dispatch(&ctx, nr::setitimer, [99, 0x1000, 0, 0, 0, 0]),
        EINVAL
    );
    assert_eq!(
        dispatch(&ctx, nr::getitimer, [3, 0x1000, 0, 0, 0, 0]),
        EINVAL
    );
    // it_value.tv_usec = 2_000_000 is not normalised.
    let mut itimerval = [0u8; 32];
    itimerval[24..].copy_from_slice(&2_000_000i64.to_le_bytes());
    ctx.space
        .lock()
        .copy_out(kernel_core::UserAddr::new(0x1000), &itimerval)
        .unwrap();
    assert_eq!(
        dispatch(&ctx, nr::setitimer, [0, 0x1000, 0, 0, 0, 0]),
        EINVAL
    );
    assert_eq!(
        dispatch(&ctx, nr::getrusage, [99, 0x1000, 0, 0, 0, 0]),
        EINVAL
    );
}

#[test]
fn signal_set_sizes_are_checked() {
    let ctx = ctx();
    assert_eq!(
        dispatch(&ctx, nr::rt_sigpending, [0x1000, 16, 0, 0, 0, 0]),
        EINVAL
    );
    assert_eq!(
        dispatch(&ctx, nr::rt_sigtimedwait, [0x1000, 0, 0, 4, 0, 0]),
        EINVAL
    );
    assert_eq!(
        dispatch(&ctx, nr::rt_sigsuspend, [0x1000, 4, 0, 0, 0, 0]),
        EINVAL
    );
    // A timeout with tv_nsec out of range.
    let mut timeout = [0u8; 16];
    timeout[8..].copy_from_slice(&1_000_000_000i64.to_le_bytes());
    ctx.space
        .lock()
        .copy_out(kernel_core::UserAddr::new(0x1010), &timeout)
        .unwrap();
    assert_eq!(
        dispatch(&ctx, nr::rt_sigtimedwait, [0x1000, 0, 0x1010, 8, 0, 0]),
        EINVAL
    );
}
