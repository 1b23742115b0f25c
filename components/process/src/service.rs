//! The process component as the kernel holds it: the table under one interrupt-safe lock,
//! wakeups performed after unlocking, and the [`ProcessService`] other components use.

use crate::table::ProcessTable;
use alloc::sync::Arc;
use alloc::vec::Vec;
use kernel_core::services::process::{
    FileIdentity, Pid, ProcessInfo, ProcessService, Signal, ThreadWaker,
};
use kernel_core::sync::IrqSpinLock;
use kernel_core::Errno;

/// What the process component may use.
pub struct ProcessesCaps {
    /// Wakes threads (the scheduler, through the kernel).
    pub waker: Arc<dyn ThreadWaker>,
}

/// The process table behind its lock (Linux's `tasklist_lock` and `siglock`s in one; an
/// `IrqSpinLock` because timers and the TTY send signals from interrupt handlers).
pub struct Processes {
    caps: ProcessesCaps,
    table: IrqSpinLock<ProcessTable>,
}

impl Processes {
    /// A table for a machine with `total_ram_pages` 4 KiB pages; call
    /// `with(|t| t.spawn_init(..))` to create init.
    pub fn new(caps: ProcessesCaps, total_ram_pages: u64) -> Self {
        Self {
            caps,
            table: IrqSpinLock::new(ProcessTable::new(total_ram_pages)),
        }
    }

    /// Runs `f` on the locked table, then performs the wakeups it queued, unlocked.
    pub fn with<R>(&self, f: impl FnOnce(&mut ProcessTable) -> R) -> R {
        let (result, wakeups) = {
            let mut table = self.table.lock();
            let result = f(&mut table);
            (result, table.take_wakeups())
        };
        for wakeup in wakeups {
            self.caps.waker.wake(wakeup);
        }
        result
    }
}

impl ProcessService for Processes {
    fn signal_process_group(&self, pgid: i32, signal: Signal) -> Result<(), Errno> {
        self.with(|t| t.kill_group_from_kernel(pgid, signal))
    }

    fn signal_process(&self, pid: Pid, signal: Signal) -> Result<(), Errno> {
        self.with(|t| t.kill_process_from_kernel(pid, signal))
    }

    fn session_of(&self, pid: Pid) -> Option<i32> {
        self.with(|t| t.getsid(pid, 0).ok())
    }

    fn process_group_of(&self, pid: Pid) -> Option<i32> {
        self.with(|t| t.getpgid(pid, 0).ok())
    }

    fn session_of_process_group(&self, pgid: i32) -> Option<i32> {
        self.with(|t| t.session_of_group(pgid))
    }

    fn is_orphaned_process_group(&self, pgid: i32) -> bool {
        self.with(|t| t.is_orphaned_group(pgid))
    }

    fn ignores_or_blocks(&self, tid: Pid, signal: Signal) -> bool {
        self.with(|t| t.ignores_or_blocks(tid, signal))
    }

    fn file_identity(&self, tid: Pid) -> Option<FileIdentity> {
        self.with(|t| t.credentials(tid).ok().map(|c| c.file_identity()))
    }

    fn umask(&self, tid: Pid) -> Option<u32> {
        self.with(|t| t.current_umask(tid).ok())
    }

    fn process_info(&self, pid: Pid) -> Option<ProcessInfo> {
        self.with(|t| t.process_info(pid))
    }

    fn process_ids(&self) -> Vec<Pid> {
        self.with(|t| t.process_ids())
    }

    fn thread_ids(&self, pid: Pid) -> Vec<Pid> {
        self.with(|t| t.thread_ids(pid))
    }
}
