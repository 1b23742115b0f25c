//! FIFO run queue: one queue shared by all CPUs, no preemption.

use crate::queues::{RunQueues, Take};
use alloc::collections::VecDeque;
use kernel_core::services::sched::{CpuMask, TaskId};
use kernel_core::MAX_CPUS;

/// One first-in, first-out queue of (task, affinity) for every CPU.
///
/// A CPU takes the oldest task allowed on it; a task runs until it blocks or yields.
pub struct GlobalQueue {
    queue: VecDeque<(TaskId, CpuMask)>,
    allowed: [usize; MAX_CPUS],
    cpu_count: usize,
}

impl GlobalQueue {
    /// A queue for CPUs `0..cpu_count` (clamped to `1..=MAX_CPUS`).
    pub fn new(cpu_count: usize) -> Self {
        Self {
            queue: VecDeque::new(),
            allowed: [0; MAX_CPUS],
            cpu_count: cpu_count.clamp(1, MAX_CPUS),
        }
    }

    fn count(&mut self, affinity: CpuMask, added: bool) {
        for cpu in affinity.iter().take_while(|&cpu| cpu < MAX_CPUS) {
            let slot = &mut self.allowed[cpu];
            *slot = if added {
                slot.saturating_add(1)
            } else {
                slot.saturating_sub(1)
            };
        }
    }
}

impl RunQueues for GlobalQueue {
    fn reserve(&mut self, tasks: usize) {
        self.queue.reserve(tasks.saturating_sub(self.queue.len()));
    }

    fn push(&mut self, task: TaskId, affinity: CpuMask, hint: usize, busy: CpuMask) -> usize {
        self.queue.push_back((task, affinity));
        self.count(affinity, true);
        // Any allowed CPU may take it; name one to kick: the hint if it idles, else an idle
        // allowed CPU, else the hint, else the first allowed CPU.
        let hint_allowed = hint < self.cpu_count && affinity.contains(hint);
        if hint_allowed && !busy.contains(hint) {
            return hint;
        }
        let online = CpuMask::first_n(self.cpu_count);
        let first_allowed = affinity.intersection(online).iter().next().unwrap_or(0);
        match affinity
            .intersection(online)
            .iter()
            .find(|&cpu| !busy.contains(cpu))
        {
            Some(idle) => idle,
            None if hint_allowed => hint,
            None => first_allowed,
        }
    }

    fn take(&mut self, cpu: usize, _how: Take) -> Option<TaskId> {
        let index = self.queue.iter().position(|(_, mask)| mask.contains(cpu))?;
        let (task, mask) = self.queue.remove(index)?;
        self.count(mask, false);
        Some(task)
    }

    fn remove(&mut self, task: TaskId, _queue_cpu: usize) -> bool {
        let Some(index) = self.queue.iter().position(|&(queued, _)| queued == task) else {
            return false;
        };
        match self.queue.remove(index) {
            Some((_, mask)) => {
                self.count(mask, false);
                true
            }
            None => false,
        }
    }

    fn local_waiting(&self, cpu: usize) -> usize {
        self.reachable_waiting(cpu)
    }

    fn reachable_waiting(&self, cpu: usize) -> usize {
        self.allowed.get(cpu).copied().unwrap_or(0)
    }

    fn timeslice_ticks(&self) -> Option<u32> {
        None
    }

    fn for_each(&self, visit: &mut dyn FnMut(Option<usize>, TaskId, CpuMask)) {
        for &(task, mask) in &self.queue {
            visit(None, task, mask);
        }
    }
}
