//! The records of the table: a thread group (`signal_struct` + `sighand_struct` + the
//! leader's links) and a thread (`task_struct`'s per-thread parts).

use crate::credentials::Credentials;
use crate::rlimit::Rlimits;
use crate::signal::{AltStack, SigActionTable, SigPending, SigSet};
use alloc::vec::Vec;
use kernel_core::services::process::Pid;

/// `signal->flags` bits (`include/linux/sched/signal.h`).
pub(crate) mod flags {
    /// Job-control stop in effect.
    pub const STOP_STOPPED: u32 = 0x01;
    /// Continued after a stop, not yet reported by `wait`.
    pub const STOP_CONTINUED: u32 = 0x02;
    /// The group is exiting.
    pub const GROUP_EXIT: u32 = 0x04;
    /// The parent is to be told `CLD_STOPPED`.
    pub const CLD_STOPPED: u32 = 0x10;
    /// The parent is to be told `CLD_CONTINUED`.
    pub const CLD_CONTINUED: u32 = 0x20;
    /// init: signals without a handler are dropped.
    pub const UNKILLABLE: u32 = 0x40;
    /// `prctl(PR_SET_CHILD_SUBREAPER)`: orphaned descendants are reparented here, not to init.
    pub const CHILD_SUBREAPER: u32 = 0x80;
    /// The bits `signal_set_stop_flags` replaces.
    pub const STOP_MASK: u32 = CLD_STOPPED | CLD_CONTINUED | STOP_STOPPED | STOP_CONTINUED;
}

/// A thread group (Linux's `signal_struct` and `sighand_struct` with the leader's links).
#[derive(Clone, Debug)]
pub(crate) struct Process {
    pub tgid: Pid,
    /// The real parent process; `None` for init (its parent is the idle task, pid 0).
    pub parent: Option<Pid>,
    /// The thread of the parent that created us (or inherited us).
    pub parent_thread: Option<Pid>,
    pub pgid: i32,
    pub sid: i32,
    pub session_leader: bool,
    /// The thread list: live threads and a zombie leader; the leader first.
    pub threads: Vec<Pid>,
    /// Threads that have not started exiting (`signal->live`).
    pub live: usize,
    /// The signal sent to the parent at exit (raw: legacy `clone` allows any byte).
    pub exit_signal: i32,
    pub flags: u32,
    pub group_exit_code: i32,
    pub group_stop_code: i32,
    pub group_stop_count: usize,
    pub group_exec_task: Option<Pid>,
    pub curr_target: Pid,
    pub actions: SigActionTable,
    pub shared_pending: SigPending,
    pub credentials: Credentials,
    pub rlimits: Rlimits,
    pub umask: u32,
    /// Forked and has not exec'd (`PF_FORKNOEXEC` of the leader).
    pub forked_no_exec: bool,
    pub self_exec_id: u64,
    pub parent_exec_id: u64,
}

/// A thread (`task_struct`'s per-thread parts).
#[derive(Clone, Debug)]
pub(crate) struct Thread {
    pub tgid: Pid,
    pub blocked: SigSet,
    /// The mask before `rt_sigtimedwait` opened it (`real_blocked`).
    pub real_blocked: SigSet,
    /// The mask to restore on return to user mode (`saved_sigmask` + `TIF_RESTORE_SIGMASK`).
    pub saved_mask: Option<SigSet>,
    pub pending: SigPending,
    /// `TIF_SIGPENDING`: set when woken for a signal, recomputed on dequeue and mask changes.
    pub sigpending_flag: bool,
    pub altstack: AltStack,
    /// `PF_EXITING`.
    pub exiting: bool,
    /// Exited and waiting to be reaped (only a group leader stays in this state).
    pub zombie: bool,
    pub exit_code: i32,
    pub stop_pending: bool,
    pub stop_consume: bool,
    pub stopped: bool,
    pub pdeath_signal: i32,
    pub clear_child_tid: u64,
    pub vfork_parent: Option<Pid>,
    pub fault_address: u64,
    pub fault_code: u64,
}

impl Thread {
    pub(crate) fn new(tgid: Pid, blocked: SigSet, altstack: AltStack) -> Self {
        Thread {
            tgid,
            blocked,
            real_blocked: SigSet::EMPTY,
            saved_mask: None,
            pending: SigPending::default(),
            sigpending_flag: false,
            altstack,
            exiting: false,
            zombie: false,
            exit_code: 0,
            stop_pending: false,
            stop_consume: false,
            stopped: false,
            pdeath_signal: 0,
            clear_child_tid: 0,
            vfork_parent: None,
            fault_address: 0,
            fault_code: 0,
        }
    }
}
