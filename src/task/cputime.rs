//! CPU time of threads: charged at every context switch, read live for the running thread.

use core::sync::atomic::{AtomicU64, Ordering};
use kernel_core::services::time::TimeService;

/// A thread's CPU-time account.
#[derive(Default)]
pub struct CpuClock {
    /// Nanoseconds run in earlier slices.
    total_ns: AtomicU64,
    /// Uptime when the current slice began (meaningful while the thread runs).
    slice_start_ns: AtomicU64,
}

impl CpuClock {
    /// Ends the running slice at `now_ns` (switching away).
    pub fn stop(&self, now_ns: u64) {
        let start = self.slice_start_ns.load(Ordering::Relaxed);
        self.total_ns
            .fetch_add(now_ns.saturating_sub(start), Ordering::Relaxed);
    }

    /// Starts a slice at `now_ns` (switching in).
    pub fn start(&self, now_ns: u64) {
        self.slice_start_ns.store(now_ns, Ordering::Relaxed);
    }

    /// The CPU time of the running thread that owns this clock, at `now_ns`.
    pub fn running_ns(&self, now_ns: u64) -> u64 {
        let start = self.slice_start_ns.load(Ordering::Relaxed);
        self.total_ns
            .load(Ordering::Relaxed)
            .saturating_add(now_ns.saturating_sub(start))
    }
}

/// The CPU time of the thread running on this CPU.
pub fn current_cpu_ns() -> u64 {
    let now = crate::kernel::get().map_or(0, |k| k.timers.uptime_ns());
    super::current_thread().cpu.running_ns(now)
}
