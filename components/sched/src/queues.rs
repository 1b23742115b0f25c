//! The run-queue discipline a [`QueueScheduler`](crate::QueueScheduler) is generic over.

use kernel_core::services::sched::{CpuMask, TaskId};

/// How far `take` may reach beyond the CPU's own queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Take {
    /// The CPU's previous task could go on: take local work, or steal only to even out an
    /// imbalance (a queue holding at least two waiting tasks).
    Balance,
    /// The CPU would idle otherwise: take local work, or steal any task allowed here.
    Idle,
}

/// Where runnable tasks wait, and which one a CPU takes next.
///
/// The scheduler holds its lock around every call, passes only affinities already limited to
/// its CPUs (and never empty), and never pushes a task that is already queued.
pub trait RunQueues: Send {
    /// Makes room for `tasks` queued tasks in total, so that `push` does not allocate.
    fn reserve(&mut self, tasks: usize);
    /// Queues `task`, preferably for `hint`. `busy` holds the CPUs running something. Returns
    /// the CPU that should pick it up (the one to kick if it idles).
    fn push(&mut self, task: TaskId, affinity: CpuMask, hint: usize, busy: CpuMask) -> usize;
    /// Takes the next task for `cpu`, off its own queue or, as `how` allows, another one.
    fn take(&mut self, cpu: usize, how: Take) -> Option<TaskId>;
    /// Removes `task`, which `push` placed for `queue_cpu`; `false` when it was not queued.
    fn remove(&mut self, task: TaskId, queue_cpu: usize) -> bool;
    /// Tasks waiting on `cpu`'s own queue (for a global queue: those allowed on `cpu`).
    fn local_waiting(&self, cpu: usize) -> usize;
    /// Tasks waiting anywhere that `cpu` may run.
    fn reachable_waiting(&self, cpu: usize) -> usize;
    /// Ticks a task may run while others wait; `None` never preempts.
    fn timeslice_ticks(&self) -> Option<u32>;
    /// Visits every queued task as (its queue's CPU, or `None` for a global queue; the task;
    /// the affinity it was queued with), in queue order. For audits.
    fn for_each(&self, visit: &mut dyn FnMut(Option<usize>, TaskId, CpuMask));
}
