//! Job-control stops: group stop (`do_signal_stop`, `task_participate_group_stop`) and
//! telling the parent (`do_notify_parent_cldstop`).

use super::send::Scope;
use super::{flags, ProcessTable};
use crate::signal::action::SaFlags;
use crate::signal::info::{code, SigInfo};
use kernel_core::services::process::{Pid, Signal, Wakeup};
use kernel_core::Errno;

impl ProcessTable {
    /// `do_notify_parent_cldstop(tsk, false, why)`: SIGCHLD (unless the parent ignores it
    /// or set `SA_NOCLDSTOP`) and a wait wakeup for the parent of process `tgid`.
    pub(crate) fn notify_parent_stop(&mut self, tgid: Pid, why: i32) {
        let Ok(process) = self.process(tgid) else {
            return;
        };
        let Some(parent) = process.parent else {
            return;
        };
        let status = if why == code::CLD_CONTINUED {
            Signal::SIGCONT.number()
        } else {
            process.group_stop_code & 0x7f
        };
        let info = SigInfo::child(why, tgid.as_raw(), process.credentials.uid, status, 0, 0);
        let parent_task = process
            .parent_thread
            .filter(|t| self.thread(*t).is_ok_and(|t| t.tgid == parent))
            .unwrap_or(parent);
        let Ok(parent_process) = self.process(parent) else {
            return;
        };
        let chld = parent_process.actions.get(Signal::SIGCHLD);
        if !chld.is_ignore() && !chld.flags.contains(SaFlags::NOCLDSTOP) {
            let _ = self.send_signal(info, parent_task, Scope::Process);
        }
        self.wake(Wakeup::ChildEvent { parent });
    }

    /// `task_participate_group_stop`: `true` if this completes a fresh group stop.
    pub(crate) fn participate_group_stop(&mut self, tid: Pid) -> bool {
        let Ok(thread) = self.thread_mut(tid) else {
            return false;
        };
        let consume = thread.stop_consume;
        thread.stop_pending = false;
        thread.stop_consume = false;
        let tgid = thread.tgid;
        if !consume {
            return false;
        }
        let Ok(process) = self.process_mut(tgid) else {
            return false;
        };
        process.group_stop_count = process.group_stop_count.saturating_sub(1);
        if process.group_stop_count == 0 && process.flags & flags::STOP_STOPPED == 0 {
            process.flags = (process.flags & !flags::STOP_MASK) | flags::STOP_STOPPED;
            return true;
        }
        false
    }

    /// Whether thread `tid` stays in a job-control stop: stopped, and its process not dying
    /// (the kernel sleeps it until this turns `false`, then asks [`Self::next_action`] again).
    pub fn stays_stopped(&self, tid: Pid) -> bool {
        let Ok(thread) = self.thread(tid) else {
            return false;
        };
        let dying = self
            .process(thread.tgid)
            .is_ok_and(|p| p.flags & flags::GROUP_EXIT != 0 || p.group_exec_task.is_some());
        thread.stopped && !dying
    }

    /// `task_set_jobctl_pending(STOP_PENDING | STOP_CONSUME)`: refused for a thread dying.
    fn set_stop_pending(&mut self, tid: Pid) -> bool {
        let Ok(thread) = self.thread_mut(tid) else {
            return false;
        };
        if thread.exiting || thread.pending.set().contains(Signal::SIGKILL) {
            return false;
        }
        thread.stop_pending = true;
        thread.stop_consume = true;
        true
    }

    /// `do_signal_stop(signr)`: start (with a stop signal) or join a group stop; `true` if
    /// the thread is now stopped.
    pub(crate) fn do_signal_stop(&mut self, tid: Pid, signo: i32) -> Result<bool, Errno> {
        let tgid = self.thread(tid)?.tgid;
        if !self.thread(tid)?.stop_pending {
            let process = self.process(tgid)?;
            if process.flags & flags::GROUP_EXIT != 0 || process.group_exec_task.is_some() {
                return Ok(false);
            }
            let threads = process.threads.clone();
            let process = self.process_mut(tgid)?;
            if process.flags & flags::STOP_STOPPED == 0 {
                process.group_stop_code = signo;
            }
            process.group_stop_count = 0;
            let mut count = usize::from(self.set_stop_pending(tid));
            for t in threads.into_iter().filter(|t| *t != tid) {
                let stopped = self.thread(t).is_ok_and(|t| t.stopped);
                if !stopped && self.set_stop_pending(t) {
                    count += 1;
                    self.signal_wake_up(t, false);
                }
            }
            self.process_mut(tgid)?.group_stop_count = count;
        }
        let notify = self.participate_group_stop(tid);
        self.thread_mut(tid)?.stopped = true;
        if notify {
            self.notify_parent_stop(tgid, code::CLD_STOPPED);
        }
        Ok(true)
    }
}
