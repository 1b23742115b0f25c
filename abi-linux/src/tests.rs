//! Host tests: dispatch through the table with a mock context.

extern crate std;

mod fd;
mod process_calls;
mod time_signals;

use crate::args::UserPtr;
use crate::args::{Fd, FromArg};
use crate::context::{FileTable, FsContext, ProcessContext, SyscallContext};
use crate::table::{dispatch, nr, SYSCALLS};
use alloc::boxed::Box;
use alloc::sync::Arc;
use core::cell::Cell;
use kernel_core::services::mm::{
    Fault, FaultAccess, FileBacking, MapFlags, MremapFlags, Prot, UserSpace, VmaInfo,
};
use kernel_core::services::time::TimeService;
use kernel_core::services::vfs::File;
use kernel_core::sync::IrqSpinLock;
use kernel_core::{Errno, PhysAddr, UserAddr};
use std::vec;
use std::vec::Vec;

/// User memory: one mapped window at `base`; everything else faults. It is also the fake
/// address space (brk moves a number; the mmap family is out of memory).
struct Window {
    base: u64,
    bytes: Vec<u8>,
    brk: u64,
}

impl Window {
    fn range(&self, at: UserAddr, len: usize) -> Result<core::ops::Range<usize>, Errno> {
        let start = at.as_u64().checked_sub(self.base).ok_or(Errno::EFAULT)? as usize;
        let end = start.checked_add(len).ok_or(Errno::EFAULT)?;
        if end > self.bytes.len() {
            return Err(Errno::EFAULT);
        }
        Ok(start..end)
    }
}

impl UserSpace for Window {
    fn root(&self) -> PhysAddr {
        PhysAddr::new(0)
    }
    fn mmap(
        &mut self,
        _: UserAddr,
        _: u64,
        _: Prot,
        _: MapFlags,
        _: u64,
        _: Option<FileBacking>,
    ) -> Result<UserAddr, Errno> {
        Err(Errno::ENOMEM)
    }
    fn munmap(&mut self, _: UserAddr, _: u64) -> Result<(), Errno> {
        Err(Errno::EINVAL)
    }
    fn mprotect(&mut self, _: UserAddr, _: u64, _: Prot) -> Result<(), Errno> {
        Err(Errno::ENOMEM)
    }
    fn set_brk_start(&mut self, start: UserAddr) {
        self.brk = start.as_u64();
    }
    fn brk(&mut self, addr: UserAddr) -> UserAddr {
        if addr.as_u64() != 0 {
            self.brk = addr.as_u64();
        }
        UserAddr::new(self.brk)
    }
    fn mremap(
        &mut self,
        _: UserAddr,
        _: u64,
        _: u64,
        _: MremapFlags,
        _: UserAddr,
    ) -> Result<UserAddr, Errno> {
        Err(Errno::ENOMEM)
    }
    fn handle_fault(&mut self, _: UserAddr, _: FaultAccess) -> Result<(), Fault> {
        Err(Fault::OutOfMemory)
    }
    fn fork(&mut self) -> Result<Box<dyn UserSpace>, Errno> {
        Err(Errno::ENOMEM)
    }
    fn copy_in(&mut self, from: UserAddr, buffer: &mut [u8]) -> Result<(), Errno> {
        let range = self.range(from, buffer.len())?;
        buffer.copy_from_slice(&self.bytes[range]);
        Ok(())
    }
    fn copy_out(&mut self, to: UserAddr, bytes: &[u8]) -> Result<(), Errno> {
        let range = self.range(to, bytes.len())?;
        self.bytes[range].copy_from_slice(bytes);
        Ok(())
    }
    fn copy_out_frame(
        &mut self,
        to: UserAddr,
        frame: Option<PhysAddr>,
        _offset: usize,
        len: usize,
    ) -> usize {
        assert!(frame.is_none(), "the test files have no page cache");
        match self.range(to, len) {
            Ok(range) => {
                self.bytes[range].fill(0);
                len
            }
            Err(_) => 0,
        }
    }
    fn read_cstr(&mut self, at: UserAddr, max: usize) -> Result<Vec<u8>, Errno> {
        let start = self.range(at, 0)?.start;
        let tail = &self.bytes[start..];
        match tail.iter().take(max).position(|&b| b == 0) {
            Some(len) => Ok(tail[..len].to_vec()),
            None if tail.len() < max => Err(Errno::EFAULT),
            None => Err(Errno::ENAMETOOLONG),
        }
    }
    fn set_stack_limit(&mut self, _: u64) {}
    fn vmas(&self) -> Vec<VmaInfo> {
        Vec::new()
    }
    fn resident_pages(&self) -> u64 {
        0
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

struct NoFiles;

impl FileTable for NoFiles {
    fn get(&self, _fd: Fd) -> Result<Arc<dyn File>, Errno> {
        Err(Errno::EBADF)
    }
}

struct Identity;

impl ProcessContext for Identity {
    fn tid(&self) -> u32 {
        7
    }
    fn pid(&self) -> u32 {
        5
    }
    fn ppid(&self) -> u32 {
        1
    }
    fn set_clear_child_tid(&self, _address: UserPtr<u32>) {}
    fn set_robust_list(&self, _head: UserAddr, _len: usize) {}
    fn rlimit(&self, resource: u32) -> Result<(u64, u64), Errno> {
        match resource {
            3 => Ok((8 << 20, u64::MAX)),
            _ => Err(Errno::EINVAL),
        }
    }
}

struct Ctx {
    space: IrqSpinLock<Box<dyn UserSpace>>,
    yields: Cell<u32>,
}

impl SyscallContext for Ctx {
    fn space(&self) -> &IrqSpinLock<Box<dyn UserSpace>> {
        &self.space
    }
    fn files(&self) -> &dyn FileTable {
        &NoFiles
    }
    fn fs(&self) -> &dyn FsContext {
        panic!("these tests give the handlers no file system")
    }
    fn process(&self) -> &dyn ProcessContext {
        &Identity
    }
    fn time(&self) -> &dyn TimeService {
        &Clock
    }
    fn random(&self, buffer: &mut [u8]) {
        buffer.fill(0x5a);
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
    let window = Window {
        base: 0x1000,
        bytes: vec![0xaa; 64],
        brk: 0x40_0000,
    };
    Ctx {
        space: IrqSpinLock::new(Box::new(window)),
        yields: Cell::new(0),
    }
}

fn memory(ctx: &Ctx, range: core::ops::Range<u64>) -> Vec<u8> {
    let mut out = vec![0; (range.end - range.start) as usize];
    ctx.space
        .lock()
        .copy_in(UserAddr::new(range.start), &mut out)
        .unwrap();
    out
}

#[test]
fn clock_gettime_writes_a_linux_timespec() {
    let ctx = ctx();
    assert_eq!(
        dispatch(&ctx, nr::clock_gettime, [1, 0x1008, 0, 0, 0, 0]),
        0
    );
    let bytes = memory(&ctx, 0x1000..0x1040);
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
fn rt_sigreturn_is_row_139_and_reaches_the_context() {
    let ctx = ctx();
    assert_eq!(nr::rt_sigreturn, 139);
    // The mock context keeps the trait's default (no signal frames): its ENOSYS comes from
    // the context, not from the unknown-number path, which never saw 139.
    assert_eq!(dispatch(&ctx, nr::rt_sigreturn, [0; 6]), -38);
    assert!(crate::unknown::first_time(139));
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
fn every_number_linux_defines_for_arm64_has_a_row() {
    // Linux 6.1's arm64 numbers run from 0 to 450, leaving out the architecture-specific range
    // 244..=259 (unused on arm64) and 387..=423 (32-bit time calls, never on 64-bit). With
    // the numbers unique (table_metadata_matches_the_rows), the count pins the whole set.
    let defined = SYSCALLS.len();
    assert_eq!(
        defined, 306,
        "asm-generic/unistd.h of Linux 6.1 defines 306 arm64 numbers"
    );
    for row in SYSCALLS {
        assert!(row.number <= 450, "{} = {}", row.name, row.number);
        assert!(
            !(244..=259).contains(&row.number),
            "{} is architecture-specific",
            row.name
        );
        assert!(
            !(387..=423).contains(&row.number),
            "{} is not a 64-bit number",
            row.name
        );
        assert_eq!(row.implemented, !row.handler.is_empty(), "{}", row.name);
    }
    let absent = SYSCALLS
        .iter()
        .find(|row| row.name == "io_setup")
        .expect("io_setup row");
    assert!(!absent.implemented);
    let ctx = ctx();
    assert_eq!(
        dispatch(&ctx, nr::io_setup, [0; 6]),
        Errno::ENOSYS.as_syscall_return()
    );
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

#[test]
fn identity_rows_and_uname() {
    let ctx = ctx();
    assert_eq!(dispatch(&ctx, nr::getpid, [0; 6]), 5);
    assert_eq!(dispatch(&ctx, nr::gettid, [0; 6]), 7);
    assert_eq!(
        dispatch(&ctx, nr::set_tid_address, [0x1000, 0, 0, 0, 0, 0]),
        7
    );
    assert_eq!(
        dispatch(&ctx, nr::set_robust_list, [0x1000, 24, 0, 0, 0, 0]),
        0
    );
    assert_eq!(
        dispatch(&ctx, nr::set_robust_list, [0x1000, 23, 0, 0, 0, 0]),
        -22
    );
    let window = Window {
        base: 0x1000,
        bytes: vec![0; 65 * 6],
        brk: 0,
    };
    let big = Ctx {
        space: IrqSpinLock::new(Box::new(window)),
        yields: Cell::new(0),
    };
    assert_eq!(dispatch(&big, nr::uname, [0x1000, 0, 0, 0, 0, 0]), 0);
    let bytes = memory(&big, 0x1000..0x1000 + 65 * 6);
    assert_eq!(&bytes[..6], b"Linux\0");
    assert_eq!(&bytes[130..132], b"6.");
    assert_eq!(
        dispatch(&ctx, nr::uname, [0x1000, 0, 0, 0, 0, 0]),
        -14,
        "64 bytes is too small"
    );
}

#[test]
fn prlimit64_reads_the_stack_limit_and_refuses_changes() {
    let ctx = ctx();
    assert_eq!(dispatch(&ctx, nr::prlimit64, [0, 3, 0, 0x1010, 0, 0]), 0);
    let bytes = memory(&ctx, 0x1010..0x1020);
    assert_eq!(&bytes[..8], &(8u64 << 20).to_le_bytes());
    assert_eq!(&bytes[8..], &u64::MAX.to_le_bytes());
    assert_eq!(dispatch(&ctx, nr::prlimit64, [0, 99, 0, 0x1010, 0, 0]), -22);
    assert_eq!(dispatch(&ctx, nr::prlimit64, [0, 3, 0x1010, 0, 0, 0]), -1);
    assert_eq!(
        dispatch(&ctx, nr::prlimit64, [4242, 3, 0, 0x1010, 0, 0]),
        -3
    );
}

#[test]
fn brk_getrandom_and_bad_fds() {
    let ctx = ctx();
    assert_eq!(dispatch(&ctx, nr::brk, [0; 6]), 0x40_0000);
    assert_eq!(
        dispatch(&ctx, nr::brk, [0x40_2000, 0, 0, 0, 0, 0]),
        0x40_2000
    );
    assert_eq!(dispatch(&ctx, nr::getrandom, [0x1000, 16, 0, 0, 0, 0]), 16);
    assert_eq!(
        memory(&ctx, 0x1000..0x1011)[..],
        [[0x5a; 16].as_slice(), &[0xaa]].concat()[..]
    );
    assert_eq!(
        dispatch(&ctx, nr::getrandom, [0x1000, 16, 0x40, 0, 0, 0]),
        -22
    );
    assert_eq!(dispatch(&ctx, nr::write, [1, 0x1000, 4, 0, 0, 0]), -9);
    assert_eq!(
        dispatch(&ctx, nr::write, [u64::MAX, 0x1000, 4, 0, 0, 0]),
        -9
    );
}

#[test]
fn clone_accepts_fork_and_vfork_shapes_only() {
    let ctx = ctx();
    let sigchld = 17;
    // Accepted shapes reach the context's fork (the mock answers ENOSYS).
    assert_eq!(dispatch(&ctx, nr::clone, [sigchld, 0, 0, 0, 0, 0]), -38);
    assert_eq!(
        dispatch(
            &ctx,
            nr::clone,
            [0x4000 | 0x100 | sigchld, 0x1000, 0, 0, 0, 0]
        ),
        -38
    );
    // CLONE_VM without CLONE_VFORK (threads), CLONE_VFORK alone, another exit signal: EINVAL.
    assert_eq!(
        dispatch(&ctx, nr::clone, [0x100 | sigchld, 0, 0, 0, 0, 0]),
        -22
    );
    assert_eq!(
        dispatch(&ctx, nr::clone, [0x4000 | sigchld, 0, 0, 0, 0, 0]),
        -22
    );
    assert_eq!(
        dispatch(&ctx, nr::clone, [0x4000 | 0x100 | 10, 0, 0, 0, 0, 0]),
        -22
    );
}

#[test]
fn sleeps_validate_the_request_before_sleeping() {
    let ctx = ctx();
    // struct timespec at 0x1020: tv_sec 0, tv_nsec 2e9 (unnormalised) -> EINVAL.
    ctx.space
        .lock()
        .copy_out(UserAddr::new(0x1020), &[0u8; 8])
        .unwrap();
    ctx.space
        .lock()
        .copy_out(UserAddr::new(0x1028), &2_000_000_000i64.to_le_bytes())
        .unwrap();
    assert_eq!(dispatch(&ctx, nr::nanosleep, [0x1020, 0, 0, 0, 0, 0]), -22);
    // A valid request reaches the context (the mock cannot sleep: ENOSYS).
    ctx.space
        .lock()
        .copy_out(UserAddr::new(0x1028), &5i64.to_le_bytes())
        .unwrap();
    assert_eq!(dispatch(&ctx, nr::nanosleep, [0x1020, 0, 0, 0, 0, 0]), -38);
    assert_eq!(
        dispatch(&ctx, nr::nanosleep, [0xdead_0000, 0, 0, 0, 0, 0]),
        -14
    );
    // clock_nanosleep: unsupported clock (CLOCK_THREAD_CPUTIME_ID) -> EINVAL.
    assert_eq!(
        dispatch(&ctx, nr::clock_nanosleep, [3, 0, 0x1020, 0, 0, 0]),
        -22
    );
    assert_eq!(
        dispatch(&ctx, nr::clock_nanosleep, [1, 1, 0x1020, 0, 0, 0]),
        -38
    );
}
