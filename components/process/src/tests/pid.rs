//! `alloc_pid` order: 1 first, increasing, wrap to `RESERVED_PIDS`, skip used, `EAGAIN`.

use super::pid;
use crate::pid::{PidAllocator, PID_MAX_DEFAULT, RESERVED_PIDS};
use kernel_core::Errno;

#[test]
fn defaults_are_linux_values() {
    // include/linux/threads.h: PID_MAX_DEFAULT 0x8000; kernel/pid.c: RESERVED_PIDS 300.
    assert_eq!(PID_MAX_DEFAULT, 32768);
    assert_eq!(RESERVED_PIDS, 300);
    assert_eq!(PidAllocator::new().pid_max(), 32768);
}

#[test]
fn first_pid_is_one_then_increasing() {
    let mut pids = PidAllocator::new();
    assert_eq!(pids.allocate(), Ok(pid(1)));
    assert_eq!(pids.allocate(), Ok(pid(2)));
    assert_eq!(pids.allocate(), Ok(pid(3)));
}

#[test]
fn freed_pids_are_not_reused_before_wrapping() {
    let mut pids = PidAllocator::new();
    for _ in 0..5 {
        pids.allocate().unwrap();
    }
    pids.release(pid(2));
    assert_eq!(pids.allocate(), Ok(pid(6)));
}

#[test]
fn wraps_to_reserved_pids_and_skips_used_ones() {
    let mut pids = PidAllocator::with_pid_max(400);
    for expected in 1..400 {
        assert_eq!(pids.allocate(), Ok(pid(expected)));
    }
    // Full: every ID in 1..400 is taken.
    assert_eq!(pids.allocate(), Err(Errno::EAGAIN));
    pids.release(pid(5)); // below RESERVED_PIDS: never reused after the first wrap
    assert_eq!(pids.allocate(), Err(Errno::EAGAIN));
    pids.release(pid(301));
    pids.release(pid(350));
    assert_eq!(pids.allocate(), Ok(pid(301)));
    assert_eq!(pids.allocate(), Ok(pid(350)));
    assert_eq!(pids.allocate(), Err(Errno::EAGAIN));
}

#[test]
fn once_past_300_the_wrap_minimum_is_300() {
    let mut pids = PidAllocator::with_pid_max(301);
    for expected in 1..301 {
        assert_eq!(pids.allocate(), Ok(pid(expected)));
    }
    pids.release(pid(7));
    // The cursor is 301, above RESERVED_PIDS: the minimum is 300, so 7 is not found.
    assert_eq!(pids.allocate(), Err(Errno::EAGAIN));
    pids.release(pid(300));
    assert_eq!(pids.allocate(), Ok(pid(300)));
}

#[test]
fn pid_max_is_clamped_to_linux_range() {
    assert_eq!(PidAllocator::with_pid_max(10).pid_max(), 301);
    assert_eq!(
        PidAllocator::with_pid_max(u32::MAX).pid_max(),
        4 * 1024 * 1024
    );
}
