//! `lichen.test=threads`: kernel threads that yield to each other across CPUs, then exit.

use core::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use kernel_core::services::time::TimeService;

const THREADS: usize = 8;
const ROUNDS: usize = 50;

static STEPS: AtomicUsize = AtomicUsize::new(0);
static FINISHED: AtomicUsize = AtomicUsize::new(0);
static CPUS_SEEN: AtomicU64 = AtomicU64::new(0);

/// Busy time per round, long enough that idle CPUs wake (tick) and steal queued workers.
const ROUND_BUSY_NS: u64 = 1_000_000;

fn worker(_index: usize) {
    let Some(kernel) = crate::kernel::get() else {
        return;
    };
    for _ in 0..ROUNDS {
        let until = kernel.timers.uptime_ns() + ROUND_BUSY_NS;
        while kernel.timers.uptime_ns() < until {
            core::hint::spin_loop();
        }
        STEPS.fetch_add(1, Ordering::Relaxed);
        CPUS_SEEN.fetch_or(1 << kernel_core::arch::cpu_index(), Ordering::Relaxed);
        crate::task::schedule();
    }
    FINISHED.fetch_add(1, Ordering::Release);
}

/// Spawns the workers, waits for them (yielding), reports.
pub fn run() {
    for index in 0..THREADS {
        crate::task::spawn_kernel_thread(worker, index);
    }
    let Some(kernel) = crate::kernel::get() else {
        return;
    };
    let deadline = kernel.timers.uptime_ns() + 5_000_000_000;
    while FINISHED.load(Ordering::Acquire) < THREADS && kernel.timers.uptime_ns() < deadline {
        crate::task::schedule();
        kernel_core::arch::wait_for_interrupt();
    }
    let cpus = CPUS_SEEN.load(Ordering::Relaxed).count_ones();
    log::info!("threads ran on {cpus} CPU(s)");
    log::info!(
        "selftest threads: {} of {THREADS} finished, {} of {} steps",
        FINISHED.load(Ordering::Acquire),
        STEPS.load(Ordering::Relaxed),
        THREADS * ROUNDS
    );
}
