//! Process groups and sessions: `setpgid`, `getpgid`, `getsid`, `setsid`.

use crate::context::SyscallContext;
use kernel_core::Errno;

/// `setpgid(pid, pgid)`.
pub fn setpgid(ctx: &dyn SyscallContext, pid: i32, pgid: i32) -> Result<usize, Errno> {
    let calls = ctx.process_calls().ok_or(Errno::ENOSYS)?;
    calls.setpgid(pid, pgid).map(|()| 0)
}

/// `getpgid(pid)`.
pub fn getpgid(ctx: &dyn SyscallContext, pid: i32) -> Result<usize, Errno> {
    let calls = ctx.process_calls().ok_or(Errno::ENOSYS)?;
    calls.getpgid(pid).map(|pgid| pgid as usize)
}

/// `getsid(pid)`.
pub fn getsid(ctx: &dyn SyscallContext, pid: i32) -> Result<usize, Errno> {
    let calls = ctx.process_calls().ok_or(Errno::ENOSYS)?;
    calls.getsid(pid).map(|sid| sid as usize)
}

/// `setsid()`.
pub fn setsid(ctx: &dyn SyscallContext) -> Result<usize, Errno> {
    let calls = ctx.process_calls().ok_or(Errno::ENOSYS)?;
    calls.setsid().map(|sid| sid as usize)
}
