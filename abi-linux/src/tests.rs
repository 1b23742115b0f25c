//! Host tests: dispatch through the table with a mock context.

extern crate std;

use crate::args::{Fd, FromArg};
use crate::context::{SyscallContext, UserMemory};
use crate::table::{dispatch, nr, SYSCALLS};
use core::cell::{Cell, RefCell};
use kernel_core::services::time::TimeService;
use kernel_core::{Errno, UserAddr};
use std::vec;
use std::vec::Vec;

/// User memory: one mapped window at `base`; everything else faults.
struct Window {
    base: u64,
    bytes: RefCell<Vec<u8>>,
}

impl Window {
    fn range(&self, at: UserAddr, len: usize) -> Result<core::ops::Range<usize>, Errno> {
        let start = at.as_u64().checked_sub(self.base).ok_or(Errno::EFAULT)? as usize;
        let end = start.checked_add(len).ok_or(Errno::EFAULT)?;
        if end > self.bytes.borrow().len() {
            return Err(Errno::EFAULT);
        }
        Ok(start..end)
    }
}

impl UserMemory for Window {
    fn copy_out(&self, to: UserAddr, bytes: &[u8]) -> Result<(), Errno> {
        let range = self.range(to, bytes.len())?;
        self.bytes.borrow_mut()[range].copy_from_slice(bytes);
        Ok(())
    }
    fn copy_in(&self, from: UserAddr, buffer: &mut [u8]) -> Result<(), Errno> {
        let range = self.range(from, buffer.len())?;
        buffer.copy_from_slice(&self.bytes.borrow()[range]);
        Ok(())
    }
}

struct Clock;

impl TimeService for Clock {
    fn uptime_ns(&self) -> u64 {
        3_250_000_123
    }
    fn ticks_on(&self, _cpu: usize) -> u64 {
        0
    }
    fn tick_hz(&self) -> u32 {
        100
    }
}

struct Ctx {
    memory: Window,
    yields: Cell<u32>,
}

impl SyscallContext for Ctx {
    fn user(&self) -> &dyn UserMemory {
        &self.memory
    }
    fn time(&self) -> &dyn TimeService {
        &Clock
    }
    fn yield_now(&self) {
        self.yields.set(self.yields.get() + 1);
    }
    fn exit_group(&self, status: i32) -> ! {
        std::panic::panic_any(ExitCalled(status))
    }
}

/// What the mock's `exit_group` unwinds with.
struct ExitCalled(i32);

fn ctx() -> Ctx {
    Ctx {
        memory: Window {
            base: 0x1000,
            bytes: RefCell::new(vec![0xaa; 64]),
        },
        yields: Cell::new(0),
    }
}

#[test]
fn clock_gettime_writes_a_linux_timespec() {
    let ctx = ctx();
    assert_eq!(
        dispatch(&ctx, nr::clock_gettime, [1, 0x1008, 0, 0, 0, 0]),
        0
    );
    let bytes = ctx.memory.bytes.borrow();
    assert_eq!(&bytes[8..16], &3i64.to_le_bytes());
    assert_eq!(&bytes[16..24], &250_000_123i64.to_le_bytes());
    assert_eq!(bytes[7], 0xaa, "nothing written before the struct");
}

#[test]
fn errors_become_negative_errno_in_one_place() {
    let ctx = ctx();
    assert_eq!(
        dispatch(&ctx, nr::clock_gettime, [1, 0xdead_0000, 0, 0, 0, 0]),
        -14
    ); // EFAULT
    assert_eq!(
        dispatch(&ctx, nr::clock_gettime, [1, 0x1000 + 60, 0, 0, 0, 0]),
        -14
    ); // straddles the end
    assert_eq!(
        dispatch(&ctx, nr::clock_gettime, [99, 0x1000, 0, 0, 0, 0]),
        -22
    ); // EINVAL
}

#[test]
fn unknown_numbers_are_enosys_and_reported_once() {
    let ctx = ctx();
    assert_eq!(dispatch(&ctx, 400, [0; 6]), -38);
    assert!(
        !crate::unknown::first_time(400),
        "second report of 400 must be silent"
    );
    assert_eq!(dispatch(&ctx, usize::MAX, [0; 6]), -38);
}

#[test]
fn sched_yield_calls_the_scheduler() {
    let ctx = ctx();
    assert_eq!(dispatch(&ctx, nr::sched_yield, [0; 6]), 0);
    assert_eq!(ctx.yields.get(), 1);
}

#[test]
fn table_metadata_matches_the_rows() {
    let clock = SYSCALLS.iter().find(|s| s.name == "clock_gettime").unwrap();
    assert_eq!(clock.number, 113);
    assert_eq!(clock.args, ["clock", "tp"]);
    assert_eq!(clock.handler, "time::clock_gettime");
    let mut numbers: Vec<usize> = SYSCALLS.iter().map(|s| s.number).collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), SYSCALLS.len(), "each number appears once");
}

#[test]
fn fd_arguments_are_ints() {
    assert_eq!(Fd::from_arg(3), Ok(Fd(3)));
    assert_eq!(Fd::from_arg(0xffff_ffff), Err(Errno::EBADF)); // -1
    assert_eq!(Fd::from_arg(0x1_0000_0005), Ok(Fd(5))); // upper half ignored, as Linux does
}

#[test]
fn exit_group_passes_the_int_status_and_does_not_return() {
    let ctx = ctx();
    let outcome = std::panic::catch_unwind(core::panic::AssertUnwindSafe(|| {
        dispatch(&ctx, nr::exit_group, [0xffff_ffff_0000_0107, 0, 0, 0, 0, 0])
    }));
    let payload = outcome.expect_err("exit_group returned");
    assert_eq!(
        payload.downcast_ref::<ExitCalled>().map(|e| e.0),
        Some(0x107)
    );
}
