//! Text generators: each file's contents, byte for byte as Linux 6.1 prints them.

mod cpuinfo;
mod meminfo;
mod mounts;
mod pid_stat;
mod status;
mod system;
mod text;

pub use cpuinfo::{cpuinfo, HWCAP2_NAMES, HWCAP_NAMES};
pub use meminfo::meminfo;
pub use mounts::mounts;
pub use pid_stat::pid_stat;
pub use status::status;
pub use system::{cmdline, loadavg, stat, uptime};

/// Clock ticks per second as user space sees them (`USER_HZ`).
pub const USER_HZ: u64 = 100;
/// The kernel's tick rate Linux's arm64 BogoMIPS is computed with (Debian's `CONFIG_HZ`).
pub const KERNEL_HZ: u64 = 250;
/// `PAGE_SHIFT` of a 4 KiB-page kernel.
pub const PAGE_SHIFT: u32 = 12;

/// Linux's `nsec_to_clock_t`: nanoseconds to `USER_HZ` ticks.
pub const fn nsec_to_clock_t(nanoseconds: u64) -> u64 {
    nanoseconds / (1_000_000_000 / USER_HZ)
}

use crate::source::{MemoryLayout, SchedState, TaskDetails};
use kernel_core::services::process::{ProcessInfo, ProcessRunState};

/// Everything known about one process, gathered once per generated file.
#[derive(Clone, Copy, Debug)]
pub struct ProcessView<'a> {
    /// The process table's facts.
    pub info: &'a ProcessInfo,
    /// The main thread's facts.
    pub task: &'a TaskDetails,
    /// The address space; `None` for a zombie.
    pub memory: Option<&'a MemoryLayout>,
}

impl ProcessView<'_> {
    /// `get_task_state`: the `task_state_array` entry (`"S (sleeping)"`...).
    pub fn state(&self) -> &'static str {
        match self.info.state {
            ProcessRunState::Zombie => "Z (zombie)",
            ProcessRunState::Stopped => "T (stopped)",
            ProcessRunState::Alive => match self.task.sched_state {
                SchedState::Running => "R (running)",
                SchedState::Sleeping => "S (sleeping)",
                SchedState::DiskSleep => "D (disk sleep)",
                SchedState::Idle => "I (idle)",
            },
        }
    }

    /// `get_nr_threads`: the live threads, and a zombie leader still counts itself until it
    /// is reaped.
    pub fn thread_count(&self) -> usize {
        self.info.thread_count.max(1)
    }

    /// Resident pages (`get_mm_rss`: anonymous + file + shared memory).
    pub fn resident_pages(&self) -> u64 {
        self.memory.map_or(0, |memory| {
            let (anon, file, shmem) = memory.resident_pages;
            anon + file + shmem
        })
    }
}
