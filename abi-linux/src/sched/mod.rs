//! Scheduling syscalls: yielding, affinity, policies and priorities, `getcpu`.

mod policy;

pub use policy::{
    getpriority, sched_get_priority_max, sched_get_priority_min, sched_getparam,
    sched_getscheduler, sched_setparam, sched_setscheduler, setpriority,
};

use crate::args::UserPtr;
use crate::context::SyscallContext;
use kernel_core::Errno;

/// `cpumask_size()`: one `unsigned long` covers every CPU Lichen runs on.
const CPUMASK_BYTES: u64 = 8;

/// The mask of CPUs `0..count` (all 64 bits from 64 up).
pub fn cpu_mask(count: u32) -> u64 {
    1u64.checked_shl(count).map_or(u64::MAX, |bit| bit - 1)
}

/// `sched_yield()`: always succeeds.
pub fn sched_yield(ctx: &dyn SyscallContext) -> Result<usize, Errno> {
    ctx.yield_now();
    Ok(0)
}

/// `sched_getaffinity(pid, len, mask)`: returns the bytes written (`cpumask_size()`).
pub fn sched_getaffinity(
    ctx: &dyn SyscallContext,
    pid: i32,
    len: u64,
    mask: UserPtr<u8>,
) -> Result<usize, Errno> {
    let calls = ctx.process_calls().ok_or(Errno::ENOSYS)?;
    if len * 8 < u64::from(calls.online_cpus()) || len & 7 != 0 {
        return Err(Errno::EINVAL);
    }
    let set = calls.affinity(pid, None)?;
    ctx.user().copy_out(mask.addr, &set.to_le_bytes())?;
    Ok(CPUMASK_BYTES as usize)
}

/// `sched_setaffinity(pid, len, mask)`: the online CPUs of the mask; `EINVAL` if none.
pub fn sched_setaffinity(
    ctx: &dyn SyscallContext,
    pid: i32,
    len: u64,
    mask: UserPtr<u8>,
) -> Result<usize, Errno> {
    let calls = ctx.process_calls().ok_or(Errno::ENOSYS)?;
    let mut bytes = [0u8; 8];
    let count = len.min(CPUMASK_BYTES) as usize;
    ctx.user().copy_in(mask.addr, &mut bytes[..count])?;
    let online = cpu_mask(calls.online_cpus());
    let set = u64::from_le_bytes(bytes) & online;
    if set == 0 {
        return Err(Errno::EINVAL);
    }
    calls.affinity(pid, Some(set)).map(|_| 0)
}

/// `getcpu(cpu, node, cache)`.
pub fn getcpu(
    ctx: &dyn SyscallContext,
    cpu: UserPtr<u32>,
    node: UserPtr<u32>,
    _cache: u64,
) -> Result<usize, Errno> {
    let calls = ctx.process_calls().ok_or(Errno::ENOSYS)?;
    if !cpu.is_null() {
        ctx.user()
            .copy_out(cpu.addr, &calls.current_cpu().to_le_bytes())?;
    }
    if !node.is_null() {
        ctx.user().copy_out(node.addr, &0u32.to_le_bytes())?;
    }
    Ok(0)
}
