//! Exit: `exit`, `exit_group`, death by signal, reparenting to init, telling the parent,
//! and releasing what no one waits for (`kernel/exit.c`: `do_exit`, `do_group_exit`,
//! `exit_notify`, `forget_original_parent`, `release_task`; `do_notify_parent`).

use super::{flags, ProcessTable};
use crate::signal::info::{code, SigInfo};
use crate::wait::signaled_status;
use alloc::vec::Vec;
use core::fmt;
use kernel_core::services::process::{Pid, Signal, Wakeup};
use kernel_core::Errno;

/// init's last thread exited: Linux panics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InitDeath {
    /// The exit status (`group_exit_code`, or the thread's code).
    pub exit_code: i32,
}

impl fmt::Display for InitDeath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Attempted to kill init! exitcode=0x{:08x}",
            self.exit_code
        )
    }
}

/// What the kernel does after a thread exits.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExitOutcome {
    /// `clear_child_tid`: if nonzero, write a 0 `u32` there and `FUTEX_WAKE` one waiter
    /// (when the address space has other users, as `mm_release`).
    pub clear_child_tid: u64,
    /// A `vfork` parent to release (also queued as a wakeup).
    pub vfork_parent: Option<Pid>,
    /// The last thread of the process exited.
    pub group_dead: bool,
    /// The process led session `sid`: the TTY hangs up its foreground group
    /// (`disassociate_ctty(1)`).
    pub session_leader_exited: Option<i32>,
    /// init died: panic with this message.
    pub init_died: Option<InitDeath>,
    /// Threads whose records are gone (the kernel frees their per-thread state).
    pub released: Vec<Pid>,
}

impl ProcessTable {
    /// `exit(code)` of one thread: status `(code & 0xff) << 8`.
    pub fn exit_thread(&mut self, tid: Pid, code: i32) -> Result<ExitOutcome, Errno> {
        self.do_exit(tid, crate::wait::exited_status(code))
    }

    /// `exit_group(code)`: status `(code & 0xff) << 8` unless a group exit is already under
    /// way (its status wins) or an exec is (0).
    pub fn exit_group(&mut self, tid: Pid, code: i32) -> Result<ExitOutcome, Errno> {
        self.do_group_exit(tid, crate::wait::exited_status(code))
    }

    /// Death by `signal` (after [`super::SignalAction::Terminate`]); `core_dumped` adds 0x80.
    pub fn exit_group_by_signal(
        &mut self,
        tid: Pid,
        signal: Signal,
        core_dumped: bool,
    ) -> Result<ExitOutcome, Errno> {
        self.do_group_exit(tid, signaled_status(signal.number(), core_dumped))
    }

    /// `zap_other_threads`: SIGKILL to every other thread of `tid`'s process.
    pub(crate) fn zap_other_threads(&mut self, tid: Pid) -> Result<usize, Errno> {
        let tgid = self.thread(tid)?.tgid;
        let process = self.process_mut(tgid)?;
        process.group_stop_count = 0;
        let threads = process.threads.clone();
        let mut count = 0;
        for t in threads {
            let Ok(thread) = self.thread_mut(t) else {
                continue;
            };
            thread.stop_pending = false;
            thread.stop_consume = false;
            if t == tid {
                continue;
            }
            count += 1;
            if thread.zombie {
                continue;
            }
            thread.pending.add(Signal::SIGKILL, None);
            self.signal_wake_up(t, true);
        }
        Ok(count)
    }

    fn do_group_exit(&mut self, tid: Pid, status: i32) -> Result<ExitOutcome, Errno> {
        let process = self.process_of_mut(tid)?;
        let status = if process.flags & flags::GROUP_EXIT != 0 {
            process.group_exit_code
        } else if process.group_exec_task.is_some() {
            0
        } else {
            process.group_exit_code = status;
            process.flags = flags::GROUP_EXIT;
            self.zap_other_threads(tid)?;
            status
        };
        self.do_exit(tid, status)
    }

    /// `do_exit(code)` for thread `tid`.
    fn do_exit(&mut self, tid: Pid, status: i32) -> Result<ExitOutcome, Errno> {
        let thread = self.thread(tid)?;
        if thread.exiting {
            return Err(Errno::ESRCH);
        }
        let tgid = thread.tgid;
        let mut outcome = ExitOutcome::default();
        let process = self.process_mut(tgid)?;
        process.live = process.live.saturating_sub(1);
        if process.live == 0 && process.flags & flags::GROUP_EXIT == 0 {
            process.flags = flags::GROUP_EXIT;
            process.group_exit_code = status;
            process.group_stop_count = 0;
        }
        let alone = process.threads.len() == 1 || process.flags & flags::GROUP_EXIT != 0;
        let group_dead = process.live == 0;
        let (group_exit_code, session_leader, sid) =
            (process.group_exit_code, process.session_leader, process.sid);
        self.thread_mut(tid)?.exiting = true;
        let mut stop_notify = false;
        if !alone {
            let blocked = self.thread(tid)?.blocked;
            if self.thread(tid)?.sigpending_flag {
                self.retarget_shared_pending(tid, blocked.complement());
            }
            if self.thread(tid)?.stop_pending {
                stop_notify = self.participate_group_stop(tid);
            }
        }
        if stop_notify {
            self.notify_parent_stop(tgid, code::CLD_STOPPED);
        }
        if group_dead && tgid == Pid::INIT {
            let exit_code = if group_exit_code != 0 {
                group_exit_code
            } else {
                status
            };
            outcome.init_died = Some(InitDeath { exit_code });
            outcome.group_dead = true;
            return Ok(outcome);
        }
        let thread = self.thread_mut(tid)?;
        thread.exit_code = status;
        outcome.clear_child_tid = core::mem::take(&mut thread.clear_child_tid);
        outcome.vfork_parent = thread.vfork_parent.take();
        if let Some(parent_tid) = outcome.vfork_parent {
            self.wake(Wakeup::VforkDone { parent_tid });
        }
        outcome.group_dead = group_dead;
        if group_dead && session_leader {
            outcome.session_leader_exited = Some(sid);
        }
        self.exit_notify(tid, tgid, group_dead, &mut outcome)?;
        Ok(outcome)
    }

    /// `exit_notify`: reparent children, orphaned-group check, zombie or release.
    fn exit_notify(
        &mut self,
        tid: Pid,
        tgid: Pid,
        group_dead: bool,
        outcome: &mut ExitOutcome,
    ) -> Result<(), Errno> {
        self.forget_original_parent(tid, tgid, outcome);
        if group_dead {
            self.kill_orphaned_group(tgid, None);
        }
        self.thread_mut(tid)?.zombie = true;
        let autoreap = if tid == tgid {
            let alone = self.process(tgid)?.threads.len() == 1;
            let exit_signal = self.process(tgid)?.exit_signal;
            alone && self.notify_parent_exit(tgid, exit_signal)
        } else {
            true
        };
        if autoreap {
            self.release_task(tid, outcome);
        }
        if let Some(exec_task) = self.process(tgid).ok().and_then(|p| p.group_exec_task) {
            self.wake(Wakeup::ExecWaiter { tid: exec_task });
        }
        Ok(())
    }

    /// `forget_original_parent(father)`: the children of exiting thread `father` go to
    /// another live thread of its process, or else to init (with SIGCHLD as exit signal, a
    /// notification for those already dead, and the orphaned-group check). Each child
    /// thread with a parent-death signal gets it.
    fn forget_original_parent(&mut self, father: Pid, father_tgid: Pid, outcome: &mut ExitOutcome) {
        let children: Vec<Pid> = self
            .processes
            .values()
            .filter(|p| p.parent_thread == Some(father))
            .map(|p| p.tgid)
            .collect();
        if children.is_empty() {
            return;
        }
        let alive_sibling = self.alive_thread(father_tgid);
        let (reaper, reaper_tgid) = match alive_sibling {
            Some(t) => (t, father_tgid),
            None => self
                .find_subreaper(father_tgid)
                .unwrap_or((self.alive_thread(Pid::INIT).unwrap_or(Pid::INIT), Pid::INIT)),
        };
        let father_info = self
            .process(father_tgid)
            .map(|p| (p.credentials.uid, p.tgid));
        for child in children {
            let threads = self.thread_ids(child);
            if let Ok(process) = self.process_mut(child) {
                process.parent = Some(reaper_tgid);
                process.parent_thread = Some(reaper);
            }
            for t in threads {
                let pdeath = self.thread(t).map(|t| t.pdeath_signal).unwrap_or(0);
                if pdeath != 0 {
                    if let Ok((uid, ftgid)) = father_info {
                        let info = SigInfo::sent_by(pdeath, code::SI_USER, ftgid.as_raw(), uid);
                        let _ = self.group_send(Some(father), pdeath, info, t);
                    }
                }
            }
            if reaper_tgid != father_tgid {
                self.reparent_leader(father_tgid, child, outcome);
            }
        }
    }

    /// `find_new_reaper`'s walk: the nearest ancestor of `father_tgid` below init marked
    /// `CHILD_SUBREAPER` with a live thread, as (thread, process).
    fn find_subreaper(&self, father_tgid: Pid) -> Option<(Pid, Pid)> {
        let mut ancestor = self.process(father_tgid).ok()?.parent;
        while let Some(tgid) = ancestor.filter(|&tgid| tgid != Pid::INIT) {
            let process = self.process(tgid).ok()?;
            if process.flags & flags::CHILD_SUBREAPER != 0 {
                if let Some(thread) = self.alive_thread(tgid) {
                    return Some((thread, tgid));
                }
            }
            ancestor = process.parent;
        }
        None
    }

    /// The first thread of `tgid` not exiting (`find_alive_thread`).
    fn alive_thread(&self, tgid: Pid) -> Option<Pid> {
        let process = self.process(tgid).ok()?;
        process
            .threads
            .iter()
            .copied()
            .find(|t| self.thread(*t).is_ok_and(|t| !t.exiting))
    }

    /// `reparent_leader`.
    fn reparent_leader(&mut self, father_tgid: Pid, child: Pid, outcome: &mut ExitOutcome) {
        let Ok(process) = self.process_mut(child) else {
            return;
        };
        process.exit_signal = Signal::SIGCHLD.number();
        let alone = process.threads.len() == 1;
        let zombie = self.thread(child).is_ok_and(|t| t.zombie);
        if zombie && alone && self.notify_parent_exit(child, Signal::SIGCHLD.number()) {
            self.release_task(child, outcome);
            return;
        }
        self.kill_orphaned_group(child, Some(father_tgid));
    }
}
