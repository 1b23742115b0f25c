//! Wait queues: tasks sleeping until a condition holds, woken in order, with deadlines.
//!
//! Lock order: a queue's lock, then the scheduler's. The scheduler never calls a queue, so
//! waking under the queue's lock cannot deadlock, and a waiter becomes visible to wakers only
//! after its `prepare_block`: no wake-up can fall between the two.

use alloc::sync::Arc;
use alloc::vec::Vec;
use kernel_core::services::sched::{SchedError, Scheduler, TaskId, WaitOutcome, WaitQueue};
use kernel_core::sync::IrqSpinLock;

#[derive(Clone, Copy, Debug)]
struct Waiter {
    task: TaskId,
    deadline_ns: Option<u64>,
    outcome: WaitOutcome,
}

/// A [`WaitQueue`] whose wake-ups go to a [`Scheduler`].
///
/// Registration order is wake order. Woken and timed-out waiters stay registered (so that
/// `cancel` can report how the wait ended) until `cancel`. The waiter list keeps its capacity,
/// so in a steady state registering does not allocate.
pub struct TaskWaitQueue {
    sched: Option<Arc<dyn Scheduler>>,
    waiters: IrqSpinLock<Vec<Waiter>>,
}

impl TaskWaitQueue {
    /// An empty queue waking tasks through `sched`.
    pub fn new(sched: Arc<dyn Scheduler>) -> Self {
        Self {
            sched: Some(sched),
            waiters: IrqSpinLock::new(Vec::new()),
        }
    }

    /// A queue bound to no scheduler: `prepare_to_wait` refuses every task.
    pub fn detached() -> Self {
        Self {
            sched: None,
            waiters: IrqSpinLock::new(Vec::new()),
        }
    }

    /// Wakes pending waiters chosen by `wanted`, at most `limit`, marking them `outcome`.
    /// A waiter whose task the scheduler no longer knows is dropped and does not count.
    fn wake_where(
        &self,
        limit: usize,
        outcome: WaitOutcome,
        wanted: impl Fn(&Waiter) -> bool,
    ) -> (usize, Option<TaskId>) {
        let Some(sched) = &self.sched else {
            return (0, None);
        };
        let mut waiters = self.waiters.lock();
        let mut woken = 0;
        let mut first = None;
        let mut index = 0;
        while index < waiters.len() && woken < limit {
            let waiter = waiters[index];
            if waiter.outcome != WaitOutcome::Pending || !wanted(&waiter) {
                index += 1;
                continue;
            }
            if sched.wake(waiter.task).is_err() {
                waiters.remove(index);
                continue;
            }
            waiters[index].outcome = outcome;
            woken += 1;
            first = first.or(Some(waiter.task));
            index += 1;
        }
        (woken, first)
    }
}

impl WaitQueue for TaskWaitQueue {
    fn prepare_to_wait(&self, task: TaskId, deadline_ns: Option<u64>) -> Result<(), SchedError> {
        let sched = self.sched.as_ref().ok_or(SchedError::UnknownTask(task))?;
        let mut waiters = self.waiters.lock();
        sched.prepare_block(task)?;
        match waiters.iter_mut().find(|waiter| waiter.task == task) {
            Some(waiter) => {
                waiter.deadline_ns = deadline_ns;
                waiter.outcome = WaitOutcome::Pending;
            }
            None => waiters.push(Waiter {
                task,
                deadline_ns,
                outcome: WaitOutcome::Pending,
            }),
        }
        Ok(())
    }

    fn cancel(&self, task: TaskId) -> Option<WaitOutcome> {
        let mut waiters = self.waiters.lock();
        let index = waiters.iter().position(|waiter| waiter.task == task)?;
        Some(waiters.remove(index).outcome)
    }

    fn wake_one(&self) -> Option<TaskId> {
        self.wake_where(1, WaitOutcome::Woken, |_| true).1
    }

    fn wake_all(&self) -> usize {
        self.wake_where(usize::MAX, WaitOutcome::Woken, |_| true).0
    }

    fn expired(&self, now_ns: u64) -> usize {
        let due = |waiter: &Waiter| {
            waiter
                .deadline_ns
                .is_some_and(|deadline| deadline <= now_ns)
        };
        self.wake_where(usize::MAX, WaitOutcome::TimedOut, due).0
    }

    fn next_deadline_ns(&self) -> Option<u64> {
        self.waiters
            .lock()
            .iter()
            .filter(|waiter| waiter.outcome == WaitOutcome::Pending)
            .filter_map(|waiter| waiter.deadline_ns)
            .min()
    }

    fn len(&self) -> usize {
        self.waiters.lock().len()
    }
}
