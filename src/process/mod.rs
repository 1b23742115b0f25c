//! Processes as the kernel binary holds them: the per-process kernel resources (address space,
//! open files, file-system view) keyed by the process component's pids; the component's table
//! (ids, exit, wait, signals) lives in [`table`].

mod calls;
mod clone;
mod context;
mod exit;
mod files;
mod futex;
pub mod itimers;
mod lifecycle;
mod sigframe;
pub mod signals;
pub mod table;
pub mod threads;

pub use context::{ThreadContext, STACK_LIMIT};
pub use exit::exit;
pub use files::Files;
pub use sigframe::set_user_regs;

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::sync::atomic::AtomicU64;
use kernel_core::services::mm::UserSpace;
use kernel_core::services::sched::TaskId;
use kernel_core::services::vfs::{File, WriteDenial};
use kernel_core::sync::IrqSpinLock;

/// A process's kernel resources.
pub struct Process {
    /// Process id (its first thread's id), as the process table gave it.
    pub pid: u32,
    /// The address space.
    pub space: IrqSpinLock<Box<dyn UserSpace>>,
    /// Open files by descriptor.
    pub files: IrqSpinLock<Files>,
    /// Root and working directory, when the process sees a file system.
    pub fs: Option<FsView>,
    /// The CPUs it may run on (`sched_setaffinity`; recorded, not yet enforced).
    pub affinity: AtomicU64,
    /// The program it runs, as procfs shows it.
    pub program: IrqSpinLock<Program>,
    /// The tids of its running threads (see [`threads`]).
    tids: IrqSpinLock<Vec<u32>>,
    /// A `vfork` child runs in its parent's address space, lent here until it execs or exits.
    pub vfork_lender: IrqSpinLock<Option<Arc<Process>>>,
}

/// The program a process runs: what `/proc/<pid>/{comm,cmdline,exe}` show.
#[derive(Clone, Default)]
pub struct Program {
    /// `comm`: the base name of the executed path, at most 15 bytes (or `PR_SET_NAME`'s).
    pub comm: Vec<u8>,
    /// The arguments, each followed by a NUL.
    pub command_line: Vec<u8>,
    /// The executable's absolute path.
    pub executable: Vec<u8>,
    /// Keeps the executable from being opened for writing while the program runs (`ETXTBSY`);
    /// shared with `fork` children, lifted when the last process running it exits or execs.
    pub write_denial: Option<Arc<WriteDenial>>,
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
            affinity: AtomicU64::new(u64::MAX),
            program: IrqSpinLock::new(Program::default()),
            tids: IrqSpinLock::new(Vec::new()),
            vfork_lender: IrqSpinLock::new(None),
        });
        LIVE.lock().insert(pid, process.clone());
        process
    }

    /// Records that scheduler task `task` runs the process's thread `tid`.
    pub fn set_task(&self, tid: u32, task: TaskId) {
        threads::attach(self, tid, task);
    }

    /// Forgets the process's resources (at exit): files close, the space goes with the last
    /// reference.
    pub fn release(&self) {
        crate::procfs_source::remember_exited(self);
        let write_denial = self.program.lock().write_denial.take();
        drop(write_denial);
        let files = core::mem::take(&mut *self.files.lock());
        drop(files);
        itimers::release(self.pid);
        LIVE.lock().remove(&self.pid);
    }
}

/// The live processes, in increasing pid order.
pub fn live() -> Vec<Arc<Process>> {
    LIVE.lock().values().cloned().collect()
}

/// The live process with `pid`.
pub fn lookup(pid: u32) -> Option<Arc<Process>> {
    LIVE.lock().get(&pid).cloned()
}
