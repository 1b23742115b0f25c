//! Telling the parent about a death (`do_notify_parent`) and releasing dead tasks
//! (`release_task`).

use super::exit::ExitOutcome;
use super::send::Scope;
use super::ProcessTable;
use crate::signal::action::SaFlags;
use crate::signal::info::SigInfo;
use crate::wait::exit_cause;
use kernel_core::services::process::{Pid, Signal, Wakeup};

impl ProcessTable {
    /// `do_notify_parent(tsk, sig)` for process `tgid`'s death: `true` if the parent does not
    /// want it (SIGCHLD ignored or `SA_NOCLDWAIT`) and it is to be released now.
    pub(crate) fn notify_parent_exit(&mut self, tgid: Pid, exit_signal: i32) -> bool {
        let Ok(process) = self.process(tgid) else {
            return false;
        };
        let Some(parent) = process.parent else {
            return false;
        };
        let Ok(parent_process) = self.process(parent) else {
            return false;
        };
        let mut signo = exit_signal;
        if signo != Signal::SIGCHLD.number()
            && process.parent_exec_id != parent_process.self_exec_id
        {
            signo = Signal::SIGCHLD.number();
        }
        let status = self.thread(tgid).map(|t| t.exit_code).unwrap_or(0);
        let (cause, si_status) = exit_cause(status);
        let mut info = SigInfo::child(
            cause,
            tgid.as_raw(),
            process.credentials.uid,
            si_status,
            0,
            0,
        );
        info.set_signo(signo);
        let parent_task = process
            .parent_thread
            .filter(|t| self.thread(*t).is_ok_and(|t| t.tgid == parent))
            .unwrap_or(parent);
        let chld = parent_process.actions.get(Signal::SIGCHLD);
        let mut autoreap = false;
        if signo == Signal::SIGCHLD.number()
            && (chld.is_ignore() || chld.flags.contains(SaFlags::NOCLDWAIT))
        {
            autoreap = true;
            if chld.is_ignore() {
                signo = 0;
            }
        }
        if (1..=64).contains(&signo) {
            let _ = self.send_signal_locked(info, parent_task, Scope::Process, false);
        }
        self.wake(Wakeup::ChildEvent { parent });
        autoreap
    }

    /// `release_task`: the thread record goes, its pid is freed; the last non-leader thread
    /// of a zombie leader reports the leader's death (and releases it if nobody waits).
    pub(crate) fn release_task(&mut self, tid: Pid, outcome: &mut ExitOutcome) {
        let mut tid = tid;
        loop {
            let Ok(thread) = self.thread(tid) else {
                return;
            };
            let tgid = thread.tgid;
            let Ok(process) = self.process_mut(tgid) else {
                return;
            };
            let uid = process.credentials.uid;
            let group_dead = tid == tgid;
            process.threads.retain(|t| *t != tid);
            if process.curr_target == tid {
                process.curr_target = process.threads.first().copied().unwrap_or(tgid);
            }
            let leader_alone = process.threads.len() == 1;
            self.uncharge_task(uid);
            if let Some(thread) = self.threads.remove(&tid) {
                let mut pending = thread.pending;
                let released = pending.flush_all();
                self.uncharge_signals(released);
            }
            self.pids.release(tid);
            outcome.released.push(tid);
            if group_dead {
                if let Some(mut process) = self.processes.remove(&tgid) {
                    let released = process.shared_pending.flush_all();
                    self.uncharge_signals(released);
                }
                return;
            }
            let leader_zombie = self.thread(tgid).is_ok_and(|t| t.zombie);
            if !(leader_alone && leader_zombie) {
                return;
            }
            let exit_signal = self.process(tgid).map(|p| p.exit_signal).unwrap_or(0);
            if !self.notify_parent_exit(tgid, exit_signal) {
                return;
            }
            tid = tgid;
        }
    }
}
