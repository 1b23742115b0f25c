//! wait and exec of a process, over the process component's table.

use super::{table, Process};
use abi_linux::context::FsContext;
use alloc::vec::Vec;
use kernel_core::services::process::Pid;
use kernel_core::Errno;
use process::table::ExecStart;
use process::wait::{WaitRequest, WaitResult, WNOHANG};

/// The process table's name for the calling thread of `process` (its tid; the process's pid
/// when the caller is not one of its threads).
pub(super) fn pid_of(process: &Process) -> Result<Pid, Errno> {
    Pid::new(super::threads::current_tid(process) as i32).ok_or(Errno::ESRCH)
}

/// `wait4` for `process`: sleeps until a child has news unless `WNOHANG`.
pub fn wait4(process: &Process, pid: i32, options: i32) -> Result<Option<(u32, i32)>, Errno> {
    let request = WaitRequest::wait4(pid, options)?;
    Ok(wait(process, request)?.map(|found| (found.pid.as_raw() as u32, found.status)))
}

/// One wait (`do_wait`): sleeps until a child has news unless `WNOHANG`.
pub fn wait(process: &Process, request: WaitRequest) -> Result<Option<WaitResult>, Errno> {
    let table = table::get().ok_or(Errno::ECHILD)?;
    let me = pid_of(process)?;
    let nohang = request.options & WNOHANG != 0;
    crate::task::sleep_until(|| match table.with(|t| t.wait(me, request)) {
        Ok(Some(found)) => Some(Ok(Some(found.result))),
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
    let table = table::get();
    let me = pid_of(process)?;
    if let Some(table) = table {
        if table.with(|t| t.exec_begin(me))? == ExecStart::WaitForThreads {
            // The other threads were sent SIGKILL; the last one out wakes this one.
            crate::task::sleep_until(|| table.with(|t| t.exec_ready(me)).then_some(()));
        }
    }
    let root = image.space.root().as_u64();
    *process.program.lock() = image.program;
    // The new program's memory first: a vfork parent released by the commit finds its own.
    let old = super::clone::install_space(process, image.space);
    if let Some(table) = table {
        let outcome = table.with(|t| t.exec_commit(me, None, None))?;
        if let Some(old_tid) = outcome.old_tid {
            // A non-leader took over the process ID.
            super::threads::detach(process, old_tid.as_raw() as u32);
            process.set_task(
                outcome.tid.as_raw() as u32,
                crate::task::current_thread().id,
            );
        }
    }
    let thread = crate::task::current_thread();
    let saved = kernel_core::arch::irq_save();
    thread.set_address_space(root);
    crate::memory::tlb::load_user_root(root);
    thread.set_tls(0);
    thread.restore_tls();
    kernel_core::arch::irq_restore(saved);
    drop(old);
    // Past the point of no return: close-on-exec descriptors go (outside the table's lock).
    let closed = process.files.lock().close_on_exec();
    drop(closed);
    Ok((image.entry, image.sp))
}
