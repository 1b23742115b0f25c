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

/// `sizeof(siginfo_t)`.
pub const SIGINFO_SIZE: usize = 128;
/// `sizeof(stack_t)` on arm64: pointer, int flags (padded), size.
pub const STACK_T_SIZE: usize = 24;

/// The signal calls beyond `sigaction`/`sigprocmask`/`kill`, on Linux's structures as bytes
/// (the process component gives them meaning). Every method defaults to `ENOSYS`.
pub trait SignalOps {
    /// `tgkill(tgid, tid, sig)`.
    fn tgkill(&self, tgid: i32, tid: i32, sig: i32) -> Result<(), Errno> {
        let _ = (tgid, tid, sig);
        Err(Errno::ENOSYS)
    }
    /// `tkill(tid, sig)`.
    fn tkill(&self, tid: i32, sig: i32) -> Result<(), Errno> {
        let _ = (tid, sig);
        Err(Errno::ENOSYS)
    }
    /// `rt_sigqueueinfo(pid, sig, info)`.
    fn sigqueueinfo(&self, pid: i32, sig: i32, info: &[u8; SIGINFO_SIZE]) -> Result<(), Errno> {
        let _ = (pid, sig, info);
        Err(Errno::ENOSYS)
    }
    /// `rt_tgsigqueueinfo(tgid, tid, sig, info)`.
    fn tgsigqueueinfo(
        &self,
        tgid: i32,
        tid: i32,
        sig: i32,
        info: &[u8; SIGINFO_SIZE],
    ) -> Result<(), Errno> {
        let _ = (tgid, tid, sig, info);
        Err(Errno::ENOSYS)
    }
    /// `rt_sigpending`: blocked signals pending for the thread or its process.
    fn sigpending(&self) -> Result<u64, Errno> {
        Err(Errno::ENOSYS)
    }
    /// `rt_sigsuspend(mask)`: sleeps with `mask` until a signal is acted on; the error
    /// to return (`ERESTARTNOHAND`, which a handler turns into `EINTR`).
    fn sigsuspend(&self, mask: u64) -> Errno {
        let _ = mask;
        Errno::ENOSYS
    }
    /// `sigaltstack(new, old)`: returns the old `stack_t`.
    fn sigaltstack(&self, new: Option<[u8; STACK_T_SIZE]>) -> Result<[u8; STACK_T_SIZE], Errno> {
        let _ = new;
        Err(Errno::ENOSYS)
    }
    /// `rt_sigtimedwait(set, info, timeout)`: the `siginfo_t` of a signal of `set` taken, or
    /// `EAGAIN` when `timeout_ns` passes, `EINTR` when another signal comes.
    fn sigtimedwait(&self, set: u64, timeout_ns: Option<u64>) -> Result<[u8; SIGINFO_SIZE], Errno> {
        let _ = (set, timeout_ns);
        Err(Errno::ENOSYS)
    }
}

/// A context without signals beyond the basic calls.
pub struct NoSignalOps;

impl SignalOps for NoSignalOps {}

/// `tgkill(tgid, tid, sig)`.
pub fn tgkill(ctx: &dyn SyscallContext, tgid: i32, tid: i32, sig: i32) -> Result<usize, Errno> {
    ctx.signals().tgkill(tgid, tid, sig).map(|()| 0)
}

/// `tkill(tid, sig)`.
pub fn tkill(ctx: &dyn SyscallContext, tid: i32, sig: i32) -> Result<usize, Errno> {
    ctx.signals().tkill(tid, sig).map(|()| 0)
}

/// `rt_sigqueueinfo(pid, sig, info)`.
pub fn rt_sigqueueinfo(
    ctx: &dyn SyscallContext,
    pid: i32,
    sig: i32,
    info: UserPtr<u8>,
) -> Result<usize, Errno> {
    let mut bytes = [0u8; SIGINFO_SIZE];
    ctx.user().copy_in(info.addr, &mut bytes)?;
    ctx.signals().sigqueueinfo(pid, sig, &bytes).map(|()| 0)
}

/// `rt_tgsigqueueinfo(tgid, tid, sig, info)`.
pub fn rt_tgsigqueueinfo(
    ctx: &dyn SyscallContext,
    tgid: i32,
    tid: i32,
    sig: i32,
    info: UserPtr<u8>,
) -> Result<usize, Errno> {
    let mut bytes = [0u8; SIGINFO_SIZE];
    ctx.user().copy_in(info.addr, &mut bytes)?;
    ctx.signals()
        .tgsigqueueinfo(tgid, tid, sig, &bytes)
        .map(|()| 0)
}

/// `rt_sigpending(set, sigsetsize)`: sizes up to 8 are accepted (only that many bytes are
/// written), larger ones are `EINVAL`.
pub fn rt_sigpending(
    ctx: &dyn SyscallContext,
    set: UserPtr<u8>,
    sigsetsize: u64,
) -> Result<usize, Errno> {
    if sigsetsize > SIGSET_SIZE {
        return Err(Errno::EINVAL);
    }
    let pending = ctx.signals().sigpending()?;
    ctx.user()
        .copy_out(set.addr, &pending.to_le_bytes()[..sigsetsize as usize])?;
    Ok(0)
}

/// Reads a `sigset_t` after checking `sigsetsize`.
fn read_sigset(ctx: &dyn SyscallContext, at: UserPtr<u8>, sigsetsize: u64) -> Result<u64, Errno> {
    if sigsetsize != SIGSET_SIZE {
        return Err(Errno::EINVAL);
    }
    let mut bytes = [0u8; 8];
    ctx.user().copy_in(at.addr, &mut bytes)?;
    Ok(u64::from_le_bytes(bytes))
}

/// `rt_sigsuspend(mask, sigsetsize)`.
pub fn rt_sigsuspend(
    ctx: &dyn SyscallContext,
    mask: UserPtr<u8>,
    sigsetsize: u64,
) -> Result<usize, Errno> {
    let mask = read_sigset(ctx, mask, sigsetsize)?;
    Err(ctx.signals().sigsuspend(mask))
}

/// `sigaltstack(ss, old_ss)`.
pub fn sigaltstack(
    ctx: &dyn SyscallContext,
    ss: UserPtr<u8>,
    old_ss: UserPtr<u8>,
) -> Result<usize, Errno> {
    let new = if ss.is_null() {
        None
    } else {
        let mut bytes = [0u8; STACK_T_SIZE];
        ctx.user().copy_in(ss.addr, &mut bytes)?;
        Some(bytes)
    };
    let old = ctx.signals().sigaltstack(new)?;
    if !old_ss.is_null() {
        ctx.user().copy_out(old_ss.addr, &old)?;
    }
    Ok(0)
}

/// `rt_sigtimedwait(set, info, timeout, sigsetsize)`: the signal number taken.
pub fn rt_sigtimedwait(
    ctx: &dyn SyscallContext,
    set: UserPtr<u8>,
    info: UserPtr<u8>,
    timeout: UserPtr<u8>,
    sigsetsize: u64,
) -> Result<usize, Errno> {
    let set = read_sigset(ctx, set, sigsetsize)?;
    let timeout_ns = if timeout.is_null() {
        None
    } else {
        let mut bytes = [0u8; 16];
        ctx.user().copy_in(timeout.addr, &mut bytes)?;
        let sec = i64::from_le_bytes(bytes[..8].try_into().unwrap_or_default());
        let nsec = i64::from_le_bytes(bytes[8..].try_into().unwrap_or_default());
        if sec < 0 || !(0..1_000_000_000).contains(&nsec) {
            return Err(Errno::EINVAL);
        }
        Some(
            (sec as u64)
                .saturating_mul(1_000_000_000)
                .saturating_add(nsec as u64),
        )
    };
    let taken = ctx.signals().sigtimedwait(set, timeout_ns)?;
    if !info.is_null() {
        ctx.user().copy_out(info.addr, &taken)?;
    }
    let signo = i32::from_le_bytes(taken[..4].try_into().unwrap_or_default());
    Ok(signo as usize)
}
