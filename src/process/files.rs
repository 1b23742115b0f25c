//! A process's descriptor table as abi-linux's `FileTable`, with `RLIMIT_NOFILE` from the
//! process component, and the sleep of a blocking read or write on a file not yet ready.

use super::{Process, ThreadContext};
use abi_linux::args::Fd;
use abi_linux::context::FileTable;
use alloc::sync::Arc;
use kernel_core::services::sched::TaskId;
use kernel_core::services::vfs::{File, PollEvents, Waker};
use kernel_core::Errno;
use process::Resource;

/// Linux's default `RLIMIT_NOFILE` soft limit, when no process table is there to ask.
const DEFAULT_NOFILE: u64 = 1024;

/// The descriptor table of a process.
pub type Files = process::FdTable<Arc<dyn File>>;

/// The caller's `RLIMIT_NOFILE` soft limit.
fn nofile_limit(process: &Process) -> u64 {
    let (Some(table), Ok(me)) = (super::table::get(), super::lifecycle::pid_of(process)) else {
        return DEFAULT_NOFILE;
    };
    table
        .with(|t| t.rlimit(me, Resource::Nofile))
        .unwrap_or(DEFAULT_NOFILE)
}

impl FileTable for ThreadContext<'_> {
    fn get(&self, fd: Fd) -> Result<Arc<dyn File>, Errno> {
        self.process.files.lock().get(fd.0).cloned()
    }

    fn install(&self, file: Arc<dyn File>, close_on_exec: bool) -> Result<u32, Errno> {
        let limit = nofile_limit(self.process);
        self.process
            .files
            .lock()
            .install(file, close_on_exec, limit)
    }

    fn close(&self, fd: Fd) -> Result<(), Errno> {
        // The file is dropped (and maybe released) after the table's lock.
        let closed = self.process.files.lock().close(fd.0)?;
        drop(closed);
        Ok(())
    }

    fn dup(&self, fd: Fd) -> Result<u32, Errno> {
        let limit = nofile_limit(self.process);
        self.process.files.lock().dup(fd.0, limit)
    }

    fn dup3(&self, oldfd: Fd, newfd: Fd, flags: u32) -> Result<u32, Errno> {
        let limit = nofile_limit(self.process);
        let (fd, replaced) = self
            .process
            .files
            .lock()
            .dup3(oldfd.0, newfd.0, flags, limit)?;
        drop(replaced);
        Ok(fd)
    }

    fn fcntl(&self, fd: Fd, cmd: i32, arg: u64) -> Option<Result<u64, Errno>> {
        let limit = nofile_limit(self.process);
        self.process.files.lock().fcntl(fd.0, cmd, arg, limit)
    }
}

/// Wakes one sleeping thread through the scheduler.
struct TaskWaker(TaskId);

impl Waker for TaskWaker {
    fn wake(&self) {
        crate::task::wake(self.0);
    }
}

/// Sleeps until `file` reports `interest`, hang-up or error; `EINTR` on a pending signal.
pub fn wait_ready(
    process: &Process,
    file: &Arc<dyn File>,
    interest: PollEvents,
) -> Result<(), Errno> {
    let waker: Arc<dyn Waker> = Arc::new(TaskWaker(crate::task::current_thread().id));
    let wanted = interest | PollEvents::POLLHUP | PollEvents::POLLERR;
    crate::task::sleep_until(|| {
        if file.poll(interest, Some(&waker)).intersects(wanted) {
            Some(Ok(()))
        } else if super::signals::pending(process) {
            // Restarted after a SA_RESTART handler, EINTR after any other (as Linux).
            Some(Err(Errno::ERESTARTSYS))
        } else {
            None
        }
    })
}
