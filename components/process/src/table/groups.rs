//! Process groups and sessions: `setpgid`, `getpgid`, `setsid`, `getsid`, and orphaned
//! groups (`kernel/sys.c`, `will_become_orphaned_pgrp` and `kill_orphaned_pgrp` in
//! `kernel/exit.c`).

use super::{flags, ProcessTable};
use crate::signal::info::SigInfo;
use kernel_core::services::process::{Pid, Signal};
use kernel_core::Errno;

/// What `setsid` did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetsidOutcome {
    /// The new session (and group) ID: the caller's process ID. The kernel drops the
    /// process's controlling terminal (`proc_clear_tty`).
    pub sid: Pid,
}

impl ProcessTable {
    /// The group and session of a process's parent; init's parent (the idle task) is in
    /// group and session 0.
    fn parent_group_session(&self, tgid: Pid) -> (i32, i32) {
        self.process(tgid)
            .ok()
            .and_then(|p| p.parent)
            .and_then(|parent| self.process(parent).ok())
            .map_or((0, 0), |p| (p.pgid, p.sid))
    }

    /// Whether a process has exited completely (zombie leader, no threads left).
    fn fully_exited(&self, tgid: Pid) -> bool {
        let zombie = self.thread(tgid).is_ok_and(|t| t.zombie);
        zombie && self.process(tgid).is_ok_and(|p| p.threads.len() == 1)
    }

    /// `will_become_orphaned_pgrp(pgid, ignored)`: no member (other than `ignored`, dead ones
    /// and children of init) has a parent in another group of the same session.
    pub(crate) fn will_become_orphaned(&self, pgid: i32, ignored: Option<Pid>) -> bool {
        for member in self.group_members(pgid) {
            if Some(member) == ignored || self.fully_exited(member) {
                continue;
            }
            let Ok(process) = self.process(member) else {
                continue;
            };
            if process.parent == Some(Pid::INIT) {
                continue;
            }
            let (parent_pgid, parent_sid) = self.parent_group_session(member);
            if parent_pgid != pgid && parent_sid == process.sid {
                return false;
            }
        }
        true
    }

    /// Whether group `pgid` is orphaned now (`is_current_pgrp_orphaned` for any group).
    pub fn is_orphaned_group(&self, pgid: i32) -> bool {
        self.will_become_orphaned(pgid, None)
    }

    fn has_stopped_jobs(&self, pgid: i32) -> bool {
        self.group_members(pgid).into_iter().any(|m| {
            self.process(m)
                .is_ok_and(|p| p.flags & flags::STOP_STOPPED != 0)
        })
    }

    /// `kill_orphaned_pgrp(tsk, parent)`: when `tgid`'s exit (`reparented_from: None`) or
    /// its reparenting away from process `reparented_from` orphans its group and the group
    /// has stopped members, they get SIGHUP then SIGCONT (POSIX 3.2.2.2).
    pub(crate) fn kill_orphaned_group(&mut self, tgid: Pid, reparented_from: Option<Pid>) {
        let Ok(process) = self.process(tgid) else {
            return;
        };
        let (pgid, sid) = (process.pgid, process.sid);
        let (ignored, parent) = match reparented_from {
            None => (Some(tgid), process.parent),
            Some(father) => (None, Some(father)),
        };
        let (parent_pgid, parent_sid) = parent
            .and_then(|p| self.process(p).ok())
            .map_or((0, 0), |p| (p.pgid, p.sid));
        if parent_pgid != pgid
            && parent_sid == sid
            && self.will_become_orphaned(pgid, ignored)
            && self.has_stopped_jobs(pgid)
        {
            let hup = SigInfo::kernel(Signal::SIGHUP.number());
            let cont = SigInfo::kernel(Signal::SIGCONT.number());
            let _ = self.kill_group(None, Signal::SIGHUP.number(), hup, pgid);
            let _ = self.kill_group(None, Signal::SIGCONT.number(), cont, pgid);
        }
    }

    /// `getpgid(pid)`: 0 means the caller; `ESRCH` if no task has `pid`.
    pub fn getpgid(&self, tid: Pid, pid: i32) -> Result<i32, Errno> {
        Ok(self.process(self.task_process(tid, pid)?)?.pgid)
    }

    /// `getsid(pid)`: 0 means the caller; `ESRCH` if no task has `pid`.
    pub fn getsid(&self, tid: Pid, pid: i32) -> Result<i32, Errno> {
        Ok(self.process(self.task_process(tid, pid)?)?.sid)
    }

    /// The process of task `pid` (0: of the caller).
    fn task_process(&self, tid: Pid, pid: i32) -> Result<Pid, Errno> {
        if pid == 0 {
            return Ok(self.thread(tid)?.tgid);
        }
        let task = Pid::new(pid).ok_or(Errno::ESRCH)?;
        Ok(self.thread(task)?.tgid)
    }

    /// `setpgid(pid, pgid)` from thread `tid`: 0s mean the caller and `pid`. `EINVAL` for a
    /// negative group or a task that is not a process leader; `ESRCH` unless `pid` is the
    /// caller or its child; `EPERM` for a child in another session, a session leader, or a
    /// group that does not exist in the caller's session; `EACCES` for a child that exec'd.
    pub fn setpgid(&mut self, tid: Pid, pid: i32, pgid: i32) -> Result<(), Errno> {
        let me = self.process_of(tid)?;
        let (my_tgid, my_sid) = (me.tgid, me.sid);
        let pid = if pid == 0 { my_tgid.as_raw() } else { pid };
        let pgid = if pgid == 0 { pid } else { pgid };
        if pgid < 0 {
            return Err(Errno::EINVAL);
        }
        let target = Pid::new(pid)
            .filter(|t| self.thread_exists(*t))
            .ok_or(Errno::ESRCH)?;
        if self.thread(target)?.tgid != target {
            return Err(Errno::EINVAL);
        }
        let process = self.process(target)?;
        if process.parent == Some(my_tgid) {
            if process.sid != my_sid {
                return Err(Errno::EPERM);
            }
            if !process.forked_no_exec {
                return Err(Errno::EACCES);
            }
        } else if target != my_tgid {
            return Err(Errno::ESRCH);
        }
        if process.session_leader {
            return Err(Errno::EPERM);
        }
        if pgid != pid {
            let group_session = self.session_of_group(pgid);
            if group_session != Some(my_sid) {
                return Err(Errno::EPERM);
            }
        }
        self.process_mut(target)?.pgid = pgid;
        Ok(())
    }

    /// The session of group `pgid` (of its first member), if it has members.
    pub fn session_of_group(&self, pgid: i32) -> Option<i32> {
        self.processes
            .values()
            .find(|p| p.pgid == pgid)
            .map(|p| p.sid)
    }

    /// `setsid()`: `EPERM` for a session leader or when a group with the caller's process ID
    /// exists; otherwise the process leads a new session and group named after it.
    pub fn setsid(&mut self, tid: Pid) -> Result<SetsidOutcome, Errno> {
        let process = self.process_of(tid)?;
        let tgid = process.tgid;
        if process.session_leader || self.session_of_group(tgid.as_raw()).is_some() {
            return Err(Errno::EPERM);
        }
        let process = self.process_mut(tgid)?;
        process.session_leader = true;
        process.sid = tgid.as_raw();
        process.pgid = tgid.as_raw();
        Ok(SetsidOutcome { sid: tgid })
    }
}
