//! Processes as the kernel binary holds them: the per-process kernel resources (address space,
//! open files, file-system view) keyed by the process component's pids; the component's table
//! (ids, exit, wait, signals) lives in [`table`].

mod context;
mod files;
pub mod itimers;
mod lifecycle;
mod sigframe;
pub mod signals;
pub mod table;

pub use context::{ThreadContext, STACK_LIMIT};
pub use files::Files;
pub use sigframe::set_user_regs;

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicU64, Ordering};
use kernel_core::services::mm::UserSpace;
use kernel_core::services::sched::TaskId;
use kernel_core::services::vfs::File;
use kernel_core::sync::IrqSpinLock;

/// A process's kernel resources.
pub struct Process {
    /// Process id (also its only thread's id), as the process table gave it.
    pub pid: u32,
    /// The address space.
    pub space: IrqSpinLock<Box<dyn UserSpace>>,
    /// Open files by descriptor.
    pub files: IrqSpinLock<Files>,
    /// Root and working directory, when the process sees a file system.
    pub fs: Option<FsView>,
    /// The scheduler's id of the process's thread (0 until it starts).
    task: AtomicU64,
}

/// Where a process's paths start.
pub struct FsView {
    /// The root directory.
    pub root: Arc<dyn File>,
    /// The working directory.
    pub cwd: IrqSpinLock<Arc<dyn File>>,
    /// Its absolute path (what `getcwd` reports).
    pub cwd_path: IrqSpinLock<Vec<u8>>,
}

impl FsView {
    /// A copy for a forked child (same directories, its own working-directory slot).
    pub fn fork(&self) -> Self {
        Self {
            root: self.root.clone(),
            cwd: IrqSpinLock::new(self.cwd.lock().clone()),
            cwd_path: IrqSpinLock::new(self.cwd_path.lock().clone()),
        }
    }
}

/// Live processes by pid (zombies are only in the process table).
static LIVE: IrqSpinLock<BTreeMap<u32, Arc<Process>>> = IrqSpinLock::new(BTreeMap::new());

impl Process {
    /// A process with `pid` (from the process table), registered as live.
    pub fn new(pid: u32, space: Box<dyn UserSpace>, fs: Option<FsView>) -> Arc<Self> {
        let process = Arc::new(Self {
            pid,
            space: IrqSpinLock::new(space),
            files: IrqSpinLock::new(Files::new()),
            fs,
            task: AtomicU64::new(0),
        });
        LIVE.lock().insert(pid, process.clone());
        process
    }

    /// Records the scheduler id of the process's thread.
    pub fn set_task(&self, task: TaskId) {
        self.task.store(task.0, Ordering::Release);
    }

    /// The scheduler id of the process's thread, once started.
    pub fn task(&self) -> Option<TaskId> {
        match self.task.load(Ordering::Acquire) {
            0 => None,
            id => Some(TaskId(id)),
        }
    }

    /// Forgets the process's resources (at exit): files close, the space goes with the last
    /// reference.
    pub fn release(&self) {
        let files = core::mem::take(&mut *self.files.lock());
        drop(files);
        itimers::release(self.pid);
        LIVE.lock().remove(&self.pid);
    }
}

/// The live process with `pid`.
pub fn lookup(pid: u32) -> Option<Arc<Process>> {
    LIVE.lock().get(&pid).cloned()
}
