//! The process component's table as the kernel holds it, and the waker that turns its
//! wakeups into scheduler wakes of the threads concerned.

use alloc::sync::Arc;
use kernel_core::services::process::{Pid, ThreadWaker, Wakeup};
use kernel_core::sync::Once;
use process::{Processes, ProcessesCaps};

static TABLE: Once<Processes> = Once::new();

/// Wakes the thread of a process named by a wakeup.
struct Waker;

impl ThreadWaker for Waker {
    fn wake(&self, wakeup: Wakeup) {
        match wakeup {
            Wakeup::Signal { tid, .. }
            | Wakeup::Continue { tid }
            | Wakeup::ExecWaiter { tid }
            | Wakeup::VforkDone { parent_tid: tid } => wake_thread(tid),
            Wakeup::ChildEvent { parent } => wake_process(parent),
        }
    }
}

/// Makes thread `tid` runnable if it sleeps.
pub fn wake_thread(tid: Pid) {
    if let Some(task) = u32::try_from(tid.as_raw())
        .ok()
        .and_then(super::threads::task_of)
    {
        crate::task::wake(task);
    }
}

/// Makes every thread of process `pid` runnable if it sleeps.
pub fn wake_process(pid: Pid) {
    let Some(process) = u32::try_from(pid.as_raw()).ok().and_then(super::lookup) else {
        return;
    };
    for tid in super::threads::tids(&process) {
        if let Some(task) = super::threads::task_of(tid) {
            crate::task::wake(task);
        }
    }
}

/// Creates the table and init's record (pid 1); returns init's pid.
pub fn init(memory_bytes: u64) -> Result<u32, kernel_core::Errno> {
    let pages = memory_bytes / 4096;
    let table = TABLE.call_once(|| {
        Processes::new(
            ProcessesCaps {
                waker: Arc::new(Waker),
            },
            pages,
        )
    });
    table
        .with(|t| t.spawn_init(pages))
        .map(|pid| pid.as_raw() as u32)
}

/// The table, once `init` ran (not in kernel self-tests without user space).
pub fn get() -> Option<&'static Processes> {
    TABLE.get()
}
