//! Processes as the kernel binary holds them: an address space, open files, a file-system view
//! and identity. (The process component's tables, signals and wait logic plug in here in the
//! userspace issue; today a process has one thread and no children.)

mod context;

pub use context::{ThreadContext, STACK_LIMIT};

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::sync::Arc;
use core::sync::atomic::{AtomicU32, Ordering};
use kernel_core::services::mm::UserSpace;
use kernel_core::services::vfs::File;
use kernel_core::sync::IrqSpinLock;

/// A process.
pub struct Process {
    /// Process id (also its first thread's id).
    pub pid: u32,
    /// Parent's id (0 for init).
    pub ppid: u32,
    /// The address space.
    pub space: IrqSpinLock<Box<dyn UserSpace>>,
    /// Open files by descriptor.
    pub files: IrqSpinLock<BTreeMap<u32, Arc<dyn File>>>,
    /// Root and working directory, when the process sees a file system.
    pub fs: Option<FsView>,
}

/// Where a process's paths start.
pub struct FsView {
    /// The root directory.
    pub root: Arc<dyn File>,
    /// The working directory.
    pub cwd: IrqSpinLock<Arc<dyn File>>,
}

static NEXT_PID: AtomicU32 = AtomicU32::new(1);

impl Process {
    /// A new process with the next pid.
    pub fn new(space: Box<dyn UserSpace>, fs: Option<FsView>) -> Arc<Self> {
        Arc::new(Self {
            pid: NEXT_PID.fetch_add(1, Ordering::Relaxed),
            ppid: 0,
            space: IrqSpinLock::new(space),
            files: IrqSpinLock::new(BTreeMap::new()),
            fs,
        })
    }
}
