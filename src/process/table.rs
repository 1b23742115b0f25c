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
        let pid = match wakeup {
            Wakeup::Signal { tid, .. } | Wakeup::Continue { tid } | Wakeup::ExecWaiter { tid } => {
                tid
            }
            Wakeup::ChildEvent { parent } => parent,
            Wakeup::VforkDone { parent_tid } => parent_tid,
        };
        wake_process(pid);
    }
}

/// Makes the thread of `pid` runnable if it sleeps.
pub fn wake_process(pid: Pid) {
    let Some(task) = u32::try_from(pid.as_raw())
        .ok()
        .and_then(super::lookup)
        .and_then(|p| p.task())
    else {
        return;
    };
    crate::task::wake(task);
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
