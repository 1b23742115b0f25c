//! What the scheduler records per task, and per CPU.

use kernel_core::services::sched::{CpuMask, TaskId, TaskState};

/// Where a task is. Exactly one place per task; the CPU slots and queues mirror it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    /// On no queue and no CPU: blocked.
    Off,
    /// On the run queues, placed for this CPU.
    Queued(usize),
    /// `current` of `cpu`. `runnable == false`: it blocked (or was dequeued) and its CPU has
    /// not switched away yet.
    OnCpu { cpu: usize, runnable: bool },
    /// Switched away from by `pick_next(cpu)`, its context possibly not saved yet; no other CPU
    /// may take it until `finish_switch(cpu)`, which requeues it when `requeue`.
    Leaving { cpu: usize, requeue: bool },
}

/// The sleep handshake between `prepare_block`, `wake` and `block`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Intent {
    /// No sleep in preparation: `block` returns `false`.
    Idle,
    /// `prepare_block` was called and no wake has come since: `block` sleeps.
    Armed,
    /// A wake came after `prepare_block`: `block` returns `false` once.
    Woken,
}

/// One registered task.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TaskEntry {
    pub(crate) place: Place,
    pub(crate) affinity: CpuMask,
    pub(crate) intent: Intent,
    pub(crate) last_cpu: usize,
    pub(crate) exiting: bool,
}

impl TaskEntry {
    pub(crate) fn new(affinity: CpuMask) -> Self {
        Self {
            place: Place::Off,
            affinity,
            intent: Intent::Idle,
            last_cpu: affinity.iter().next().unwrap_or(0),
            exiting: false,
        }
    }

    /// The state the contract reports.
    pub(crate) fn state(&self) -> TaskState {
        match self.place {
            Place::Queued(_) | Place::Leaving { requeue: true, .. } => TaskState::Runnable,
            Place::OnCpu {
                cpu,
                runnable: true,
            } => TaskState::Running(cpu),
            Place::Off
            | Place::OnCpu {
                runnable: false, ..
            }
            | Place::Leaving { requeue: false, .. } => TaskState::Blocked,
        }
    }
}

/// What a CPU holds besides its queue.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct CpuSlot {
    /// The task it executes.
    pub(crate) current: Option<TaskId>,
    /// The task it switched away from and has not finished saving.
    pub(crate) leaving: Option<TaskId>,
}
