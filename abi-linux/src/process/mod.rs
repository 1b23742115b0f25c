//! Process and thread identity and lifetime syscalls.

mod calls;
mod credentials;
mod futex;
mod groups;
mod ids;
mod lifecycle;
mod limits;
mod signals;
mod waitid;

pub use calls::{CredentialChange, PrctlAnswer, PrctlRequest, ProcessCalls, SystemInfo};
pub use credentials::{
    getgroups, getresgid, getresuid, setfsgid, setfsuid, setgroups, setregid, setresgid, setresuid,
    setreuid,
};
pub use futex::futex;
pub use groups::{getpgid, getsid, setpgid, setsid};
pub use ids::{chdir, getcwd, getegid, geteuid, getgid, getuid, join_cwd, setgid, setuid};
pub use lifecycle::{clone, execve, exit, wait4};
pub use limits::{getrlimit, prlimit64, setrlimit, Rlimit};

pub use signals::{
    kill, rt_sigaction, rt_sigpending, rt_sigprocmask, rt_sigqueueinfo, rt_sigreturn,
    rt_sigsuspend, rt_sigtimedwait, rt_tgsigqueueinfo, sigaltstack, tgkill, tkill, NoSignalOps,
    SignalOps,
};
pub use waitid::waitid;

use crate::args::UserPtr;
use crate::context::SyscallContext;
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
