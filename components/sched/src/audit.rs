//! Consistency check of the whole scheduler state, for tests and debug builds of the kernel.

use crate::core::QueueScheduler;
use crate::queues::RunQueues;
use crate::task::Place;
use alloc::collections::BTreeMap;
use kernel_core::services::sched::{CpuMask, TaskId};

/// A broken invariant that [`QueueScheduler::audit`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Violation {
    /// A queued task the table does not know.
    #[error("queued task {0:?} is not registered")]
    UnknownQueued(TaskId),
    /// A task found twice on the run queues.
    #[error("task {0:?} is queued twice")]
    QueuedTwice(TaskId),
    /// A task on the queues whose place says otherwise, or placed for another queue.
    #[error("task {0:?} is on a queue its place does not name")]
    MisplacedInQueue(TaskId),
    /// A task whose place says queued but that no queue holds.
    #[error("task {0:?} is marked queued but is on no queue")]
    Lost(TaskId),
    /// A task queued for a CPU outside its affinity, or with a stale affinity.
    #[error("task {0:?} is queued against its affinity")]
    AffinityBroken(TaskId),
    /// A task that exited but is still queued.
    #[error("exiting task {0:?} is queued")]
    ExitingQueued(TaskId),
    /// A CPU slot and a task's place disagree about who runs (or leaves) that CPU.
    #[error("CPU {0} and the task table disagree")]
    CpuMismatch(usize),
}

impl<Q: RunQueues> QueueScheduler<Q> {
    /// Checks every invariant: each task is in exactly the place it records, each queued task
    /// is queued once and where its affinity allows, and each CPU slot matches its task.
    pub fn audit(&self) -> Result<(), Violation> {
        let inner = self.lock();
        let mut seen: BTreeMap<TaskId, ()> = BTreeMap::new();
        let mut first_error = None;
        inner.queues.for_each(&mut |queue_cpu, task, mask| {
            if first_error.is_none() {
                first_error = check_queued(&inner.tasks, &mut seen, queue_cpu, task, mask).err();
            }
        });
        if let Some(error) = first_error {
            return Err(error);
        }
        for (&task, entry) in &inner.tasks {
            let slot = |cpu: usize| inner.cpus.get(cpu).copied().unwrap_or_default();
            match entry.place {
                Place::Queued(_) if !seen.contains_key(&task) => return Err(Violation::Lost(task)),
                Place::OnCpu { cpu, .. } if slot(cpu).current != Some(task) => {
                    return Err(Violation::CpuMismatch(cpu))
                }
                Place::Leaving { cpu, .. } if slot(cpu).leaving != Some(task) => {
                    return Err(Violation::CpuMismatch(cpu))
                }
                _ => {}
            }
        }
        for (cpu, slot) in inner.cpus.iter().enumerate() {
            let on_cpu = |task: Option<TaskId>, leaving: bool| {
                task.is_none_or(|task| {
                    inner
                        .tasks
                        .get(&task)
                        .is_some_and(|entry| match entry.place {
                            Place::OnCpu { cpu: at, .. } => !leaving && at == cpu,
                            Place::Leaving { cpu: at, .. } => leaving && at == cpu,
                            _ => false,
                        })
                })
            };
            if !on_cpu(slot.current, false) || !on_cpu(slot.leaving, true) {
                return Err(Violation::CpuMismatch(cpu));
            }
        }
        Ok(())
    }
}

fn check_queued(
    tasks: &BTreeMap<TaskId, crate::task::TaskEntry>,
    seen: &mut BTreeMap<TaskId, ()>,
    queue_cpu: Option<usize>,
    task: TaskId,
    mask: CpuMask,
) -> Result<(), Violation> {
    let entry = tasks.get(&task).ok_or(Violation::UnknownQueued(task))?;
    if seen.insert(task, ()).is_some() {
        return Err(Violation::QueuedTwice(task));
    }
    let Place::Queued(placed) = entry.place else {
        return Err(Violation::MisplacedInQueue(task));
    };
    if queue_cpu.is_some_and(|queue| queue != placed) {
        return Err(Violation::MisplacedInQueue(task));
    }
    if entry.exiting {
        return Err(Violation::ExitingQueued(task));
    }
    let queue_allowed = queue_cpu.is_none_or(|queue| mask.contains(queue));
    if mask != entry.affinity || !queue_allowed {
        return Err(Violation::AffinityBroken(task));
    }
    Ok(())
}
