//! Signal syscalls: dispositions, the blocked mask, and `kill`. The rules are the process
//! component's; this layer only moves Linux's structures in and out of user memory.

use crate::args::UserPtr;
use crate::context::SyscallContext;
use kernel_core::Errno;

/// `sizeof(struct sigaction)` on arm64: handler, flags, restorer, mask.
pub const SIGACTION_SIZE: usize = 32;
/// `sizeof(sigset_t)` as the kernel takes it.
const SIGSET_SIZE: u64 = 8;

/// `rt_sigaction(sig, act, oact, sigsetsize)`.
pub fn rt_sigaction(
    ctx: &dyn SyscallContext,
    sig: i32,
    act: UserPtr<u8>,
    oact: UserPtr<u8>,
    sigsetsize: u64,
) -> Result<usize, Errno> {
    if sigsetsize != SIGSET_SIZE {
        return Err(Errno::EINVAL);
    }
    let new = if act.is_null() {
        None
    } else {
        let mut bytes = [0u8; SIGACTION_SIZE];
        ctx.user().copy_in(act.addr, &mut bytes)?;
        Some(bytes)
    };
    let old = ctx.sigaction(sig, new)?;
    if !oact.is_null() {
        ctx.user().copy_out(oact.addr, &old)?;
    }
    Ok(0)
}

/// `rt_sigprocmask(how, set, oldset, sigsetsize)`.
pub fn rt_sigprocmask(
    ctx: &dyn SyscallContext,
    how: i32,
    set: UserPtr<u8>,
    oldset: UserPtr<u8>,
    sigsetsize: u64,
) -> Result<usize, Errno> {
    if sigsetsize != SIGSET_SIZE {
        return Err(Errno::EINVAL);
    }
    let new = if set.is_null() {
        None
    } else {
        let mut bytes = [0u8; 8];
        ctx.user().copy_in(set.addr, &mut bytes)?;
        Some(u64::from_le_bytes(bytes))
    };
    let old = ctx.sigprocmask(how, new)?;
    if !oldset.is_null() {
        ctx.user().copy_out(oldset.addr, &old.to_le_bytes())?;
    }
    Ok(0)
}

/// `kill(pid, sig)`.
pub fn kill(ctx: &dyn SyscallContext, pid: i32, sig: i32) -> Result<usize, Errno> {
    ctx.kill(pid, sig).map(|()| 0)
}

/// `rt_sigreturn()`: returns to the code a signal handler interrupted.
pub fn rt_sigreturn(ctx: &dyn SyscallContext) -> Result<usize, Errno> {
    ctx.rt_sigreturn().map(|()| 0)
}
