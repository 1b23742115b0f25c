//! Per-thread masks and per-process dispositions: `rt_sigprocmask`, `rt_sigpending`,
//! `rt_sigaction`, `sigaltstack`, `rt_sigsuspend` and the temporary masks of `ppoll`/
//! `pselect6`, `rt_sigtimedwait` (`kernel/signal.c`).

use super::ProcessTable;
use crate::signal::action::{SaFlags, SigAction, UAPI_SA_FLAGS};
use crate::signal::altstack::StackT;
use crate::signal::how;
use crate::signal::info::SigInfo;
use crate::signal::number::{is_kernel_ignore, is_kernel_only};
use crate::signal::SigSet;
use kernel_core::services::process::{Pid, Signal};
use kernel_core::Errno;

impl ProcessTable {
    /// `retarget_shared_pending`: `tid` stops taking the shared signals in `which`; wake
    /// another thread that can.
    pub(crate) fn retarget_shared_pending(&mut self, tid: Pid, which: SigSet) {
        let Ok(process) = self.process_of(tid) else {
            return;
        };
        let mut retarget = process.shared_pending.set().intersection(which);
        if retarget.is_empty() {
            return;
        }
        let threads = process.threads.clone();
        let start = threads.iter().position(|t| *t == tid).unwrap_or(0);
        for step in 1..threads.len() {
            let t = threads[(start + step) % threads.len()];
            let Ok(thread) = self.thread(t) else {
                continue;
            };
            if thread.exiting || retarget.difference(thread.blocked).is_empty() {
                continue;
            }
            retarget = retarget.intersection(thread.blocked);
            if !thread.sigpending_flag {
                self.signal_wake_up(t, false);
            }
            if retarget.is_empty() {
                break;
            }
        }
    }

    /// `__set_current_blocked`: install `mask` as is (callers remove SIGKILL/SIGSTOP).
    pub(crate) fn set_blocked(&mut self, tid: Pid, mask: SigSet) -> Result<(), Errno> {
        let thread = self.thread(tid)?;
        if thread.blocked == mask {
            return Ok(());
        }
        let newly_blocked = mask.difference(thread.blocked);
        if thread.sigpending_flag && self.process(thread.tgid)?.threads.len() > 1 {
            self.retarget_shared_pending(tid, newly_blocked);
        }
        self.thread_mut(tid)?.blocked = mask;
        self.recalc_sigpending(tid);
        Ok(())
    }

    /// `set_current_blocked`: SIGKILL and SIGSTOP can never be blocked.
    pub fn set_current_blocked(&mut self, tid: Pid, mask: SigSet) -> Result<(), Errno> {
        self.set_blocked(tid, mask.without_unblockable())
    }

    /// The blocked mask of `tid`.
    pub fn blocked(&self, tid: Pid) -> Result<SigSet, Errno> {
        Ok(self.thread(tid)?.blocked)
    }

    /// `rt_sigprocmask(how, set, oldset)`: returns the old mask. `EINVAL` for a bad `how`
    /// when a set is given (without one, `how` is not looked at).
    pub fn sigprocmask(
        &mut self,
        tid: Pid,
        how: i32,
        set: Option<SigSet>,
    ) -> Result<SigSet, Errno> {
        let old = self.thread(tid)?.blocked;
        if let Some(set) = set {
            let set = set.without_unblockable();
            let new = match how {
                how::SIG_BLOCK => old.union(set),
                how::SIG_UNBLOCK => old.difference(set),
                how::SIG_SETMASK => set,
                _ => return Err(Errno::EINVAL),
            };
            self.set_blocked(tid, new)?;
        }
        Ok(old)
    }

    /// `rt_sigpending`: the blocked signals pending for the thread or its process.
    pub fn sigpending(&self, tid: Pid) -> Result<SigSet, Errno> {
        let thread = self.thread(tid)?;
        let shared = self.process(thread.tgid)?.shared_pending.set();
        Ok(thread
            .pending
            .set()
            .union(shared)
            .intersection(thread.blocked))
    }

    /// Whether `tid` has a signal to handle or job-control work (`signal_pending`), so an
    /// interruptible sleep must end.
    pub fn signal_pending(&self, tid: Pid) -> bool {
        let group_exit = self
            .process_of(tid)
            .is_ok_and(|p| p.flags & super::flags::GROUP_EXIT != 0);
        group_exit || self.has_signal_work(tid)
    }

    /// `rt_sigaction(sig, act, oact)` (`do_sigaction`): returns the old action (flags shown
    /// masked to `UAPI_SA_FLAGS`). `EINVAL` for a number outside 1..=64, for changing SIGKILL
    /// or SIGSTOP, or for an immutable action. Setting `SIG_IGN`, or `SIG_DFL` for a signal
    /// ignored by default, discards it from every pending queue of the process.
    pub fn sigaction(
        &mut self,
        tid: Pid,
        sig: i32,
        act: Option<SigAction>,
    ) -> Result<SigAction, Errno> {
        let signal = Signal::new(sig).ok_or(Errno::EINVAL)?;
        if act.is_some() && is_kernel_only(signal) {
            return Err(Errno::EINVAL);
        }
        let process = self.process_of_mut(tid)?;
        let current = process.actions.get_mut(signal);
        if current.flags.contains(SaFlags::IMMUTABLE) {
            return Err(Errno::EINVAL);
        }
        let mut old = *current;
        old.flags = SaFlags::from_bits_retain(old.flags.bits() & UAPI_SA_FLAGS);
        if let Some(mut act) = act {
            act.flags = SaFlags::from_bits_retain(act.flags.bits() & UAPI_SA_FLAGS);
            act.mask = act.mask.without_unblockable();
            *current = act;
            if act.is_ignore() || (act.is_default() && is_kernel_ignore(signal)) {
                let tgid = process.tgid;
                let threads = process.threads.clone();
                self.flush_from_process(tgid, &threads, SigSet::of(signal));
            }
        }
        Ok(old)
    }

    /// `sigaltstack(new, old)` at user stack pointer `sp`; returns the old settings.
    pub fn sigaltstack(&mut self, tid: Pid, new: Option<StackT>, sp: u64) -> Result<StackT, Errno> {
        self.thread_mut(tid)?.altstack.sigaltstack(new, sp)
    }

    /// `restore_altstack` (from `rt_sigreturn`): errors are ignored, as in Linux.
    pub fn restore_altstack(&mut self, tid: Pid, saved: StackT, sp: u64) -> Result<(), Errno> {
        self.thread_mut(tid)?.altstack.restore(saved, sp);
        Ok(())
    }

    /// `rt_sigsuspend(mask)` and `set_user_sigmask` (`ppoll`, `pselect6`, `epoll_pwait`):
    /// remembers the current mask to be restored on the way out and installs `mask`. The
    /// caller sleeps until [`ProcessTable::signal_pending`]; `rt_sigsuspend` then returns
    /// `-ERESTARTNOHAND`.
    pub fn set_temporary_mask(&mut self, tid: Pid, mask: SigSet) -> Result<(), Errno> {
        let blocked = self.thread(tid)?.blocked;
        self.thread_mut(tid)?.saved_mask = Some(blocked);
        self.set_current_blocked(tid, mask)
    }

    /// `restore_saved_sigmask_unless(interrupted)` at the end of `ppoll`/`pselect6`: when
    /// not interrupted by a signal the old mask comes back now; otherwise it stays saved
    /// until the handler's frame has recorded it (or `next_action` finds nothing).
    pub fn end_temporary_mask(&mut self, tid: Pid, interrupted: bool) -> Result<(), Errno> {
        if interrupted {
            return Ok(());
        }
        if let Some(saved) = self.thread_mut(tid)?.saved_mask.take() {
            self.set_blocked(tid, saved)?;
        }
        Ok(())
    }

    /// `restore_saved_sigmask`: the saved mask, if any, becomes the blocked mask.
    pub(crate) fn restore_saved_mask(&mut self, tid: Pid) -> Result<(), Errno> {
        if let Some(saved) = self.thread_mut(tid)?.saved_mask.take() {
            self.set_blocked(tid, saved)?;
        }
        Ok(())
    }

    /// `dequeue_signal(tid, mask)`: the thread's own queue first, then the process's.
    pub(crate) fn dequeue_signal(
        &mut self,
        tid: Pid,
        blocked: SigSet,
    ) -> Result<Option<SigInfo>, Errno> {
        let tgid = self.thread(tid)?.tgid;
        let mut taken = self.thread_mut(tid)?.pending.dequeue(blocked);
        if taken.is_none() {
            taken = self.process_mut(tgid)?.shared_pending.dequeue(blocked);
        }
        self.recalc_sigpending(tid);
        Ok(taken.map(|entry| {
            self.uncharge_signals(entry.charged_uid.into_iter().collect());
            entry.info
        }))
    }

    /// `rt_sigtimedwait` first look: takes a pending signal of `which` (SIGKILL and SIGSTOP
    /// excluded) if there is one. `None`: the caller calls [`Self::sigtimedwait_sleep`],
    /// sleeps until woken or timed out, then [`Self::sigtimedwait_wake`].
    pub fn sigtimedwait_take(&mut self, tid: Pid, which: SigSet) -> Result<Option<SigInfo>, Errno> {
        let mask = which.without_unblockable().complement();
        self.dequeue_signal(tid, mask)
    }

    /// Before sleeping in `rt_sigtimedwait`: unblock `which` so its signals wake the thread.
    pub fn sigtimedwait_sleep(&mut self, tid: Pid, which: SigSet) -> Result<(), Errno> {
        let mask = which.without_unblockable().complement();
        let thread = self.thread_mut(tid)?;
        thread.real_blocked = thread.blocked;
        thread.blocked = thread.blocked.intersection(mask);
        self.recalc_sigpending(tid);
        Ok(())
    }

    /// After sleeping in `rt_sigtimedwait`: restore the mask and take a signal of `which` if
    /// one came (`None`: `EAGAIN` on timeout, `EINTR` if woken by another signal).
    pub fn sigtimedwait_wake(&mut self, tid: Pid, which: SigSet) -> Result<Option<SigInfo>, Errno> {
        let real = self.thread(tid)?.real_blocked;
        self.set_blocked(tid, real)?;
        self.thread_mut(tid)?.real_blocked = SigSet::EMPTY;
        self.sigtimedwait_take(tid, which)
    }
}

impl ProcessTable {
    /// The TTY's test for SIGTTOU/SIGTTIN (`is_ignored`): blocked by thread `tid`, or
    /// ignored by its process.
    pub fn ignores_or_blocks(&self, tid: Pid, signal: Signal) -> bool {
        let blocked = self.thread(tid).is_ok_and(|t| t.blocked.contains(signal));
        blocked
            || self
                .process_of(tid)
                .is_ok_and(|p| p.actions.get(signal).is_ignore())
    }
}
