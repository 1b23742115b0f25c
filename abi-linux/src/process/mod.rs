//! Process and thread identity and lifetime syscalls.

mod ids;
mod lifecycle;
mod signals;

pub use ids::{chdir, getcwd, getegid, geteuid, getgid, getuid, join_cwd, setgid, setuid};
pub use lifecycle::{clone, execve, exit, wait4};
pub use signals::{
    kill, rt_sigaction, rt_sigpending, rt_sigprocmask, rt_sigqueueinfo, rt_sigreturn,
    rt_sigsuspend, rt_sigtimedwait, rt_tgsigqueueinfo, sigaltstack, tgkill, tkill, NoSignalOps,
    SignalOps,
};

use crate::args::UserPtr;
use crate::context::{SyscallContext, UserBytes};
use kernel_core::{Errno, UserAddr};

/// `exit_group(status)`: never returns to the caller.
pub fn exit_group(ctx: &dyn SyscallContext, status: i32) -> Result<usize, Errno> {
    ctx.exit_group(status)
}

/// `set_tid_address(tidptr)`: returns the caller's thread id.
pub fn set_tid_address(ctx: &dyn SyscallContext, tidptr: UserPtr<u32>) -> Result<usize, Errno> {
    ctx.process().set_clear_child_tid(tidptr);
    Ok(ctx.process().tid() as usize)
}

/// `set_robust_list(head, len)`: `len` must be the size of `struct robust_list_head` (24).
pub fn set_robust_list(ctx: &dyn SyscallContext, head: u64, len: u64) -> Result<usize, Errno> {
    if len != 24 {
        return Err(Errno::EINVAL);
    }
    ctx.process()
        .set_robust_list(UserAddr::new(head), len as usize);
    Ok(0)
}

/// `getpid()`.
pub fn getpid(ctx: &dyn SyscallContext) -> Result<usize, Errno> {
    Ok(ctx.process().pid() as usize)
}

/// `gettid()`.
pub fn gettid(ctx: &dyn SyscallContext) -> Result<usize, Errno> {
    Ok(ctx.process().tid() as usize)
}

/// `getppid()`.
pub fn getppid(ctx: &dyn SyscallContext) -> Result<usize, Errno> {
    Ok(ctx.process().ppid() as usize)
}

/// Linux's `struct rlimit64`: two 64-bit values.
pub struct Rlimit(pub u64, pub u64);

impl UserBytes for Rlimit {
    fn with_bytes<R>(&self, write: impl FnOnce(&[u8]) -> R) -> R {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.0.to_le_bytes());
        bytes[8..].copy_from_slice(&self.1.to_le_bytes());
        write(&bytes)
    }
}

/// `prlimit64(pid, resource, new, old)`: reading the caller's limits; changing them is not
/// supported yet (`EPERM`, as for an unprivileged raise).
pub fn prlimit64(
    ctx: &dyn SyscallContext,
    pid: i32,
    resource: u32,
    new: UserPtr<Rlimit>,
    old: UserPtr<Rlimit>,
) -> Result<usize, Errno> {
    if pid != 0 && pid as u32 != ctx.process().pid() {
        return Err(Errno::ESRCH);
    }
    let (soft, hard) = ctx.process().rlimit(resource)?;
    if !new.is_null() {
        return Err(Errno::EPERM);
    }
    if !old.is_null() {
        crate::context::write_user(ctx, old, &Rlimit(soft, hard))?;
    }
    Ok(0)
}
