//! The process table: every thread and thread group, their relationships and signal state.
//!
//! One `ProcessTable` stands for Linux's `tasklist_lock` plus every `siglock`: the kernel
//! holds one lock around each call ([`crate::Processes`]), so each call is atomic. Calls that
//! change state queue [`Wakeup`]s, which the caller performs after unlocking
//! ([`ProcessTable::take_wakeups`]).

mod deliver;
mod exec;
mod exit;
mod force;
mod fork;
mod groups;
mod ids;
mod info;
mod kill;
mod mask;
mod reap;
mod records;
mod send;
mod stop;
mod wait;

pub use deliver::{Delivery, SignalAction};
pub use exec::{ExecOutcome, ExecStart};
pub use exit::{ExitOutcome, InitDeath};
pub use force::ForceHandler;
pub use fork::{CloneFlags, CloneOutcome, CloneRequest};
pub use groups::SetsidOutcome;
pub use wait::WaitFound;

pub(crate) use records::{flags, Process, Thread};

use crate::credentials::Credentials;
use crate::pid::PidAllocator;
use crate::rlimit::{max_threads, Rlimits};
use crate::signal::{AltStack, SigActionTable, SigPending, SigSet};
use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use kernel_core::services::process::{Pid, Signal, Wakeup};
use kernel_core::Errno;

/// All processes and threads.
#[derive(Debug)]
pub struct ProcessTable {
    pids: PidAllocator,
    processes: BTreeMap<Pid, Process>,
    threads: BTreeMap<Pid, Thread>,
    /// Queued signals charged per real uid (`UCOUNT_RLIMIT_SIGPENDING`).
    sigpending_by_uid: BTreeMap<u32, u64>,
    /// Tasks per real uid (`UCOUNT_RLIMIT_NPROC`).
    tasks_by_uid: BTreeMap<u32, u64>,
    max_threads: u64,
    wakeups: Vec<Wakeup>,
}

impl ProcessTable {
    /// An empty table for a machine with `total_ram_pages` of RAM (sizes `max_threads` and
    /// init's `RLIMIT_NPROC`/`RLIMIT_SIGPENDING`).
    pub fn new(total_ram_pages: u64) -> Self {
        Self::with_pids(total_ram_pages, PidAllocator::new())
    }

    /// An empty table with its own pid allocator (e.g. a smaller `pid_max`).
    pub fn with_pids(total_ram_pages: u64, pids: PidAllocator) -> Self {
        Self {
            pids,
            processes: BTreeMap::new(),
            threads: BTreeMap::new(),
            sigpending_by_uid: BTreeMap::new(),
            tasks_by_uid: BTreeMap::new(),
            max_threads: max_threads(total_ram_pages),
            wakeups: Vec::new(),
        }
    }

    /// Creates init, pid 1: root credentials, init's limits, umask 022, group and session 0
    /// (Linux's boot group), unkillable by signals it does not handle. `EEXIST` if it exists.
    pub fn spawn_init(&mut self, total_ram_pages: u64) -> Result<Pid, Errno> {
        self.pids.claim(Pid::INIT)?;
        let init = Pid::INIT;
        let process = Process {
            tgid: init,
            parent: None,
            parent_thread: None,
            pgid: 0,
            sid: 0,
            session_leader: false,
            threads: alloc::vec![init],
            live: 1,
            exit_signal: Signal::SIGCHLD.number(),
            flags: flags::UNKILLABLE,
            group_exit_code: 0,
            group_stop_code: 0,
            group_stop_count: 0,
            group_exec_task: None,
            curr_target: init,
            actions: SigActionTable::default(),
            shared_pending: SigPending::default(),
            credentials: Credentials::root(),
            rlimits: Rlimits::init_task(total_ram_pages),
            umask: 0o022,
            forked_no_exec: false,
            self_exec_id: 0,
            parent_exec_id: 0,
        };
        self.processes.insert(init, process);
        self.threads
            .insert(init, Thread::new(init, SigSet::EMPTY, AltStack::default()));
        self.charge_task(0);
        Ok(init)
    }

    /// The wakeups queued since the last call, for the caller to perform after unlocking.
    pub fn take_wakeups(&mut self) -> Vec<Wakeup> {
        core::mem::take(&mut self.wakeups)
    }

    pub(crate) fn wake(&mut self, wakeup: Wakeup) {
        if !self.wakeups.contains(&wakeup) {
            self.wakeups.push(wakeup);
        }
    }

    pub(crate) fn thread(&self, tid: Pid) -> Result<&Thread, Errno> {
        self.threads.get(&tid).ok_or(Errno::ESRCH)
    }

    pub(crate) fn thread_mut(&mut self, tid: Pid) -> Result<&mut Thread, Errno> {
        self.threads.get_mut(&tid).ok_or(Errno::ESRCH)
    }

    pub(crate) fn process(&self, tgid: Pid) -> Result<&Process, Errno> {
        self.processes.get(&tgid).ok_or(Errno::ESRCH)
    }

    pub(crate) fn process_mut(&mut self, tgid: Pid) -> Result<&mut Process, Errno> {
        self.processes.get_mut(&tgid).ok_or(Errno::ESRCH)
    }

    /// The process of thread `tid`.
    pub(crate) fn process_of(&self, tid: Pid) -> Result<&Process, Errno> {
        self.process(self.thread(tid)?.tgid)
    }

    pub(crate) fn process_of_mut(&mut self, tid: Pid) -> Result<&mut Process, Errno> {
        let tgid = self.thread(tid)?.tgid;
        self.process_mut(tgid)
    }

    /// `getpid`: the thread group ID of thread `tid`.
    pub fn getpid(&self, tid: Pid) -> Result<Pid, Errno> {
        Ok(self.thread(tid)?.tgid)
    }

    /// `getppid`: the parent process's ID, 0 for init.
    pub fn getppid(&self, tid: Pid) -> Result<i32, Errno> {
        Ok(self.process_of(tid)?.parent.map_or(0, Pid::as_raw))
    }

    /// Whether `tid` names a thread (live, or a zombie leader).
    pub fn thread_exists(&self, tid: Pid) -> bool {
        self.threads.contains_key(&tid)
    }

    /// Total tasks (`nr_threads`).
    pub fn task_count(&self) -> usize {
        self.threads.len()
    }

    pub(crate) fn charge_task(&mut self, uid: u32) {
        *self.tasks_by_uid.entry(uid).or_insert(0) += 1;
    }

    pub(crate) fn uncharge_task(&mut self, uid: u32) {
        if let Some(count) = self.tasks_by_uid.get_mut(&uid) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                self.tasks_by_uid.remove(&uid);
            }
        }
    }

    pub(crate) fn tasks_of(&self, uid: u32) -> u64 {
        self.tasks_by_uid.get(&uid).copied().unwrap_or(0)
    }

    pub(crate) fn uncharge_signals(&mut self, uids: Vec<u32>) {
        for uid in uids {
            if let Some(count) = self.sigpending_by_uid.get_mut(&uid) {
                *count = count.saturating_sub(1);
                if *count == 0 {
                    self.sigpending_by_uid.remove(&uid);
                }
            }
        }
    }

    /// Signals queued and charged to real user `uid` (`RLIMIT_SIGPENDING` accounting).
    pub fn queued_signals_of(&self, uid: u32) -> u64 {
        self.sigpending_by_uid.get(&uid).copied().unwrap_or(0)
    }
}
