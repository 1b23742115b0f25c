//! The scheduler contract (implemented by `components/sched` in the userspace issue).

/// Identifies a schedulable thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaskId(pub u64);

/// Decides which runnable task each CPU runs next.
///
/// Invariants: a task is queued on at most one CPU at a time; `pick_next` never returns a task
/// that another CPU is running; all methods are callable with interrupts masked and never sleep.
pub trait Scheduler: Send + Sync {
    /// Makes `task` runnable, preferably on `cpu_hint`.
    fn enqueue(&self, task: TaskId, cpu_hint: usize);
    /// Removes `task` from the run queues (it blocked or exited).
    fn dequeue(&self, task: TaskId);
    /// The task CPU `cpu` should run next, taken off its queue; `None` means idle.
    fn pick_next(&self, cpu: usize) -> Option<TaskId>;
    /// Accounts one timer tick to the task on `cpu`; `true` asks for a reschedule.
    fn tick(&self, cpu: usize, current: Option<TaskId>) -> bool;
}
