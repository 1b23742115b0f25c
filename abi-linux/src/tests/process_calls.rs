//! Host tests of the process-management rows over a mock `ProcessCalls`: what reaches the
//! kernel and what lands in user memory.

use super::{ctx, memory, Clock, Ctx, NoFiles};
use crate::context::{FileTable, FsContext, ProcessContext, SyscallContext};
use crate::process::{CredentialChange, PrctlAnswer, PrctlRequest, ProcessCalls, SystemInfo};
use crate::table::{dispatch, nr};
use alloc::boxed::Box;
use alloc::vec::Vec;
use core::cell::{Cell, RefCell};
use kernel_core::services::mm::UserSpace;
use kernel_core::services::time::TimeService;
use kernel_core::sync::IrqSpinLock;
use kernel_core::{Errno, UserAddr};

/// The base context plus a process table of one process (pid 5) on 4 CPUs.
struct Calls {
    base: Ctx,
    name: RefCell<Vec<u8>>,
    affinity: Cell<u64>,
    changes: RefCell<Vec<CredentialChange>>,
}

fn calls() -> Calls {
    Calls {
        base: ctx(),
        name: RefCell::new(b"lcase".to_vec()),
        affinity: Cell::new(0xf),
        changes: RefCell::new(Vec::new()),
    }
}

impl SyscallContext for Calls {
    fn space(&self) -> &IrqSpinLock<Box<dyn UserSpace>> {
        &self.base.space
    }
    fn files(&self) -> &dyn FileTable {
        &NoFiles
    }
    fn fs(&self) -> &dyn FsContext {
        panic!("no file system here")
    }
    fn process(&self) -> &dyn ProcessContext {
        self.base.process()
    }
    fn time(&self) -> &dyn TimeService {
        &Clock
    }
    fn random(&self, buffer: &mut [u8]) {
        buffer.fill(0);
    }
    fn yield_now(&self) {}
    fn exit_group(&self, status: i32) -> ! {
        panic!("exit_group({status})")
    }
    fn process_calls(&self) -> Option<&dyn ProcessCalls> {
        Some(self)
    }
}

impl ProcessCalls for Calls {
    fn setpgid(&self, pid: i32, pgid: i32) -> Result<(), Errno> {
        if pid < 0 || pgid < 0 {
            return Err(Errno::EINVAL);
        }
        Ok(())
    }
    fn getpgid(&self, _pid: i32) -> Result<i32, Errno> {
        Ok(5)
    }
    fn getsid(&self, _pid: i32) -> Result<i32, Errno> {
        Ok(1)
    }
    fn setsid(&self) -> Result<i32, Errno> {
        Err(Errno::EPERM)
    }
    fn waitid(&self, _: i32, id: i32, _: i32) -> Result<Option<[(usize, i32); 6]>, Errno> {
        Ok((id == 9).then_some([(0, 17), (4, 0), (8, 1), (16, 9), (20, 0), (24, 5)]))
    }
    fn all_ids(&self) -> Result<[u32; 8], Errno> {
        Ok([1, 2, 3, 4, 5, 6, 7, 8])
    }
    fn groups(&self) -> Result<Vec<u32>, Errno> {
        Ok(alloc::vec![10, 20])
    }
    fn change_credentials(&self, change: CredentialChange) -> Result<u32, Errno> {
        self.changes.borrow_mut().push(change);
        Ok(0)
    }
    fn prlimit(&self, _: i32, _: u32, new: Option<(u64, u64)>) -> Result<(u64, u64), Errno> {
        Ok(new.unwrap_or((1024, 4096)))
    }
    fn prctl(&self, request: PrctlRequest) -> Result<PrctlAnswer, Errno> {
        match request {
            PrctlRequest::SetName(name) => {
                *self.name.borrow_mut() = name;
                Ok(PrctlAnswer::Done)
            }
            PrctlRequest::GetName => Ok(PrctlAnswer::Name(self.name.borrow().clone())),
            PrctlRequest::GetParentDeathSignal => Ok(PrctlAnswer::Value(9)),
            _ => Ok(PrctlAnswer::Done),
        }
    }
    fn sysinfo(&self) -> SystemInfo {
        SystemInfo::default()
    }
    fn affinity(&self, _pid: i32, new: Option<u64>) -> Result<u64, Errno> {
        let old = self.affinity.get();
        if let Some(set) = new {
            self.affinity.set(set);
        }
        Ok(old)
    }
    fn current_cpu(&self) -> u32 {
        2
    }
    fn online_cpus(&self) -> u32 {
        4
    }
    fn check_pid(&self, pid: i32) -> Result<(), Errno> {
        match pid {
            0 | 5 => Ok(()),
            _ => Err(Errno::ESRCH),
        }
    }
    fn clone(&self, _: u64, _: u64, _: UserAddr, _: u64, _: UserAddr) -> Result<u32, Errno> {
        Ok(6)
    }
    fn exit_thread(&self, status: i32) -> ! {
        panic!("exit({status})")
    }
    fn futex_wait(&self, _: UserAddr, expected: u32, _: Option<u64>) -> Result<(), Errno> {
        match expected {
            0 => Ok(()),
            _ => Err(Errno::EAGAIN),
        }
    }
    fn futex_wake(&self, _: UserAddr, count: u32) -> usize {
        count.min(1) as usize
    }
}

fn regs(values: &[u64]) -> [u64; 6] {
    let mut out = [0; 6];
    out[..values.len()].copy_from_slice(values);
    out
}

fn user(ctx: &Calls, range: core::ops::Range<u64>) -> Vec<u8> {
    memory(&ctx.base, range)
}

#[test]
fn waitid_writes_the_six_siginfo_words_or_zeroes() {
    let ctx = calls();
    assert_eq!(dispatch(&ctx, nr::waitid, regs(&[1, 9, 0x1000, 4])), 0);
    let info = user(&ctx, 0x1000..0x1020);
    assert_eq!(info[0], 17);
    assert_eq!(info[8], 1);
    assert_eq!(info[16], 9);
    assert_eq!(info[24], 5);
    assert_eq!(info[12], 0xaa, "si_errno's neighbour is left alone");
    assert_eq!(dispatch(&ctx, nr::waitid, regs(&[1, 3, 0x1000, 5])), 0);
    assert_eq!(
        user(&ctx, 0x1000..0x1004),
        [0; 4],
        "WNOHANG with nothing: zeroes"
    );
}

#[test]
fn groups_ids_and_credentials_rows() {
    let ctx = calls();
    assert_eq!(dispatch(&ctx, nr::getpgid, regs(&[0])), 5);
    assert_eq!(dispatch(&ctx, nr::setsid, regs(&[])), -1);
    assert_eq!(dispatch(&ctx, nr::setpgid, regs(&[u64::MAX, 0])), -22);
    let three = [0x1000, 0x1004, 0x1008];
    assert_eq!(dispatch(&ctx, nr::getresgid, regs(&three)), 0);
    assert_eq!(user(&ctx, 0x1000..0x1004), 5u32.to_le_bytes());
    assert_eq!(user(&ctx, 0x1008..0x100c), 7u32.to_le_bytes());
    assert_eq!(dispatch(&ctx, nr::getgroups, regs(&[0, 0])), 2);
    assert_eq!(dispatch(&ctx, nr::getgroups, regs(&[1, 0x1000])), -22);
    assert_eq!(dispatch(&ctx, nr::getgroups, regs(&[2, 0x1010])), 2);
    assert_eq!(user(&ctx, 0x1014..0x1018), 20u32.to_le_bytes());
    assert_eq!(
        dispatch(&ctx, nr::setresuid, regs(&[u32::MAX as u64, 3, 4])),
        0
    );
    assert_eq!(dispatch(&ctx, nr::setgroups, regs(&[2, 0x1010])), 0);
    assert_eq!(
        *ctx.changes.borrow(),
        [
            CredentialChange::SetResUid(u32::MAX, 3, 4),
            CredentialChange::CheckSetGroups(2),
            CredentialChange::SetGroups(alloc::vec![10, 20]),
        ]
    );
}

#[test]
fn prctl_names_and_unknown_options() {
    let ctx = calls();
    ctx.base
        .space
        .lock()
        .copy_out(UserAddr::new(0x1000), b"renamed-case-too-long\0")
        .unwrap();
    assert_eq!(dispatch(&ctx, nr::prctl, regs(&[15, 0x1000])), 0);
    assert_eq!(*ctx.name.borrow(), b"renamed-case-to", "15 bytes kept");
    assert_eq!(dispatch(&ctx, nr::prctl, regs(&[16, 0x1020])), 0);
    assert_eq!(&user(&ctx, 0x1020..0x1030)[..], b"renamed-case-to\0");
    assert_eq!(dispatch(&ctx, nr::prctl, regs(&[2, 0x1030])), 0);
    assert_eq!(user(&ctx, 0x1030..0x1034), 9i32.to_le_bytes());
    assert_eq!(dispatch(&ctx, nr::prctl, regs(&[9999])), -22);
}

#[test]
fn affinity_policies_and_cpu() {
    let ctx = calls();
    assert_eq!(
        dispatch(&ctx, nr::sched_getaffinity, regs(&[0, 8, 0x1000])),
        8
    );
    assert_eq!(user(&ctx, 0x1000..0x1008), 0xfu64.to_le_bytes());
    assert_eq!(
        dispatch(&ctx, nr::sched_getaffinity, regs(&[0, 4, 0x1000])),
        -22
    );
    ctx.base
        .space
        .lock()
        .copy_out(UserAddr::new(0x1000), &0x30u64.to_le_bytes())
        .unwrap();
    assert_eq!(
        dispatch(&ctx, nr::sched_setaffinity, regs(&[0, 8, 0x1000])),
        -22
    );
    ctx.base
        .space
        .lock()
        .copy_out(UserAddr::new(0x1000), &0x12u64.to_le_bytes())
        .unwrap();
    assert_eq!(
        dispatch(&ctx, nr::sched_setaffinity, regs(&[0, 8, 0x1000])),
        0
    );
    assert_eq!(ctx.affinity.get(), 0x2, "offline CPUs dropped");
    assert_eq!(dispatch(&ctx, nr::sched_getscheduler, regs(&[0])), 0);
    assert_eq!(
        dispatch(&ctx, nr::sched_getscheduler, regs(&[0x3fff_fff0])),
        -3
    );
    assert_eq!(dispatch(&ctx, nr::sched_get_priority_max, regs(&[1])), 99);
    assert_eq!(dispatch(&ctx, nr::sched_get_priority_min, regs(&[2])), 1);
    assert_eq!(dispatch(&ctx, nr::sched_get_priority_max, regs(&[7])), -22);
    assert_eq!(dispatch(&ctx, nr::getpriority, regs(&[0, 0])), 20);
    assert_eq!(dispatch(&ctx, nr::getcpu, regs(&[0x1000, 0x1004])), 0);
    assert_eq!(user(&ctx, 0x1000..0x1008), [2, 0, 0, 0, 0, 0, 0, 0]);
}

#[test]
fn futex_ops_and_limits() {
    let ctx = calls();
    assert_eq!(dispatch(&ctx, nr::futex, regs(&[0x1000, 128, 0])), 0); // WAIT | PRIVATE
    assert_eq!(dispatch(&ctx, nr::futex, regs(&[0x1000, 0, 1])), -11); // EAGAIN
    assert_eq!(dispatch(&ctx, nr::futex, regs(&[0x1000, 1, 5])), 1); // WAKE
    assert_eq!(
        dispatch(&ctx, nr::futex, regs(&[0x1000, 9, 0, 0, 0, 0])),
        -22
    ); // bitset 0
    assert_eq!(dispatch(&ctx, nr::futex, regs(&[0x1000, 256 | 1, 1])), -38);
    assert_eq!(dispatch(&ctx, nr::clone, regs(&[0x3d0f00])), 6);
    assert_eq!(dispatch(&ctx, nr::getrlimit, regs(&[7, 0x1000])), 0);
    assert_eq!(user(&ctx, 0x1000..0x1008), 1024u64.to_le_bytes());
    assert_eq!(dispatch(&ctx, nr::setrlimit, regs(&[7, 0])), -14);
}
