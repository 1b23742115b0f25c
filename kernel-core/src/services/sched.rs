//! The scheduler contract: task states, affinity masks, run-queue decisions and wait queues.
//!
//! The policy lives in `components/sched`; the mechanism (saving registers, switching stacks and
//! TTBR0) is the kernel's. The full protocol, with the wait-queue race it prevents, is written in
//! `docs/contracts/sched.md`.

use crate::errno::Errno;
use alloc::sync::Arc;

/// Identifies a schedulable thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaskId(pub u64);

const _: () = assert!(crate::MAX_CPUS <= 64, "CpuMask holds at most 64 CPUs");

/// A set of CPU indices (bit `n` is CPU `n`), as `sched_setaffinity` gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct CpuMask(u64);

impl CpuMask {
    /// No CPU.
    pub const EMPTY: Self = Self(0);
    /// Every CPU.
    pub const ALL: Self = Self(u64::MAX);

    /// The mask with exactly these bits.
    pub const fn from_bits(bits: u64) -> Self {
        Self(bits)
    }

    /// The raw bits.
    pub const fn bits(self) -> u64 {
        self.0
    }

    /// Only CPU `cpu` (empty when `cpu` is 64 or more).
    pub const fn single(cpu: usize) -> Self {
        if cpu < 64 {
            Self(1 << cpu)
        } else {
            Self::EMPTY
        }
    }

    /// CPUs `0..count`.
    pub const fn first_n(count: usize) -> Self {
        if count >= 64 {
            Self::ALL
        } else {
            Self((1 << count) - 1)
        }
    }

    /// Whether CPU `cpu` is in the set.
    pub const fn contains(self, cpu: usize) -> bool {
        cpu < 64 && self.0 & (1 << cpu) != 0
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The CPUs in both sets.
    pub const fn intersection(self, other: Self) -> Self {
        Self(self.0 & other.0)
    }

    /// This set plus CPU `cpu`.
    pub const fn with(self, cpu: usize) -> Self {
        Self(self.0 | Self::single(cpu).0)
    }

    /// How many CPUs the set holds.
    pub const fn count(self) -> u32 {
        self.0.count_ones()
    }

    /// The CPU indices in the set, lowest first.
    pub fn iter(self) -> impl Iterator<Item = usize> {
        (0..64).filter(move |&cpu| self.contains(cpu))
    }
}

/// Where a task stands, as the scheduler sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskState {
    /// Waiting for a CPU (on a run queue, or being switched out and about to be requeued).
    Runnable,
    /// Executing on this CPU.
    Running(usize),
    /// Neither: asleep, stopped, exiting, or never made runnable.
    Blocked,
}

/// How a wait on a [`WaitQueue`] ended, as [`WaitQueue::cancel`] reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitOutcome {
    /// Still registered: nobody woke the waiter (the condition was true, or something else
    /// such as a signal woke the task).
    Pending,
    /// `wake_one` or `wake_all` chose this waiter.
    Woken,
    /// The waiter's deadline passed (`expired`) before anyone woke it.
    TimedOut,
}

/// Why the scheduler refused a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SchedError {
    /// The task was never registered, or is gone.
    #[error("task {0:?} is not known to the scheduler")]
    UnknownTask(TaskId),
    /// `register` of an id that is still registered (or still switching out after exit).
    #[error("task {0:?} is already registered")]
    AlreadyRegistered(TaskId),
    /// `enqueue` of a task that is already runnable or running: refused, never duplicated.
    #[error("task {0:?} is already runnable")]
    AlreadyRunnable(TaskId),
    /// `block` of a task that is not running.
    #[error("task {0:?} is not running")]
    NotRunning(TaskId),
    /// The task has been unregistered and waits only to be switched out.
    #[error("task {0:?} is exiting")]
    Exiting(TaskId),
    /// An affinity mask that holds none of the scheduler's CPUs.
    #[error("affinity mask holds no usable CPU")]
    NoAllowedCpu,
    /// A CPU count of zero or beyond `MAX_CPUS`.
    #[error("unsupported CPU count {0}")]
    BadCpuCount(usize),
}

impl From<SchedError> for Errno {
    fn from(error: SchedError) -> Self {
        match error {
            SchedError::UnknownTask(_) | SchedError::Exiting(_) => Errno::ESRCH,
            SchedError::AlreadyRegistered(_) | SchedError::AlreadyRunnable(_) => Errno::EBUSY,
            SchedError::NotRunning(_) | SchedError::NoAllowedCpu | SchedError::BadCpuCount(_) => {
                Errno::EINVAL
            }
        }
    }
}

/// Decides which runnable task each CPU runs next.
///
/// Invariants: a task is on at most one run queue and running on at most one CPU; `pick_next`
/// never returns a task that another CPU runs or is still switching out of; a task is only
/// queued for or run on a CPU of its affinity mask; all methods are callable with interrupts
/// masked, never sleep, and (except `register`) do not allocate.
pub trait Scheduler: Send + Sync {
    /// How many CPUs (indices `0..cpu_count`) the scheduler serves.
    fn cpu_count(&self) -> usize;
    /// Makes `task` known, [`TaskState::Blocked`], allowed on `affinity` (kept intersected
    /// with the scheduler's CPUs).
    fn register(&self, task: TaskId, affinity: CpuMask) -> Result<(), SchedError>;
    /// Forgets `task` (it exited). A task still on a CPU is dropped once that CPU switches away.
    fn unregister(&self, task: TaskId) -> Result<(), SchedError>;
    /// Makes a blocked `task` runnable, placed for `cpu_hint` when its affinity allows (else as
    /// the policy sees fit). Returns the CPU that should pick it up (kick it if it idles), `None`
    /// when the task never left its CPU. Runnable or running: [`SchedError::AlreadyRunnable`].
    fn enqueue(&self, task: TaskId, cpu_hint: usize) -> Result<Option<usize>, SchedError>;
    /// Makes `task` blocked whatever its state (stop, exit); a task running elsewhere gets its
    /// CPU asked to reschedule (through [`Scheduler::tick`]). Clears any wait intent.
    fn dequeue(&self, task: TaskId) -> Result<(), SchedError>;
    /// Step one of every sleep: from now on a [`Scheduler::wake`] of `task` is remembered.
    fn prepare_block(&self, task: TaskId) -> Result<(), SchedError>;
    /// The running `task` goes to sleep: `Ok(true)` means it is now blocked and its CPU must
    /// call `pick_next`; `Ok(false)` means a wake came after `prepare_block` (or none was
    /// prepared) and the task keeps running. May be `false` spuriously; callers loop.
    fn block(&self, task: TaskId) -> Result<bool, SchedError>;
    /// Wakes `task`: a blocked task becomes runnable near its last CPU (returned, as for
    /// `enqueue`); a task between `prepare_block` and `block` will not sleep; otherwise nothing.
    /// An exiting task is left alone (`Ok(None)`).
    fn wake(&self, task: TaskId) -> Result<Option<usize>, SchedError>;
    /// The task CPU `cpu` runs next: the previous one continues, or is switched out and requeued
    /// (if runnable) by `finish_switch`. `None` means idle. Also serves `sched_yield`.
    fn pick_next(&self, cpu: usize) -> Option<TaskId>;
    /// The context of the task `pick_next(cpu)` switched away from is saved: it may now run
    /// elsewhere. Returns the CPU whose queue took it back, if any. (The next `pick_next(cpu)`
    /// does this itself when the kernel has not.)
    fn finish_switch(&self, cpu: usize) -> Option<usize>;
    /// Accounts one timer tick on `cpu`, called by `cpu` itself from its tick interrupt; `true`
    /// asks for a reschedule (`pick_next`). Takes no lock.
    fn tick(&self, cpu: usize) -> bool;
    /// The task `cpu` executes (possibly just blocked, not yet switched away); `None`: idle.
    fn current(&self, cpu: usize) -> Option<TaskId>;
    /// `task`'s state, `None` when it is not registered.
    fn state(&self, task: TaskId) -> Option<TaskState>;
    /// Changes `task`'s affinity; a queued task moves, a running one gets its CPU rescheduled.
    fn set_affinity(&self, task: TaskId, affinity: CpuMask) -> Result<(), SchedError>;
    /// `task`'s affinity, `None` when it is not registered.
    fn affinity(&self, task: TaskId) -> Option<CpuMask>;
    /// A new, empty wait queue whose wake-ups go to this scheduler.
    fn new_wait_queue(&self) -> Arc<dyn WaitQueue>;
}

/// Tasks waiting for a condition, woken in the order they registered.
///
/// Protocol (see `docs/contracts/sched.md`): `prepare_to_wait` → re-check the condition →
/// `Scheduler::block` (and switch away if it says so) → `cancel`, in a loop. A wake-up between
/// the re-check and the block is never lost. Every `prepare_to_wait` is matched by a `cancel`.
pub trait WaitQueue: Send + Sync {
    /// Registers `task` (at the tail; in place and re-armed when already registered), with an
    /// optional deadline in nanoseconds of uptime, and calls `Scheduler::prepare_block`.
    fn prepare_to_wait(&self, task: TaskId, deadline_ns: Option<u64>) -> Result<(), SchedError>;
    /// Unregisters `task` and says how its wait ended; `None` when it was not registered.
    fn cancel(&self, task: TaskId) -> Option<WaitOutcome>;
    /// Wakes the longest-waiting pending waiter, returning it.
    fn wake_one(&self) -> Option<TaskId>;
    /// Wakes every pending waiter, returning how many.
    fn wake_all(&self) -> usize;
    /// Wakes, as timed out, every pending waiter whose deadline is at or before `now_ns`;
    /// returns how many.
    fn expired(&self, now_ns: u64) -> usize;
    /// The earliest deadline among pending waiters, for arming a timer.
    fn next_deadline_ns(&self) -> Option<u64>;
    /// How many tasks are registered (pending or already woken but not cancelled).
    fn len(&self) -> usize;
    /// Whether no task is registered.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn cpu_mask_set_operations() {
        let mask = CpuMask::single(1).with(3);
        assert_eq!(mask.bits(), 0b1010);
        assert!(mask.contains(3) && !mask.contains(2) && !mask.contains(64));
        assert_eq!(mask.iter().collect::<Vec<_>>(), [1, 3]);
        assert_eq!(mask.count(), 2);
        assert_eq!(CpuMask::first_n(4).intersection(mask), mask);
        assert_eq!(CpuMask::first_n(3).intersection(mask), CpuMask::single(1));
        assert!(CpuMask::single(64).is_empty());
        assert_eq!(CpuMask::first_n(64), CpuMask::ALL);
        assert_eq!(CpuMask::first_n(0), CpuMask::EMPTY);
    }

    #[test]
    fn errors_map_to_linux_errnos() {
        assert_eq!(Errno::from(SchedError::NoAllowedCpu), Errno::EINVAL);
        assert_eq!(
            Errno::from(SchedError::UnknownTask(TaskId(9))),
            Errno::ESRCH
        );
        assert_eq!(
            Errno::from(SchedError::AlreadyRunnable(TaskId(9))),
            Errno::EBUSY
        );
    }
}
