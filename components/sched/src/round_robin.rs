//! Round-robin run queues: one FIFO queue per CPU, a timeslice, stealing by idle CPUs.

use crate::queues::{RunQueues, Take};
use alloc::collections::VecDeque;
use alloc::vec::Vec;
use kernel_core::services::sched::{CpuMask, TaskId};
use kernel_core::MAX_CPUS;

/// The timeslice when the board does not choose one, in milliseconds.
pub const DEFAULT_TIMESLICE_MS: u32 = 10;

/// Ticks in a slice of `slice_ms` milliseconds at `tick_hz`, rounded up, at least one.
pub fn timeslice_ticks(tick_hz: u32, slice_ms: u32) -> u32 {
    let ticks = (u64::from(tick_hz) * u64::from(slice_ms)).div_ceil(1000);
    u32::try_from(ticks).unwrap_or(u32::MAX).max(1)
}

/// Per-CPU FIFO queues of (task, affinity).
///
/// Placement: the hint when the task may run there, else the allowed CPU with the least work.
/// A CPU takes from its own queue's head; with nothing there it steals the tail task allowed
/// on it from the longest other queue (any length when it would idle, two or more to balance).
pub struct PerCpuQueues {
    queues: Vec<VecDeque<(TaskId, CpuMask)>>,
    reachable: [usize; MAX_CPUS],
    timeslice_ticks: u32,
}

impl PerCpuQueues {
    /// Queues for CPUs `0..cpu_count` (clamped to `1..=MAX_CPUS`), preempting after
    /// `timeslice_ticks` (at least one).
    pub fn new(cpu_count: usize, timeslice_ticks: u32) -> Self {
        let cpu_count = cpu_count.clamp(1, MAX_CPUS);
        Self {
            queues: (0..cpu_count).map(|_| VecDeque::new()).collect(),
            reachable: [0; MAX_CPUS],
            timeslice_ticks: timeslice_ticks.max(1),
        }
    }

    fn count(&mut self, affinity: CpuMask, added: bool) {
        for cpu in affinity.iter().take_while(|&cpu| cpu < MAX_CPUS) {
            let slot = &mut self.reachable[cpu];
            *slot = if added {
                slot.saturating_add(1)
            } else {
                slot.saturating_sub(1)
            };
        }
    }

    fn load(&self, cpu: usize, busy: CpuMask) -> usize {
        self.queues[cpu].len() + usize::from(busy.contains(cpu))
    }

    /// The longest other queue holding at least `min_len` tasks, one of them allowed on `cpu`.
    fn victim(&self, cpu: usize, min_len: usize) -> Option<usize> {
        (0..self.queues.len())
            .filter(|&other| other != cpu && self.queues[other].len() >= min_len)
            .filter(|&other| {
                self.queues[other]
                    .iter()
                    .any(|(_, mask)| mask.contains(cpu))
            })
            .max_by_key(|&other| (self.queues[other].len(), core::cmp::Reverse(other)))
    }

    fn steal(&mut self, cpu: usize, min_len: usize) -> Option<TaskId> {
        let victim = self.victim(cpu, min_len)?;
        let queue = &mut self.queues[victim];
        let index = queue.iter().rposition(|(_, mask)| mask.contains(cpu))?;
        let (task, mask) = queue.remove(index)?;
        self.count(mask, false);
        Some(task)
    }
}

impl RunQueues for PerCpuQueues {
    fn reserve(&mut self, tasks: usize) {
        for queue in &mut self.queues {
            queue.reserve(tasks.saturating_sub(queue.len()));
        }
    }

    fn push(&mut self, task: TaskId, affinity: CpuMask, hint: usize, busy: CpuMask) -> usize {
        let cpu_count = self.queues.len();
        let cpu = if hint < cpu_count && affinity.contains(hint) {
            hint
        } else {
            affinity
                .iter()
                .take_while(|&cpu| cpu < cpu_count)
                .min_by_key(|&cpu| (self.load(cpu, busy), cpu))
                .unwrap_or(0)
        };
        self.queues[cpu].push_back((task, affinity));
        self.count(affinity, true);
        cpu
    }

    fn take(&mut self, cpu: usize, how: Take) -> Option<TaskId> {
        if let Some((task, mask)) = self.queues.get_mut(cpu)?.pop_front() {
            self.count(mask, false);
            return Some(task);
        }
        self.steal(cpu, if how == Take::Idle { 1 } else { 2 })
    }

    fn remove(&mut self, task: TaskId, queue_cpu: usize) -> bool {
        let Some(queue) = self.queues.get_mut(queue_cpu) else {
            return false;
        };
        let Some(index) = queue.iter().position(|&(queued, _)| queued == task) else {
            return false;
        };
        match queue.remove(index) {
            Some((_, mask)) => {
                self.count(mask, false);
                true
            }
            None => false,
        }
    }

    fn local_waiting(&self, cpu: usize) -> usize {
        self.queues.get(cpu).map_or(0, VecDeque::len)
    }

    fn reachable_waiting(&self, cpu: usize) -> usize {
        self.reachable.get(cpu).copied().unwrap_or(0)
    }

    fn timeslice_ticks(&self) -> Option<u32> {
        Some(self.timeslice_ticks)
    }

    fn for_each(&self, visit: &mut dyn FnMut(Option<usize>, TaskId, CpuMask)) {
        for (cpu, queue) in self.queues.iter().enumerate() {
            for &(task, mask) in queue {
                visit(Some(cpu), task, mask);
            }
        }
    }
}
