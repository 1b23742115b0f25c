//! `ProcSource`: the facts procfs shows that the process contract does not carry.

mod process;
mod system;

pub use process::{
    CapabilitySets, MemoryLayout, OpenDescriptor, SchedState, SpeculationState, TaskDetails,
};
pub use system::{CpuStats, CpuTimes, MemoryInfo, MountEntry, SystemStats};

use alloc::vec::Vec;
use kernel_core::services::process::Pid;
use kernel_core::services::vfs::Timespec;

/// What procfs asks the kernel beyond [`ProcessService`](kernel_core::services::process::ProcessService):
/// scheduler, memory-manager, fd-table and boot facts. Implemented by the kernel's assembly.
///
/// Invariants: never sleeps; answers about one moment (procfs calls it when a file is first
/// read and keeps the text, as `seq_file` does); `None` for a process that has gone.
pub trait ProcSource: Send + Sync {
    /// The calling thread's process (`/proc/self`); `None` in a kernel thread.
    fn current_process(&self) -> Option<Pid>;
    /// The wall-clock time, for the inodes' timestamps.
    fn now(&self) -> Timespec;
    /// Facts of process `pid`'s main thread.
    fn task(&self, pid: Pid) -> Option<TaskDetails>;
    /// Process `pid`'s address space; `None` for a zombie (no `mm`).
    fn memory_layout(&self, pid: Pid) -> Option<MemoryLayout>;
    /// The argument bytes, NUL-separated as in memory (empty for a zombie).
    fn command_line(&self, pid: Pid) -> Vec<u8>;
    /// The executable's path; `None` once a zombie.
    fn executable(&self, pid: Pid) -> Option<Vec<u8>>;
    /// The open descriptors in increasing order; `None` once the table is gone (a zombie).
    fn open_descriptors(&self, pid: Pid) -> Option<Vec<OpenDescriptor>>;
    /// System-wide counters.
    fn system(&self) -> SystemStats;
    /// Memory counters.
    fn memory(&self) -> MemoryInfo;
    /// The online CPUs in increasing order.
    fn cpus(&self) -> Vec<CpuStats>;
    /// The kernel command line (without a newline).
    fn kernel_command_line(&self) -> Vec<u8>;
    /// The mounts seen by process `pid`, parents first.
    fn mounts(&self, pid: Pid) -> Vec<MountEntry>;
    /// Process `pid`'s working directory as an absolute path; `None` once a zombie.
    fn working_directory(&self, pid: Pid) -> Option<Vec<u8>> {
        let _ = pid;
        None
    }
}
