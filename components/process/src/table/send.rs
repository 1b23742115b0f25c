//! Signal generation: `prepare_signal`, `__send_signal_locked`, `complete_signal` and the
//! `force_sig*` family (`kernel/signal.c`).

use super::{flags, ProcessTable};
use crate::rlimit::Resource;
use crate::signal::action::SIG_DFL;
use crate::signal::info::{code, Layout, SigInfo};
use crate::signal::number::{
    default_is_fatal, is_kernel_coredump, is_kernel_ignore, is_kernel_only, is_kernel_stop,
    KERNEL_STOP_MASK,
};
use crate::signal::pending::QueuedSignal;
use crate::signal::SigSet;
use kernel_core::services::process::{Pid, Signal, Wakeup};
use kernel_core::Errno;

/// Where a signal is queued (`enum pid_type` of delivery).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    /// The thread's private queue (`PIDTYPE_PID`).
    Thread,
    /// The process's shared queue (`PIDTYPE_TGID`, `PGID`, `MAX`).
    Process,
}

impl ProcessTable {
    /// `signal_wake_up`: mark `tid` as having a signal and wake it.
    pub(crate) fn signal_wake_up(&mut self, tid: Pid, fatal: bool) {
        if let Ok(thread) = self.thread_mut(tid) {
            thread.sigpending_flag = true;
        }
        self.wake(Wakeup::Signal { tid, fatal });
    }

    /// Whether `tid` has a deliverable signal or job-control work (`recalc_sigpending_tsk`).
    pub(crate) fn has_signal_work(&self, tid: Pid) -> bool {
        let Ok(thread) = self.thread(tid) else {
            return false;
        };
        let Ok(process) = self.process(thread.tgid) else {
            return false;
        };
        thread.stop_pending
            || !thread.pending.set().difference(thread.blocked).is_empty()
            || !process
                .shared_pending
                .set()
                .difference(thread.blocked)
                .is_empty()
    }

    /// `recalc_sigpending` for `tid`.
    pub(crate) fn recalc_sigpending(&mut self, tid: Pid) {
        let work = self.has_signal_work(tid);
        if let Ok(thread) = self.thread_mut(tid) {
            thread.sigpending_flag = work;
        }
    }

    /// `sig_ignored(t, sig, force)`: blocked signals are never ignored; init drops SIGKILL
    /// and SIGSTOP and every signal it has no handler for.
    fn sig_ignored(&self, tid: Pid, signal: Signal, force: bool) -> bool {
        let Ok(thread) = self.thread(tid) else {
            return true;
        };
        if thread.blocked.contains(signal) || thread.real_blocked.contains(signal) {
            return false;
        }
        let Ok(process) = self.process(thread.tgid) else {
            return true;
        };
        let action = process.actions.get(signal);
        if process.tgid == Pid::INIT && is_kernel_only(signal) {
            return true;
        }
        if process.flags & flags::UNKILLABLE != 0
            && action.is_default()
            && !(force && is_kernel_only(signal))
        {
            return true;
        }
        action.is_ignore() || (action.is_default() && is_kernel_ignore(signal))
    }

    /// `prepare_signal`: the job-control effects that happen when a signal is sent, whatever
    /// its disposition; `false` if the signal is to be dropped.
    fn prepare_signal(&mut self, tid: Pid, signal: Signal, force: bool) -> bool {
        let Ok(tgid) = self.thread(tid).map(|t| t.tgid) else {
            return false;
        };
        let Ok(process) = self.process(tgid) else {
            return false;
        };
        if process.flags & flags::GROUP_EXIT != 0 {
            return false;
        }
        let threads = process.threads.clone();
        if is_kernel_stop(signal) {
            self.flush_from_process(tgid, &threads, SigSet::of(Signal::SIGCONT));
        } else if signal == Signal::SIGCONT {
            self.flush_from_process(tgid, &threads, SigSet::from_bits(KERNEL_STOP_MASK));
            for &t in &threads {
                if let Ok(thread) = self.thread_mut(t) {
                    thread.stop_pending = false;
                    thread.stop_consume = false;
                    thread.stopped = false;
                    self.wake(Wakeup::Continue { tid: t });
                }
            }
            if let Ok(process) = self.process_mut(tgid) {
                let why = if process.flags & flags::STOP_STOPPED != 0 {
                    flags::CLD_CONTINUED
                } else if process.group_stop_count != 0 {
                    flags::CLD_STOPPED
                } else {
                    0
                };
                if why != 0 {
                    process.flags =
                        (process.flags & !flags::STOP_MASK) | why | flags::STOP_CONTINUED;
                    process.group_stop_count = 0;
                    process.group_stop_code = 0;
                }
            }
        }
        !self.sig_ignored(tid, signal, force)
    }

    /// Removes the signals of `mask` from a process's shared queue and its threads' queues.
    pub(crate) fn flush_from_process(&mut self, tgid: Pid, threads: &[Pid], mask: SigSet) {
        let mut released = alloc::vec::Vec::new();
        if let Ok(process) = self.process_mut(tgid) {
            released.extend(process.shared_pending.flush_mask(mask));
        }
        for &t in threads {
            if let Ok(thread) = self.thread_mut(t) {
                released.extend(thread.pending.flush_mask(mask));
            }
        }
        self.uncharge_signals(released);
    }

    /// `send_signal_locked`: `force` comes from the info (`SI_KERNEL` signals are the
    /// kernel's own and are not dropped for a container init).
    pub(crate) fn send_signal(
        &mut self,
        info: SigInfo,
        tid: Pid,
        scope: Scope,
    ) -> Result<(), Errno> {
        let force = info.code() == code::SI_KERNEL
            && matches!(info.layout(), Layout::Kill | Layout::Chld | Layout::Rt);
        self.send_signal_locked(info, tid, scope, force)
    }

    /// `__send_signal_locked`: queue `info` for thread `tid` (or its process) and pick a
    /// thread to wake. `EAGAIN` only for a real-time signal sent with `sigqueue`-style info
    /// when the sender's user has `RLIMIT_SIGPENDING` entries queued already.
    pub(crate) fn send_signal_locked(
        &mut self,
        info: SigInfo,
        tid: Pid,
        scope: Scope,
        force: bool,
    ) -> Result<(), Errno> {
        let signal = Signal::new(info.signo()).ok_or(Errno::EINVAL)?;
        if !self.prepare_signal(tid, signal, force) {
            return Ok(());
        }
        let tgid = self.thread(tid)?.tgid;
        let duplicate = match scope {
            Scope::Thread => self.thread(tid)?.pending.is_legacy_duplicate(signal),
            Scope::Process => self
                .process(tgid)?
                .shared_pending
                .is_legacy_duplicate(signal),
        };
        if duplicate {
            return Ok(());
        }
        let mut entry = None;
        if signal != Signal::SIGKILL {
            let override_limit = !signal.is_realtime() && info.code() >= 0;
            let process = self.process(tgid)?;
            let uid = process.credentials.uid;
            let limit = process.rlimits.soft(Resource::Sigpending);
            if override_limit || self.queued_signals_of(uid) < limit {
                *self.sigpending_by_uid.entry(uid).or_insert(0) += 1;
                entry = Some(QueuedSignal {
                    info,
                    charged_uid: Some(uid),
                });
            } else if signal.is_realtime() && info.code() != code::SI_USER {
                return Err(Errno::EAGAIN);
            }
        }
        match scope {
            Scope::Thread => self.thread_mut(tid)?.pending.add(signal, entry),
            Scope::Process => self.process_mut(tgid)?.shared_pending.add(signal, entry),
        }
        self.complete_signal(signal, tid, scope);
        Ok(())
    }

    /// `wants_signal`: could `tid` take `signal` now?
    fn wants_signal(&self, signal: Signal, tid: Pid) -> bool {
        let Ok(thread) = self.thread(tid) else {
            return false;
        };
        if thread.blocked.contains(signal) || thread.exiting {
            return false;
        }
        if signal == Signal::SIGKILL {
            return true;
        }
        !thread.stopped && !thread.sigpending_flag
    }

    /// `complete_signal`: find a thread to take the signal; a fatal signal nobody handles
    /// kills the whole group at once.
    fn complete_signal(&mut self, signal: Signal, tid: Pid, scope: Scope) {
        let Ok(process) = self.process_of(tid) else {
            return;
        };
        let tgid = process.tgid;
        let threads = process.threads.clone();
        let target = if self.wants_signal(signal, tid) {
            tid
        } else if scope == Scope::Thread || threads.len() == 1 {
            return;
        } else {
            let start = process.curr_target;
            let start_index = threads.iter().position(|t| *t == start).unwrap_or(0);
            let found = (0..threads.len())
                .map(|step| threads[(start_index + step) % threads.len()])
                .find(|t| self.wants_signal(signal, *t));
            match found {
                Some(t) => {
                    if let Ok(process) = self.process_mut(tgid) {
                        process.curr_target = t;
                    }
                    t
                }
                None => return,
            }
        };
        let Ok(process) = self.process(tgid) else {
            return;
        };
        let fatal = default_is_fatal(signal) && process.actions.get(signal).handler == SIG_DFL;
        let real_blocked = self
            .thread(target)
            .map(|t| t.real_blocked)
            .unwrap_or_default();
        if fatal
            && process.flags & flags::GROUP_EXIT == 0
            && !real_blocked.contains(signal)
            && !is_kernel_coredump(signal)
        {
            if let Ok(process) = self.process_mut(tgid) {
                process.flags = flags::GROUP_EXIT;
                process.group_exit_code = signal.number();
                process.group_stop_count = 0;
            }
            for t in threads {
                if let Ok(thread) = self.thread_mut(t) {
                    thread.stop_pending = false;
                    thread.stop_consume = false;
                    thread.pending.add(Signal::SIGKILL, None);
                    self.signal_wake_up(t, true);
                }
            }
            return;
        }
        self.signal_wake_up(target, signal == Signal::SIGKILL);
    }
}
