//! Per-process facts procfs needs beyond the process contract.

use alloc::vec::Vec;
use kernel_core::services::vfs::DeviceId;

/// What the scheduler says a live, non-stopped task is doing (the job-control states and
/// zombies come from [`ProcessInfo`](kernel_core::services::process::ProcessInfo)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SchedState {
    /// On a CPU or runnable (`R`).
    Running,
    /// Interruptible sleep (`S`).
    #[default]
    Sleeping,
    /// Uninterruptible sleep (`D`).
    DiskSleep,
    /// An idle kernel thread (`I`).
    Idle,
}

/// Capability sets of a process's main thread, bit `n` is capability `n`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CapabilitySets {
    /// `CapInh`.
    pub inheritable: u64,
    /// `CapPrm`.
    pub permitted: u64,
    /// `CapEff`.
    pub effective: u64,
    /// `CapBnd`.
    pub bounding: u64,
    /// `CapAmb`.
    pub ambient: u64,
}

/// Per-process facts of the main thread for `/proc/<pid>/stat` and `status`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaskDetails {
    /// `comm`: the executable's base name, at most 15 bytes.
    pub comm: Vec<u8>,
    /// Running or sleeping (used when the process is alive and not stopped).
    pub sched_state: SchedState,
    /// The controlling terminal and its foreground process group.
    pub tty: Option<(DeviceId, i32)>,
    /// `task->flags` (`PF_*`).
    pub flags: u32,
    /// Minor faults of the process and of its waited-for children.
    pub minor_faults: (u64, u64),
    /// Major faults of the process and of its waited-for children.
    pub major_faults: (u64, u64),
    /// User and system CPU time of the thread group, in nanoseconds.
    pub cpu_time_ns: (u64, u64),
    /// User and system CPU time of waited-for children, in nanoseconds.
    pub children_cpu_time_ns: (u64, u64),
    /// Nice value, `-20..=19`.
    pub nice: i32,
    /// Real-time priority (0 for normal policies).
    pub rt_priority: u32,
    /// Scheduling policy (`SCHED_NORMAL` = 0...).
    pub policy: u32,
    /// Start time, nanoseconds after boot.
    pub start_time_ns: u64,
    /// The CPU it last ran on.
    pub cpu: u32,
    /// The signal sent to the parent at exit (`SIGCHLD` = 17 usually).
    pub exit_signal: i32,
    /// The `wait` status once a zombie, else 0.
    pub exit_code: i32,
    /// Signals pending for the main thread only.
    pub thread_pending: u64,
    /// Signals the main thread blocks.
    pub blocked: u64,
    /// Signals the process ignores.
    pub ignored: u64,
    /// Signals the process catches.
    pub caught: u64,
    /// Queued signals of the owning user and `RLIMIT_SIGPENDING`.
    pub signal_queue: (u64, u64),
    /// `RLIMIT_RSS` soft limit in bytes (`u64::MAX` is unlimited).
    pub rss_limit: u64,
    /// Slots of the descriptor table (`FDSize`).
    pub fd_table_size: u32,
    /// Supplementary groups.
    pub groups: Vec<u32>,
    /// Capability sets.
    pub capabilities: CapabilitySets,
    /// `prctl(PR_SET_NO_NEW_PRIVS)`.
    pub no_new_privs: bool,
    /// Voluntary and involuntary context switches.
    pub context_switches: (u64, u64),
    /// CPUs the main thread may run on (bit `n` is CPU `n`).
    pub cpus_allowed: u64,
    /// The speculative-store-bypass state `prctl(PR_GET_SPECULATION_CTRL)` reports.
    pub speculation_store_bypass: SpeculationState,
}

/// `Speculation_Store_Bypass` in `/proc/<pid>/status`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SpeculationState {
    /// The architecture cannot tell.
    #[default]
    Unknown,
    /// The CPU is not affected or always mitigated.
    NotVulnerable,
    /// Affected, no mitigation available.
    Vulnerable,
    /// Affected, mitigation controllable per thread and off.
    ThreadVulnerable,
    /// Mitigated for this thread.
    ThreadMitigated,
    /// Mitigated for this thread, and it cannot be undone.
    ThreadForceMitigated,
    /// Mitigated for every thread.
    GloballyMitigated,
}

impl SpeculationState {
    /// Linux's wording.
    pub const fn as_str(self) -> &'static str {
        match self {
            SpeculationState::Unknown => "unknown",
            SpeculationState::NotVulnerable => "not vulnerable",
            SpeculationState::Vulnerable => "vulnerable",
            SpeculationState::ThreadVulnerable => "thread vulnerable",
            SpeculationState::ThreadMitigated => "thread mitigated",
            SpeculationState::ThreadForceMitigated => "thread force mitigated",
            SpeculationState::GloballyMitigated => "globally mitigated",
        }
    }
}

/// A process's address space, in Linux's `mm_struct` terms (absent for zombies).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MemoryLayout {
    /// Mapped pages (`total_vm`) and the peak (`hiwater_vm`).
    pub total_pages: (u64, u64),
    /// Locked and pinned pages.
    pub locked_pages: (u64, u64),
    /// Resident anonymous, file and shared-memory pages.
    pub resident_pages: (u64, u64, u64),
    /// Peak resident pages (`hiwater_rss`).
    pub resident_peak_pages: u64,
    /// Data, stack and executable mapping pages (`data_vm`, `stack_vm`, `exec_vm`).
    pub data_stack_exec_pages: (u64, u64, u64),
    /// Page-table bytes.
    pub page_table_bytes: u64,
    /// Swapped-out pages.
    pub swap_pages: u64,
    /// `start_code`, `end_code`.
    pub code: (u64, u64),
    /// `start_data`, `end_data`.
    pub data: (u64, u64),
    /// `start_brk`.
    pub start_brk: u64,
    /// `start_stack`.
    pub start_stack: u64,
    /// `arg_start`, `arg_end`.
    pub arguments: (u64, u64),
    /// `env_start`, `env_end`.
    pub environment: (u64, u64),
}

/// One open descriptor, as `/proc/<pid>/fd/N` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenDescriptor {
    /// The descriptor number.
    pub fd: u32,
    /// The link target: an absolute path, or `pipe:[N]`, `anon_inode:[eventfd]`...
    pub target: Vec<u8>,
    /// Opened for reading.
    pub readable: bool,
    /// Opened for writing.
    pub writable: bool,
}
