//! `kill`, `tkill`, `tgkill`, `rt_sigqueueinfo`, `rt_tgsigqueueinfo` and the kernel's own
//! process and group signals: targets and permission (`kill_something_info`,
//! `check_kill_permission`, `do_send_specific`).

use super::send::Scope;
use super::ProcessTable;
use crate::credentials::Capability;
use crate::signal::info::{code, SigInfo};
use kernel_core::services::process::{Pid, Signal};
use kernel_core::Errno;

/// `SI_FROMUSER`: codes at or below 0 come from user space and are permission-checked.
fn from_user(info: &SigInfo) -> bool {
    info.code() <= 0
}

impl ProcessTable {
    /// `check_kill_permission`: `EINVAL` for a signal number past 64; for user-sent signals
    /// to another process, the sender's real or effective uid must match the target's real
    /// or saved uid, or the sender needs `CAP_KILL`; SIGCONT within a session is allowed.
    fn check_kill_permission(
        &self,
        sender: Option<Pid>,
        signo: i32,
        info: &SigInfo,
        target: Pid,
    ) -> Result<(), Errno> {
        if !(0..=64).contains(&signo) {
            return Err(Errno::EINVAL);
        }
        let Some(sender) = sender else {
            return Ok(());
        };
        if !from_user(info) {
            return Ok(());
        }
        let me = self.process_of(sender)?;
        let them = self.process_of(target)?;
        if me.tgid == them.tgid {
            return Ok(());
        }
        let (c, t) = (&me.credentials, &them.credentials);
        let cred_ok = c.euid == t.suid
            || c.euid == t.uid
            || c.uid == t.suid
            || c.uid == t.uid
            || c.capable(Capability::KILL);
        if cred_ok || (signo == Signal::SIGCONT.number() && me.sid == them.sid) {
            Ok(())
        } else {
            Err(Errno::EPERM)
        }
    }

    /// `group_send_sig_info`: permission, then (for a nonzero signal) the process queue of
    /// the task `target`.
    pub(crate) fn group_send(
        &mut self,
        sender: Option<Pid>,
        signo: i32,
        info: SigInfo,
        target: Pid,
    ) -> Result<(), Errno> {
        self.check_kill_permission(sender, signo, &info, target)?;
        if signo == 0 {
            return Ok(());
        }
        let mut info = info;
        info.set_signo(signo);
        self.send_signal(info, target, Scope::Process)
    }

    /// The leaders of process group `pgid`, zombies included.
    pub(crate) fn group_members(&self, pgid: i32) -> alloc::vec::Vec<Pid> {
        self.processes
            .values()
            .filter(|p| p.pgid == pgid)
            .map(|p| p.tgid)
            .collect()
    }

    /// `__kill_pgrp_info`: 0 if any member took the signal, else the last error; `ESRCH`
    /// for an empty group.
    pub(crate) fn kill_group(
        &mut self,
        sender: Option<Pid>,
        signo: i32,
        info: SigInfo,
        pgid: i32,
    ) -> Result<(), Errno> {
        let mut result = Err(Errno::ESRCH);
        let mut success = false;
        for member in self.group_members(pgid) {
            result = self.group_send(sender, signo, info, member);
            success |= result.is_ok();
        }
        if success {
            Ok(())
        } else {
            result
        }
    }

    /// `kill(pid, sig)` from thread `sender`: `pid > 0` the process with that task, `0` the
    /// sender's group, `-1` every process but init and the sender's own (`ESRCH` if none;
    /// `EPERM` only if all refused), `< -1` group `-pid`. `sig` 0 checks existence and
    /// permission only.
    pub fn kill(&mut self, sender: Pid, pid: i32, sig: i32) -> Result<(), Errno> {
        let me = self.process_of(sender)?;
        let info = SigInfo::sent_by(sig, code::SI_USER, me.tgid.as_raw(), me.credentials.uid);
        let (my_tgid, my_pgid) = (me.tgid, me.pgid);
        if pid > 0 {
            let target = Pid::new(pid).filter(|t| self.thread_exists(*t));
            return match target {
                Some(target) => self.group_send(Some(sender), sig, info, target),
                None => Err(Errno::ESRCH),
            };
        }
        match pid {
            i32::MIN => Err(Errno::ESRCH),
            0 => self.kill_group(Some(sender), sig, info, my_pgid),
            -1 => {
                let mut result = Ok(());
                let mut count = 0;
                for target in self.process_ids() {
                    if target.as_raw() > 1 && target != my_tgid {
                        count += 1;
                        let err = self.group_send(Some(sender), sig, info, target);
                        if err != Err(Errno::EPERM) {
                            result = err;
                        }
                    }
                }
                if count == 0 {
                    Err(Errno::ESRCH)
                } else {
                    result
                }
            }
            _ => self.kill_group(Some(sender), sig, info, -pid),
        }
    }

    /// `do_send_specific`: thread `tid`, which must belong to process `tgid` if `tgid > 0`.
    fn send_specific(
        &mut self,
        sender: Pid,
        tgid: i32,
        tid: i32,
        sig: i32,
        info: SigInfo,
    ) -> Result<(), Errno> {
        let target = Pid::new(tid).filter(|t| self.thread_exists(*t));
        let Some(target) = target else {
            return Err(Errno::ESRCH);
        };
        if tgid > 0 && self.thread(target)?.tgid.as_raw() != tgid {
            return Err(Errno::ESRCH);
        }
        self.check_kill_permission(Some(sender), sig, &info, target)?;
        if sig == 0 {
            return Ok(());
        }
        let mut info = info;
        info.set_signo(sig);
        match self.send_signal(info, target, Scope::Thread) {
            Err(Errno::ESRCH) => Ok(()),
            other => other,
        }
    }

    fn tkill_info(&self, sender: Pid, sig: i32) -> Result<SigInfo, Errno> {
        let me = self.process_of(sender)?;
        Ok(SigInfo::sent_by(
            sig,
            code::SI_TKILL,
            me.tgid.as_raw(),
            me.credentials.uid,
        ))
    }

    /// `tgkill(tgid, tid, sig)`: `EINVAL` unless both IDs are positive; `ESRCH` if `tid` is
    /// not a thread of `tgid`.
    pub fn tgkill(&mut self, sender: Pid, tgid: i32, tid: i32, sig: i32) -> Result<(), Errno> {
        if tid <= 0 || tgid <= 0 {
            return Err(Errno::EINVAL);
        }
        let info = self.tkill_info(sender, sig)?;
        self.send_specific(sender, tgid, tid, sig, info)
    }

    /// `tkill(tid, sig)`.
    pub fn tkill(&mut self, sender: Pid, tid: i32, sig: i32) -> Result<(), Errno> {
        if tid <= 0 {
            return Err(Errno::EINVAL);
        }
        let info = self.tkill_info(sender, sig)?;
        self.send_specific(sender, 0, tid, sig, info)
    }

    /// `rt_sigqueueinfo(pid, sig, info)` (`info` from `SigInfo::from_user_bytes(sig, ..)`):
    /// only to oneself may `si_code >= 0` or `SI_TKILL` be used (`EPERM`); then as `kill`.
    pub fn sigqueueinfo(
        &mut self,
        sender: Pid,
        pid: i32,
        sig: i32,
        info: SigInfo,
    ) -> Result<(), Errno> {
        if (info.code() >= 0 || info.code() == code::SI_TKILL) && sender.as_raw() != pid {
            return Err(Errno::EPERM);
        }
        let target = Pid::new(pid).filter(|t| self.thread_exists(*t));
        match target {
            Some(target) => self.group_send(Some(sender), sig, info, target),
            None => Err(Errno::ESRCH),
        }
    }

    /// `rt_tgsigqueueinfo(tgid, tid, sig, info)`.
    pub fn tgsigqueueinfo(
        &mut self,
        sender: Pid,
        tgid: i32,
        tid: i32,
        sig: i32,
        info: SigInfo,
    ) -> Result<(), Errno> {
        if tid <= 0 || tgid <= 0 {
            return Err(Errno::EINVAL);
        }
        if (info.code() >= 0 || info.code() == code::SI_TKILL) && sender.as_raw() != tid {
            return Err(Errno::EPERM);
        }
        self.send_specific(sender, tgid, tid, sig, info)
    }

    /// `kill_pgrp(pgrp, sig, 1)`: the kernel signals a process group (the TTY's ^C, ^Z, ^\,
    /// SIGWINCH, SIGHUP), `SI_KERNEL`; `ESRCH` for an empty group.
    pub fn kill_group_from_kernel(&mut self, pgid: i32, signal: Signal) -> Result<(), Errno> {
        let info = SigInfo::kernel(signal.number());
        self.kill_group(None, signal.number(), info, pgid)
    }

    /// `kill_pid(pid, sig, 1)`: the kernel signals the process with task `pid`.
    pub fn kill_process_from_kernel(&mut self, pid: Pid, signal: Signal) -> Result<(), Errno> {
        if !self.thread_exists(pid) {
            return Err(Errno::ESRCH);
        }
        let info = SigInfo::kernel(signal.number());
        self.group_send(None, signal.number(), info, pid)
    }
}
