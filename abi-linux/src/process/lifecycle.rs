//! Process lifetime syscalls: `clone` (fork semantics), `wait4`, `execve`, `exit`.

use crate::args::UserPtr;
use crate::context::SyscallContext;
use alloc::vec::Vec;
use kernel_core::{Errno, UserAddr};

/// `CSIGNAL`: the exit-signal byte of `clone`'s flags.
const CSIGNAL: u64 = 0xff;
/// SIGCHLD, the only exit signal fork semantics use.
const SIGCHLD: u64 = 17;
/// `CLONE_CHILD_SETTID` and `CLONE_CHILD_CLEARTID` (glibc's `fork` passes both).
const CLONE_CHILD_SETTID: u64 = 0x0100_0000;
const CLONE_CHILD_CLEARTID: u64 = 0x0020_0000;
/// `CLONE_VM | CLONE_VFORK`: `vfork` (glibc passes them with SIGCHLD and its own sp).
const CLONE_VM: u64 = 0x100;
const CLONE_VFORK: u64 = 0x4000;
/// Most argv/envp entries `execve` accepts (Linux's limit is by bytes; this bounds the walk).
const MAX_ARGS: usize = 0x10000;
/// Longest single argument or environment string (`MAX_ARG_STRLEN`).
const MAX_ARG_STRLEN: usize = 32 * 4096;

/// `clone(flags, stack, parent_tid, tls, child_tid)`: through the kernel's process calls when
/// there are any (fork, real `vfork`, threads). Without them, fork semantics only (exit signal
/// SIGCHLD, optionally `CLONE_CHILD_SETTID`/`CLONE_CHILD_CLEARTID`, an optional new stack), with
/// `vfork` run as a copy-on-write fork; other combinations are `EINVAL`.
pub fn clone(
    ctx: &dyn SyscallContext,
    flags: u64,
    stack: u64,
    parent_tid: u64,
    tls: u64,
    child_tid: u64,
) -> Result<usize, Errno> {
    if let Some(calls) = ctx.process_calls() {
        let (parent_tid, child_tid) = (UserAddr::new(parent_tid), UserAddr::new(child_tid));
        return calls
            .clone(flags, stack, parent_tid, tls, child_tid)
            .map(|tid| tid as usize);
    }
    let extra = flags & !CSIGNAL;
    let vfork = extra & (CLONE_VM | CLONE_VFORK);
    if flags & CSIGNAL != SIGCHLD
        || (vfork != 0 && vfork != CLONE_VM | CLONE_VFORK)
        || extra & !(CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | CLONE_VM | CLONE_VFORK) != 0
    {
        return Err(Errno::EINVAL);
    }
    let set_tid = if extra & CLONE_CHILD_SETTID != 0 {
        child_tid
    } else {
        0
    };
    ctx.fork(flags, stack, UserAddr::new(set_tid))
        .map(|pid| pid as usize)
}

/// `wait4(pid, status, options, rusage)`: the status word is Linux's; rusage is zeroed.
pub fn wait4(
    ctx: &dyn SyscallContext,
    pid: i32,
    status: UserPtr<i32>,
    options: i32,
    rusage: UserPtr<u8>,
) -> Result<usize, Errno> {
    let Some((child, code)) = ctx.wait4(pid, options)? else {
        return Ok(0);
    };
    if !status.is_null() {
        ctx.user().copy_out(status.addr, &code.to_le_bytes())?;
    }
    if !rusage.is_null() {
        // struct rusage on arm64: two timevals and fourteen longs.
        ctx.user().copy_out(rusage.addr, &[0u8; 144])?;
    }
    Ok(child as usize)
}

/// Reads a NULL-terminated array of string pointers.
fn read_strings(ctx: &dyn SyscallContext, at: UserPtr<u64>) -> Result<Vec<Vec<u8>>, Errno> {
    let mut strings = Vec::new();
    if at.is_null() {
        return Ok(strings);
    }
    for index in 0..MAX_ARGS as u64 {
        let mut word = [0u8; 8];
        ctx.user()
            .copy_in(UserAddr::new(at.addr.as_u64() + index * 8), &mut word)?;
        let pointer = u64::from_le_bytes(word);
        if pointer == 0 {
            return Ok(strings);
        }
        strings.push(
            ctx.space()
                .lock()
                .read_cstr(UserAddr::new(pointer), MAX_ARG_STRLEN)?,
        );
    }
    Err(Errno::E2BIG)
}

/// `execve(path, argv, envp)`: on success the thread restarts in the new program.
pub fn execve(
    ctx: &dyn SyscallContext,
    path: UserPtr<u8>,
    argv: UserPtr<u64>,
    envp: UserPtr<u64>,
) -> Result<usize, Errno> {
    let path = crate::context::read_path(ctx, path)?;
    let argv = read_strings(ctx, argv)?;
    let envp = read_strings(ctx, envp)?;
    ctx.execve(&path, argv, envp)?;
    Ok(0)
}

/// `exit(status)`: ends the calling thread (and its process with the last thread).
pub fn exit(ctx: &dyn SyscallContext, status: i32) -> Result<usize, Errno> {
    match ctx.process_calls() {
        Some(calls) => calls.exit_thread(status),
        None => ctx.exit_group(status),
    }
}
