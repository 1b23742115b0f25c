//! The scheduler proper: task table, CPU slots and run queues under one lock.

use crate::queues::{RunQueues, Take};
use crate::task::{CpuSlot, Intent, Place, TaskEntry};
use crate::tick::{Published, TickBoard};
use alloc::collections::BTreeMap;
use alloc::sync::{Arc, Weak};
use alloc::vec::Vec;
use kernel_core::services::sched::{CpuMask, SchedError, TaskId};
use kernel_core::sync::{IrqSpinLock, IrqSpinLockGuard};
use kernel_core::MAX_CPUS;

/// A [`Scheduler`](kernel_core::services::sched::Scheduler) over the run-queue discipline `Q`.
///
/// One [`IrqSpinLock`] guards the task table, the CPU slots and the queues, so every state
/// change is atomic; `tick` reads per-CPU atomics and takes no lock. Only `register` allocates
/// (the table entry, and queue room for every registered task).
pub struct QueueScheduler<Q> {
    pub(crate) inner: IrqSpinLock<Inner<Q>>,
    pub(crate) ticks: TickBoard,
    pub(crate) cpu_count: usize,
    pub(crate) online: CpuMask,
    pub(crate) timeslice_ticks: Option<u32>,
    pub(crate) me: Weak<Self>,
}

/// Everything the lock guards.
pub(crate) struct Inner<Q> {
    pub(crate) queues: Q,
    pub(crate) tasks: BTreeMap<TaskId, TaskEntry>,
    pub(crate) cpus: Vec<CpuSlot>,
}

impl<Q: RunQueues> QueueScheduler<Q> {
    /// A scheduler for CPUs `0..cpu_count` (1 to `MAX_CPUS`) over `queues`, which must have
    /// been built for the same CPU count.
    pub fn with_queues(cpu_count: usize, queues: Q) -> Result<Arc<Self>, SchedError> {
        if cpu_count == 0 || cpu_count > MAX_CPUS {
            return Err(SchedError::BadCpuCount(cpu_count));
        }
        let timeslice_ticks = queues.timeslice_ticks();
        Ok(Arc::new_cyclic(|me| Self {
            inner: IrqSpinLock::new(Inner {
                queues,
                tasks: BTreeMap::new(),
                cpus: alloc::vec![CpuSlot::default(); cpu_count],
            }),
            ticks: TickBoard::new(cpu_count),
            cpu_count,
            online: CpuMask::first_n(cpu_count),
            timeslice_ticks,
            me: me.clone(),
        }))
    }

    /// Takes the lock.
    pub(crate) fn lock(&self) -> IrqSpinLockGuard<'_, Inner<Q>> {
        self.inner.lock()
    }

    /// Publishes every CPU's tick hints from the locked state.
    pub(crate) fn publish(&self, inner: &Inner<Q>) {
        for (cpu, slot) in inner.cpus.iter().enumerate() {
            let state = Published {
                local_waiting: inner.queues.local_waiting(cpu),
                reachable_waiting: inner.queues.reachable_waiting(cpu),
                has_current: slot.current.is_some(),
            };
            self.ticks.publish(cpu, state);
        }
    }

    /// `affinity` limited to this scheduler's CPUs; an error when nothing is left.
    pub(crate) fn usable(&self, affinity: CpuMask) -> Result<CpuMask, SchedError> {
        let usable = affinity.intersection(self.online);
        if usable.is_empty() {
            Err(SchedError::NoAllowedCpu)
        } else {
            Ok(usable)
        }
    }
}

impl<Q: RunQueues> Inner<Q> {
    /// The registered, not exiting, entry of `task`.
    pub(crate) fn live(&mut self, task: TaskId) -> Result<&mut TaskEntry, SchedError> {
        match self.tasks.get_mut(&task) {
            None => Err(SchedError::UnknownTask(task)),
            Some(entry) if entry.exiting => Err(SchedError::Exiting(task)),
            Some(entry) => Ok(entry),
        }
    }

    fn busy(&self) -> CpuMask {
        self.cpus
            .iter()
            .enumerate()
            .filter(|(_, slot)| slot.current.is_some())
            .fold(CpuMask::EMPTY, |mask, (cpu, _)| mask.with(cpu))
    }

    /// Puts an `Off` or `Leaving` task on the queues; returns the CPU it was placed for.
    pub(crate) fn queue(&mut self, task: TaskId, hint: usize) -> Option<usize> {
        let busy = self.busy();
        let entry = self.tasks.get_mut(&task)?;
        let cpu = self.queues.push(task, entry.affinity, hint, busy);
        entry.place = Place::Queued(cpu);
        Some(cpu)
    }

    /// Makes a blocked task runnable (shared by `enqueue` and `wake`); `Ok(None)` when it had
    /// not left its CPU yet, `Err` when it was runnable already.
    pub(crate) fn make_runnable(
        &mut self,
        task: TaskId,
        hint: usize,
    ) -> Result<Option<usize>, SchedError> {
        let entry = self.live(task)?;
        entry.intent = Intent::Idle;
        match entry.place {
            Place::Off => Ok(self.queue(task, hint)),
            Place::OnCpu {
                cpu,
                runnable: false,
            } => {
                entry.place = Place::OnCpu {
                    cpu,
                    runnable: true,
                };
                Ok(None)
            }
            Place::Leaving {
                cpu,
                requeue: false,
            } => {
                entry.place = Place::Leaving { cpu, requeue: true };
                Ok(None)
            }
            Place::Queued(_) | Place::OnCpu { .. } | Place::Leaving { .. } => {
                Err(SchedError::AlreadyRunnable(task))
            }
        }
    }

    /// Completes the switch away from `cpu`'s leaving task: requeue, block or forget it.
    pub(crate) fn finish_leaving(&mut self, cpu: usize) -> Option<usize> {
        let task = self.cpus.get_mut(cpu)?.leaving.take()?;
        let entry = self.tasks.get_mut(&task)?;
        let Place::Leaving { requeue, .. } = entry.place else {
            return None;
        };
        if entry.exiting {
            self.tasks.remove(&task);
            None
        } else if requeue {
            self.queue(task, cpu)
        } else {
            entry.place = Place::Off;
            None
        }
    }

    /// The body of `pick_next` (after `finish_leaving`).
    pub(crate) fn pick(&mut self, cpu: usize) -> Option<TaskId> {
        let prev = self.cpus.get_mut(cpu)?.current.take();
        let prev_entry = prev.and_then(|task| self.tasks.get(&task).map(|entry| (task, *entry)));
        let continues = prev_entry.is_some_and(|(_, entry)| {
            entry.place
                == Place::OnCpu {
                    cpu,
                    runnable: true,
                }
                && entry.affinity.contains(cpu)
        });
        let how = if continues { Take::Balance } else { Take::Idle };
        let next = self.queues.take(cpu, how);
        if let Some((task, entry)) = prev_entry {
            if continues && next.is_none() {
                self.cpus[cpu].current = Some(task);
                return Some(task);
            }
            let requeue = matches!(entry.place, Place::OnCpu { runnable: true, .. });
            if let Some(prev) = self.tasks.get_mut(&task) {
                prev.place = Place::Leaving { cpu, requeue };
            }
            self.cpus[cpu].leaving = Some(task);
        }
        let next = next?;
        if let Some(entry) = self.tasks.get_mut(&next) {
            entry.place = Place::OnCpu {
                cpu,
                runnable: true,
            };
            entry.last_cpu = cpu;
        }
        self.cpus[cpu].current = Some(next);
        Some(next)
    }
}
