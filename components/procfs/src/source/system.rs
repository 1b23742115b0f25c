//! System-wide facts: CPU times and identity, counters, memory, mounts.

use alloc::vec::Vec;
use kernel_core::services::vfs::{MountFlags, MountInfo};

/// Time a CPU spent in each state, in nanoseconds (`/proc/stat`'s columns).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CpuTimes {
    /// `user`.
    pub user: u64,
    /// `nice`.
    pub nice: u64,
    /// `system`.
    pub system: u64,
    /// `idle`.
    pub idle: u64,
    /// `iowait`.
    pub iowait: u64,
    /// `irq`.
    pub irq: u64,
    /// `softirq`.
    pub softirq: u64,
    /// `steal`.
    pub steal: u64,
    /// `guest`.
    pub guest: u64,
    /// `guest_nice`.
    pub guest_nice: u64,
}

/// One online CPU.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CpuStats {
    /// Logical CPU number.
    pub id: u32,
    /// `MIDR_EL1`.
    pub midr: u32,
    /// Accumulated times.
    pub times: CpuTimes,
}

/// System-wide counters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SystemStats {
    /// Time since boot, nanoseconds (`CLOCK_BOOTTIME`).
    pub uptime_ns: u64,
    /// Idle time summed over the CPUs, nanoseconds.
    pub idle_ns: u64,
    /// Load averages over 1, 5 and 15 minutes, fixed point with 11 fraction bits (`avenrun`).
    pub load_average: [u64; 3],
    /// Runnable threads.
    pub running_threads: u32,
    /// All threads.
    pub total_threads: u32,
    /// Threads in uninterruptible I/O wait.
    pub blocked_threads: u32,
    /// The most recently allocated pid.
    pub last_pid: i32,
    /// Boot time, seconds since the epoch (`btime`).
    pub boot_time_secs: u64,
    /// Context switches since boot.
    pub context_switches: u64,
    /// Forks since boot.
    pub forks: u64,
    /// Per-interrupt counts, index = Linux irq number, length = `nr_irqs`.
    pub interrupts: Vec<u64>,
    /// Per-softirq counts (`HI`, `TIMER`, `NET_TX`, `NET_RX`, `BLOCK`, `IRQ_POLL`, `TASKLET`,
    /// `SCHED`, `HRTIMER`, `RCU`).
    pub softirqs: [u64; 10],
    /// `AT_HWCAP` bits.
    pub hwcap: u64,
    /// `AT_HWCAP2` bits.
    pub hwcap2: u64,
    /// `nr_cpu_ids`: the highest possible CPU number + 1.
    pub possible_cpus: u32,
    /// The architected timer's frequency (BogoMIPS derives from it on arm64).
    pub timer_frequency_hz: u64,
}

/// `/proc/meminfo`'s values, in kibibytes. Fields Linux derives (`Active`, `Inactive`,
/// `Slab`) are computed by procfs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MemoryInfo {
    /// `MemTotal`.
    pub total_kb: u64,
    /// `MemFree`.
    pub free_kb: u64,
    /// `MemAvailable`.
    pub available_kb: u64,
    /// `Buffers`.
    pub buffers_kb: u64,
    /// `Cached`.
    pub cached_kb: u64,
    /// `SwapCached`.
    pub swap_cached_kb: u64,
    /// `Active(anon)`.
    pub active_anon_kb: u64,
    /// `Inactive(anon)`.
    pub inactive_anon_kb: u64,
    /// `Active(file)`.
    pub active_file_kb: u64,
    /// `Inactive(file)`.
    pub inactive_file_kb: u64,
    /// `Unevictable`.
    pub unevictable_kb: u64,
    /// `Mlocked`.
    pub mlocked_kb: u64,
    /// `SwapTotal`.
    pub swap_total_kb: u64,
    /// `SwapFree`.
    pub swap_free_kb: u64,
    /// `Dirty`.
    pub dirty_kb: u64,
    /// `Writeback`.
    pub writeback_kb: u64,
    /// `AnonPages`.
    pub anon_pages_kb: u64,
    /// `Mapped`.
    pub mapped_kb: u64,
    /// `Shmem`.
    pub shmem_kb: u64,
    /// `SReclaimable`.
    pub slab_reclaimable_kb: u64,
    /// `SUnreclaim`.
    pub slab_unreclaimable_kb: u64,
    /// `KernelStack`.
    pub kernel_stack_kb: u64,
    /// `PageTables`.
    pub page_tables_kb: u64,
    /// `CommitLimit`.
    pub commit_limit_kb: u64,
    /// `Committed_AS`.
    pub committed_kb: u64,
    /// `VmallocTotal`.
    pub vmalloc_total_kb: u64,
    /// `VmallocUsed`.
    pub vmalloc_used_kb: u64,
    /// `Percpu`.
    pub percpu_kb: u64,
    /// `CmaTotal`.
    pub cma_total_kb: u64,
    /// `CmaFree`.
    pub cma_free_kb: u64,
    /// `Hugepagesize` (2048 with 4 KiB pages).
    pub huge_page_size_kb: u64,
}

/// One mount as `/proc/<pid>/mounts` prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MountEntry {
    /// The source (`none` when empty).
    pub source: Vec<u8>,
    /// The absolute mount point.
    pub path: Vec<u8>,
    /// The file-system type.
    pub fs_type: Vec<u8>,
    /// The mount flags.
    pub flags: MountFlags,
    /// The file system's own options without a leading comma (`size=65536k,mode=755`), as
    /// its `show_options` prints them; empty for none.
    pub options: Vec<u8>,
}

impl From<MountInfo> for MountEntry {
    fn from(info: MountInfo) -> Self {
        Self {
            source: info.source,
            path: info.path,
            fs_type: info.fs_type,
            flags: info.flags,
            options: Vec::new(),
        }
    }
}
