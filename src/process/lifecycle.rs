//! fork, wait and exec of a process, over the process component's table.

use super::{table, FsView, Process};
use crate::task::Thread;
use abi_linux::context::FsContext;
use alloc::vec::Vec;
use kernel_core::arch::aarch64::exception::TrapFrame;
use kernel_core::services::process::Pid;
use kernel_core::{Errno, UserAddr};
use process::table::CloneRequest;
use process::wait::{WaitRequest, WNOHANG};

/// The process table's name for `process`.
pub(super) fn pid_of(process: &Process) -> Result<Pid, Errno> {
    Pid::new(process.pid as i32).ok_or(Errno::ESRCH)
}

/// Forks `parent` whose thread trapped with `frame`: the child resumes there with x0 = 0.
pub fn fork(
    parent: &Process,
    frame: &TrapFrame,
    stack: u64,
    child_tid: UserAddr,
) -> Result<u32, Errno> {
    let table = table::get().ok_or(Errno::ENOSYS)?;
    let space = parent.space.lock().fork()?;
    let outcome = table.with(|t| t.clone(pid_of(parent)?, &CloneRequest::FORK))?;
    let pid = outcome.tgid.as_raw() as u32;
    let child = Process::new(pid, space, parent.fs.as_ref().map(FsView::fork));
    child.files.lock().clone_from(&parent.files.lock());
    if child_tid.as_u64() != 0 {
        // CLONE_CHILD_SETTID: the child's own memory holds its tid.
        let _ = child
            .space
            .lock()
            .copy_out(child_tid, &outcome.tid.as_raw().to_le_bytes());
    }
    let mut child_frame = crate::user::copy_frame(frame);
    child_frame.x[0] = 0;
    if stack != 0 {
        child_frame.sp_el0 = stack;
    }
    crate::user::start_user_frame(child, child_frame, Thread::current_tls());
    Ok(pid)
}

/// `wait4` for `process`: sleeps until a child has news unless `WNOHANG`.
pub fn wait4(process: &Process, pid: i32, options: i32) -> Result<Option<(u32, i32)>, Errno> {
    let table = table::get().ok_or(Errno::ECHILD)?;
    let request = WaitRequest::wait4(pid, options)?;
    let me = pid_of(process)?;
    let nohang = options as u32 & WNOHANG != 0;
    crate::task::sleep_until(|| match table.with(|t| t.wait(me, request)) {
        Ok(Some(found)) => Some(Ok(Some((
            found.result.pid.as_raw() as u32,
            found.result.status,
        )))),
        Ok(None) if nohang => Some(Ok(None)),
        // Interrupted: the signal is acted on before the return to user mode.
        Ok(None) if super::signals::pending(process) => Some(Err(Errno::ERESTARTSYS)),
        Ok(None) => None,
        Err(errno) => Some(Err(errno)),
    })
}

/// Replaces `process`'s program (its thread is the caller): returns the new entry and stack.
pub fn execve(
    process: &Process,
    fs: &dyn FsContext,
    path: &[u8],
    argv: Vec<Vec<u8>>,
    envp: Vec<Vec<u8>>,
) -> Result<(u64, u64), Errno> {
    let ctx = fs.path_context(abi_linux::context::AT_FDCWD)?;
    let image = crate::exec::load(&ctx.borrow(), path, argv, envp)?;
    if let Some(table) = table::get() {
        let me = pid_of(process)?;
        table.with(|t| t.exec_begin(me).map(|_| ()))?;
        table.with(|t| t.exec_commit(me, None, None).map(|_| ()))?;
    }
    let root = image.space.root().as_u64();
    let old = core::mem::replace(&mut *process.space.lock(), image.space);
    let thread = crate::task::current_thread();
    let saved = kernel_core::arch::irq_save();
    thread.set_address_space(root);
    kernel_core::arch::aarch64::mmu::set_ttbr0(root);
    thread.set_tls(0);
    thread.restore_tls();
    kernel_core::arch::irq_restore(saved);
    drop(old);
    // Past the point of no return: close-on-exec descriptors go (outside the table's lock).
    let closed = process.files.lock().close_on_exec();
    drop(closed);
    Ok((image.entry, image.sp))
}
