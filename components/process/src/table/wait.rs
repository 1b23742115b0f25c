//! `wait4` and `waitid` over the table (`do_wait`, `wait_consider_task`,
//! `wait_task_zombie`, `wait_task_stopped`, `wait_task_continued`).

use super::exit::ExitOutcome;
use super::{flags, ProcessTable};
use crate::signal::info::code;
use crate::wait::{
    exit_cause, stopped_status, WaitRequest, WaitResult, WaitTarget, CONTINUED_STATUS, WALL,
    WCLONE, WCONTINUED, WEXITED, WNOTHREAD, WNOWAIT, WUNTRACED,
};
use alloc::vec::Vec;
use kernel_core::services::process::{Pid, Signal};
use kernel_core::Errno;

/// What a wait found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaitFound {
    /// The child and its status.
    pub result: WaitResult,
    /// Threads released by reaping a zombie (the kernel frees their state).
    pub released: Vec<Pid>,
}

impl ProcessTable {
    /// One wait pass for thread `tid` (`do_wait` without the sleep). `Ok(Some)`: a child
    /// to report (reaped unless `WNOWAIT`). `Ok(None)`: eligible children exist but none has
    /// news: with `WNOHANG` the syscall returns 0 (`waitid` zero-fills its fields), otherwise
    /// the caller sleeps until a `ChildEvent` for its process or a signal and calls again
    /// (`-ERESTARTSYS` if a signal is pending). `ECHILD`: nothing to wait for.
    pub fn wait(&mut self, tid: Pid, request: WaitRequest) -> Result<Option<WaitFound>, Errno> {
        let me = self.process_of(tid)?;
        let (my_tgid, my_pgid) = (me.tgid, me.pgid);
        let options = request.options;
        let candidates: Vec<Pid> = match request.target {
            WaitTarget::Pid(Some(pid)) => {
                if !self.thread_exists(pid) {
                    return Err(Errno::ECHILD);
                }
                match self.process(pid) {
                    Ok(p) if self.is_child_of(p.tgid, tid, my_tgid, options) => alloc::vec![pid],
                    _ => Vec::new(),
                }
            }
            WaitTarget::Pid(None) | WaitTarget::ProcessGroup(None) => return Err(Errno::ECHILD),
            target => {
                let pgid = match target {
                    WaitTarget::ProcessGroup(Some(g)) => Some(g.as_raw()),
                    WaitTarget::OwnProcessGroup => Some(my_pgid),
                    _ => None,
                };
                if let Some(pgid) = pgid {
                    if self.group_members(pgid).is_empty() {
                        return Err(Errno::ECHILD);
                    }
                }
                self.processes
                    .values()
                    .filter(|p| self.is_child_of(p.tgid, tid, my_tgid, options))
                    .filter(|p| pgid.is_none_or(|g| p.pgid == g))
                    .map(|p| p.tgid)
                    .collect()
            }
        };
        let mut any_eligible = false;
        for child in candidates {
            if let Some(found) = self.consider(child, options, &mut any_eligible)? {
                return Ok(Some(found));
            }
        }
        if any_eligible {
            Ok(None)
        } else {
            Err(Errno::ECHILD)
        }
    }

    /// Whether process `child` is a child of the caller (`is_effectively_child`): of the
    /// calling thread with `__WNOTHREAD`, of any thread of its process otherwise.
    fn is_child_of(&self, child: Pid, tid: Pid, my_tgid: Pid, options: u32) -> bool {
        let Ok(process) = self.process(child) else {
            return false;
        };
        if options & WNOTHREAD != 0 {
            process.parent_thread == Some(tid)
        } else {
            process.parent == Some(my_tgid)
        }
    }

    /// `wait_consider_task` for one child process.
    fn consider(
        &mut self,
        child: Pid,
        options: u32,
        any_eligible: &mut bool,
    ) -> Result<Option<WaitFound>, Errno> {
        let process = self.process(child)?;
        let clone_child = process.exit_signal != Signal::SIGCHLD.number();
        if options & WALL == 0 && clone_child != (options & WCLONE != 0) {
            return Ok(None);
        }
        let zombie = self.thread(child).is_ok_and(|t| t.zombie);
        if zombie {
            if process.threads.len() == 1 {
                return self.wait_zombie(child, options);
            }
            *any_eligible = true;
        } else {
            *any_eligible = true;
        }
        if let Some(found) = self.wait_stopped(child, options)? {
            return Ok(Some(found));
        }
        self.wait_continued(child, options)
    }

    fn found(pid: Pid, uid: u32, status: i32, cause: i32, si_status: i32) -> WaitFound {
        WaitFound {
            result: WaitResult {
                pid,
                uid,
                status,
                cause,
                si_status,
            },
            released: Vec::new(),
        }
    }

    /// `wait_task_zombie`: report (and unless `WNOWAIT`, reap) a dead child.
    fn wait_zombie(&mut self, child: Pid, options: u32) -> Result<Option<WaitFound>, Errno> {
        if options & WEXITED == 0 {
            return Ok(None);
        }
        let process = self.process(child)?;
        let status = if process.flags & flags::GROUP_EXIT != 0 {
            process.group_exit_code
        } else {
            self.thread(child)?.exit_code
        };
        let uid = process.credentials.uid;
        let (cause, si_status) = exit_cause(status);
        let mut found = Self::found(child, uid, status, cause, si_status);
        if options & WNOWAIT == 0 {
            let mut outcome = ExitOutcome::default();
            self.release_task(child, &mut outcome);
            found.released = outcome.released;
        }
        Ok(Some(found))
    }

    /// `wait_task_stopped` (`WUNTRACED`/`WSTOPPED`): a stop not yet reported.
    fn wait_stopped(&mut self, child: Pid, options: u32) -> Result<Option<WaitFound>, Errno> {
        if options & WUNTRACED == 0 {
            return Ok(None);
        }
        let process = self.process_mut(child)?;
        if process.flags & flags::STOP_STOPPED == 0 || process.group_stop_code == 0 {
            return Ok(None);
        }
        let signo = process.group_stop_code;
        let status = if options & WNOWAIT == 0 {
            process.group_stop_code = 0;
            stopped_status(signo)
        } else {
            0
        };
        let uid = process.credentials.uid;
        Ok(Some(Self::found(
            child,
            uid,
            status,
            code::CLD_STOPPED,
            signo,
        )))
    }

    /// `wait_task_continued` (`WCONTINUED`): a continue not yet reported.
    fn wait_continued(&mut self, child: Pid, options: u32) -> Result<Option<WaitFound>, Errno> {
        if options & WCONTINUED == 0 {
            return Ok(None);
        }
        let process = self.process_mut(child)?;
        if process.flags & flags::STOP_CONTINUED == 0 {
            return Ok(None);
        }
        if options & WNOWAIT == 0 {
            process.flags &= !flags::STOP_CONTINUED;
        }
        let uid = process.credentials.uid;
        Ok(Some(Self::found(
            child,
            uid,
            CONTINUED_STATUS,
            code::CLD_CONTINUED,
            Signal::SIGCONT.number(),
        )))
    }
}
