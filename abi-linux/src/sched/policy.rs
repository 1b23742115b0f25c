//! Policies and priorities: every task is `SCHED_OTHER` at nice 0 (the scheduler has no other
//! classes yet); the queries answer as Linux does for such a task.

use crate::args::UserPtr;
use crate::context::SyscallContext;
use kernel_core::Errno;

/// `SCHED_OTHER`.
const SCHED_OTHER: i32 = 0;
/// `SCHED_FIFO`.
const SCHED_FIFO: i32 = 1;
/// `SCHED_RR`.
const SCHED_RR: i32 = 2;
/// `SCHED_BATCH`.
const SCHED_BATCH: i32 = 3;
/// `SCHED_IDLE`.
const SCHED_IDLE: i32 = 5;
/// `SCHED_DEADLINE`.
const SCHED_DEADLINE: i32 = 6;
/// `PRIO_PROCESS`, `PRIO_PGRP`, `PRIO_USER`.
const PRIO_USER: i32 = 2;

fn check(ctx: &dyn SyscallContext, pid: i32) -> Result<(), Errno> {
    if pid < 0 {
        return Err(Errno::EINVAL);
    }
    ctx.process_calls().ok_or(Errno::ENOSYS)?.check_pid(pid)
}

/// `sched_getscheduler(pid)`.
pub fn sched_getscheduler(ctx: &dyn SyscallContext, pid: i32) -> Result<usize, Errno> {
    check(ctx, pid).map(|()| SCHED_OTHER as usize)
}

/// `sched_getparam(pid, param)`: priority 0.
pub fn sched_getparam(
    ctx: &dyn SyscallContext,
    pid: i32,
    param: UserPtr<i32>,
) -> Result<usize, Errno> {
    if param.is_null() {
        return Err(Errno::EINVAL);
    }
    check(ctx, pid)?;
    ctx.user().copy_out(param.addr, &0i32.to_le_bytes())?;
    Ok(0)
}

/// `sched_setparam(pid, param)`: only priority 0 is valid for `SCHED_OTHER`.
pub fn sched_setparam(
    ctx: &dyn SyscallContext,
    pid: i32,
    param: UserPtr<i32>,
) -> Result<usize, Errno> {
    if param.is_null() {
        return Err(Errno::EINVAL);
    }
    check(ctx, pid)?;
    let mut bytes = [0u8; 4];
    ctx.user().copy_in(param.addr, &mut bytes)?;
    match i32::from_le_bytes(bytes) {
        0 => Ok(0),
        _ => Err(Errno::EINVAL),
    }
}

/// `sched_setscheduler(pid, policy, param)`: normal policies with priority 0; the real-time
/// ones are refused (`EPERM`) until the scheduler has them.
pub fn sched_setscheduler(
    ctx: &dyn SyscallContext,
    pid: i32,
    policy: i32,
    param: UserPtr<i32>,
) -> Result<usize, Errno> {
    match policy {
        SCHED_OTHER | SCHED_BATCH | SCHED_IDLE => sched_setparam(ctx, pid, param),
        SCHED_FIFO | SCHED_RR => {
            check(ctx, pid)?;
            Err(Errno::EPERM)
        }
        _ => Err(Errno::EINVAL),
    }
}

/// `sched_get_priority_max(policy)`.
pub fn sched_get_priority_max(_ctx: &dyn SyscallContext, policy: i32) -> Result<usize, Errno> {
    match policy {
        SCHED_FIFO | SCHED_RR => Ok(99),
        SCHED_OTHER | SCHED_BATCH | SCHED_IDLE | SCHED_DEADLINE => Ok(0),
        _ => Err(Errno::EINVAL),
    }
}

/// `sched_get_priority_min(policy)`.
pub fn sched_get_priority_min(_ctx: &dyn SyscallContext, policy: i32) -> Result<usize, Errno> {
    match policy {
        SCHED_FIFO | SCHED_RR => Ok(1),
        SCHED_OTHER | SCHED_BATCH | SCHED_IDLE | SCHED_DEADLINE => Ok(0),
        _ => Err(Errno::EINVAL),
    }
}

/// `getpriority(which, who)`: the raw value `20 - nice` (nice is 0 for every task).
pub fn getpriority(ctx: &dyn SyscallContext, which: i32, who: i32) -> Result<usize, Errno> {
    if !(0..=PRIO_USER).contains(&which) {
        return Err(Errno::EINVAL);
    }
    if which == 0 {
        check(ctx, who)?;
    }
    Ok(20)
}

/// `setpriority(which, who, nice)`: lowering priority is accepted (and not yet applied);
/// raising it needs `CAP_SYS_NICE`, which root has.
pub fn setpriority(
    ctx: &dyn SyscallContext,
    which: i32,
    who: i32,
    _nice: i32,
) -> Result<usize, Errno> {
    if !(0..=PRIO_USER).contains(&which) {
        return Err(Errno::EINVAL);
    }
    if which == 0 {
        check(ctx, who)?;
    }
    Ok(0)
}
