//! `execve`'s effects on the process (`de_thread`, `begin_new_exec` in `fs/exec.c`):
//! other threads die, the exec'ing thread takes the process ID, handlers reset, the
//! alternate stack goes, credentials follow set-id bits.

use super::{flags, ProcessTable};
use kernel_core::services::process::{Pid, Signal, Wakeup};
use kernel_core::Errno;

/// The first step of an exec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExecStart {
    /// The thread is alone: commit now.
    Ready,
    /// Other threads were sent SIGKILL: sleep until an `ExecWaiter` wakeup makes
    /// [`ProcessTable::exec_ready`] true (or a fatal signal ends the exec), then commit.
    WaitForThreads,
}

/// What the committed exec changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExecOutcome {
    /// The thread's ID now: the process ID (a non-leader that execs takes it over).
    pub tid: Pid,
    /// The thread's ID before, when it changed (the kernel re-keys its per-thread state;
    /// the old number is free).
    pub old_tid: Option<Pid>,
    /// `AT_SECURE`: the exec changed identity or gained privilege.
    pub secure: bool,
    /// `clear_child_tid` to clear and wake now (`mm_release` at exec), 0 if none.
    pub clear_child_tid: u64,
    /// A `vfork` parent released by this exec (also queued as a wakeup).
    pub vfork_parent: Option<Pid>,
}

impl ProcessTable {
    /// Starts `execve` for thread `tid` (`de_thread`): `EAGAIN` if the process is already
    /// exiting or exec'ing (the pending fatal signal will be handled on the way out).
    pub fn exec_begin(&mut self, tid: Pid) -> Result<ExecStart, Errno> {
        let process = self.process_of(tid)?;
        if process.flags & flags::GROUP_EXIT != 0 || process.group_exec_task.is_some() {
            return Err(Errno::EAGAIN);
        }
        let tgid = process.tgid;
        if process.threads.len() == 1 {
            return Ok(ExecStart::Ready);
        }
        self.process_mut(tgid)?.group_exec_task = Some(tid);
        self.zap_other_threads(tid)?;
        Ok(if self.exec_ready(tid) {
            ExecStart::Ready
        } else {
            ExecStart::WaitForThreads
        })
    }

    /// Whether every other thread of `tid`'s process is gone (a former leader may remain as
    /// a zombie, to be taken over).
    pub fn exec_ready(&self, tid: Pid) -> bool {
        let Ok(process) = self.process_of(tid) else {
            return false;
        };
        process
            .threads
            .iter()
            .all(|t| *t == tid || (*t == process.tgid && self.thread(*t).is_ok_and(|t| t.zombie)))
    }

    /// Gives up an exec that a fatal signal interrupted while waiting.
    pub fn exec_abort(&mut self, tid: Pid) -> Result<(), Errno> {
        let process = self.process_of_mut(tid)?;
        if process.group_exec_task == Some(tid) {
            process.group_exec_task = None;
        }
        Ok(())
    }

    /// Commits the exec (after the new image is loaded, at the point of no return):
    /// takes over the process ID, resets handlers (ignored signals stay ignored; mask and
    /// pending signals stay), clears the alternate stack's base and size, marks the process
    /// as exec'd (for `setpgid`'s `EACCES`), applies set-user/group-ID owners, and drops the
    /// parent-death signal for a secure exec. `EAGAIN` if other threads remain.
    pub fn exec_commit(
        &mut self,
        tid: Pid,
        setuid_owner: Option<u32>,
        setgid_owner: Option<u32>,
    ) -> Result<ExecOutcome, Errno> {
        if !self.exec_ready(tid) {
            return Err(Errno::EAGAIN);
        }
        let tgid = self.thread(tid)?.tgid;
        let mut old_tid = None;
        let mut current = tid;
        if tid != tgid {
            if let Some(leader) = self.threads.remove(&tgid) {
                let released = leader.pending.clone().flush_all();
                self.uncharge_signals(released);
            }
            let uid = self.process(tgid)?.credentials.uid;
            self.uncharge_task(uid);
            let thread = self.threads.remove(&tid).ok_or(Errno::ESRCH)?;
            self.threads.insert(tgid, thread);
            self.pids.release(tid);
            for process in self.processes.values_mut() {
                if process.parent_thread == Some(tid) {
                    process.parent_thread = Some(tgid);
                }
            }
            let process = self.process_mut(tgid)?;
            process.threads = alloc::vec![tgid];
            process.curr_target = tgid;
            process.exit_signal = Signal::SIGCHLD.number();
            old_tid = Some(tid);
            current = tgid;
        }
        let process = self.process_mut(tgid)?;
        process.group_exec_task = None;
        process.forked_no_exec = false;
        process.self_exec_id += 1;
        process.actions.reset_for_exec();
        let secure = process
            .credentials
            .exec_transition(setuid_owner, setgid_owner);
        let thread = self.thread_mut(current)?;
        thread.altstack.clear_for_exec();
        if secure {
            thread.pdeath_signal = 0;
        }
        let clear_child_tid = core::mem::take(&mut thread.clear_child_tid);
        let vfork_parent = thread.vfork_parent.take();
        if let Some(parent_tid) = vfork_parent {
            self.wake(Wakeup::VforkDone { parent_tid });
        }
        Ok(ExecOutcome {
            tid: current,
            old_tid,
            secure,
            clear_child_tid,
            vfork_parent,
        })
    }
}
