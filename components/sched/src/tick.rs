//! Per-CPU tick state, read and written without the scheduler lock.
//!
//! Under the lock the scheduler publishes, per CPU, how much work waits and whether the CPU
//! runs something; `tick` reads only these atomics. They are hints: a stale value delays or
//! hastens one reschedule by a tick, and `pick_next` re-decides under the lock.

use core::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};
use kernel_core::percpu::PerCpu;

#[derive(Default)]
struct CpuTick {
    slice_used: AtomicU32,
    local_waiting: AtomicUsize,
    reachable_waiting: AtomicUsize,
    has_current: AtomicBool,
    need_resched: AtomicBool,
}

/// What one CPU's tick decision looks at.
pub(crate) struct Published {
    pub(crate) local_waiting: usize,
    pub(crate) reachable_waiting: usize,
    pub(crate) has_current: bool,
}

/// The tick state of every CPU.
pub(crate) struct TickBoard {
    cpus: PerCpu<CpuTick>,
    cpu_count: usize,
}

impl TickBoard {
    pub(crate) fn new(cpu_count: usize) -> Self {
        Self {
            cpus: PerCpu::new(|_| CpuTick::default()),
            cpu_count,
        }
    }

    fn cpu(&self, cpu: usize) -> Option<&CpuTick> {
        if cpu < self.cpu_count {
            self.cpus.get(cpu)
        } else {
            None
        }
    }

    /// Records `cpu`'s queue and run state (called under the scheduler lock).
    pub(crate) fn publish(&self, cpu: usize, state: Published) {
        if let Some(slot) = self.cpu(cpu) {
            slot.local_waiting
                .store(state.local_waiting, Ordering::Relaxed);
            slot.reachable_waiting
                .store(state.reachable_waiting, Ordering::Relaxed);
            slot.has_current.store(state.has_current, Ordering::Relaxed);
        }
    }

    /// Asks `cpu` to reschedule at its next tick.
    pub(crate) fn request(&self, cpu: usize) {
        if let Some(slot) = self.cpu(cpu) {
            slot.need_resched.store(true, Ordering::Relaxed);
        }
    }

    /// `cpu` just picked a task: a fresh slice, no pending request.
    pub(crate) fn restart(&self, cpu: usize) {
        if let Some(slot) = self.cpu(cpu) {
            slot.slice_used.store(0, Ordering::Relaxed);
            slot.need_resched.store(false, Ordering::Relaxed);
        }
    }

    /// Accounts a tick on `cpu`; `true` asks it to call `pick_next`.
    ///
    /// Reschedule when asked to; when idle and work is reachable; or, with a timeslice, when
    /// the slice is used up and a task waits on this CPU's queue or could be pulled from a
    /// queue holding two or more.
    pub(crate) fn tick(&self, cpu: usize, timeslice_ticks: Option<u32>) -> bool {
        let Some(slot) = self.cpu(cpu) else {
            return false;
        };
        if slot.need_resched.load(Ordering::Relaxed) {
            return true;
        }
        let reachable = slot.reachable_waiting.load(Ordering::Relaxed);
        if !slot.has_current.load(Ordering::Relaxed) {
            return reachable > 0;
        }
        let used = slot.slice_used.load(Ordering::Relaxed).saturating_add(1);
        slot.slice_used.store(used, Ordering::Relaxed);
        let Some(timeslice) = timeslice_ticks else {
            return false;
        };
        if used < timeslice {
            return false;
        }
        let local = slot.local_waiting.load(Ordering::Relaxed);
        local > 0 || (reachable > local && self.busiest_other(cpu) >= 2)
    }

    fn busiest_other(&self, cpu: usize) -> usize {
        (0..self.cpu_count)
            .filter(|&other| other != cpu)
            .filter_map(|other| self.cpus.get(other))
            .map(|slot| slot.local_waiting.load(Ordering::Relaxed))
            .max()
            .unwrap_or(0)
    }
}
