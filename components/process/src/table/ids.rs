//! Identity and limits through the table: credentials (with `RLIMIT_NPROC` accounting
//! following the real uid), `umask`, `getrlimit`/`setrlimit`/`prlimit64`.

use super::ProcessTable;
use crate::credentials::{Capability, Credentials};
use crate::rlimit::{Resource, Rlimit};
use kernel_core::services::process::Pid;
use kernel_core::Errno;

impl ProcessTable {
    /// The credentials of `tid`'s process.
    pub fn credentials(&self, tid: Pid) -> Result<&Credentials, Errno> {
        Ok(&self.process_of(tid)?.credentials)
    }

    /// Changes the credentials of `tid`'s process with one of the [`Credentials`] rules,
    /// e.g. `table.change_credentials(tid, |c| c.setuid(1000))`. A new real uid moves the
    /// process's tasks to that user's `RLIMIT_NPROC` count.
    pub fn change_credentials<R>(
        &mut self,
        tid: Pid,
        change: impl FnOnce(&mut Credentials) -> Result<R, Errno>,
    ) -> Result<R, Errno> {
        let process = self.process_of_mut(tid)?;
        let old_uid = process.credentials.uid;
        let result = change(&mut process.credentials)?;
        let new_uid = process.credentials.uid;
        let tasks = process.threads.len();
        if new_uid != old_uid {
            for _ in 0..tasks {
                self.uncharge_task(old_uid);
                self.charge_task(new_uid);
            }
        }
        Ok(result)
    }

    /// `umask(mask)`: sets `mask & 0777`, returns the old mask.
    pub fn umask(&mut self, tid: Pid, mask: u32) -> Result<u32, Errno> {
        let process = self.process_of_mut(tid)?;
        let old = process.umask;
        process.umask = mask & 0o777;
        Ok(old)
    }

    /// The current file-creation mask.
    pub fn current_umask(&self, tid: Pid) -> Result<u32, Errno> {
        Ok(self.process_of(tid)?.umask)
    }

    /// `getrlimit(resource)`: `EINVAL` past `RLIM_NLIMITS`.
    pub fn getrlimit(&self, tid: Pid, resource: u32) -> Result<Rlimit, Errno> {
        let resource = Resource::from_raw(resource)?;
        Ok(self.process_of(tid)?.rlimits.get(resource))
    }

    /// The soft limit of `resource` for `tid` (`rlimit()`), e.g. `RLIMIT_NOFILE` for the fd
    /// table.
    pub fn rlimit(&self, tid: Pid, resource: Resource) -> Result<u64, Errno> {
        Ok(self.process_of(tid)?.rlimits.soft(resource))
    }

    /// `setrlimit(resource, new)`: `prlimit64` on oneself without reading the old value.
    pub fn setrlimit(&mut self, tid: Pid, resource: u32, new: Rlimit) -> Result<(), Errno> {
        self.prlimit(tid, 0, resource, Some(new)).map(|_| ())
    }

    /// `prlimit64(pid, resource, new, old)`: `pid` 0 is the caller. `ESRCH` for no such task;
    /// `EPERM` unless the target is the calling thread, or its real, effective and saved
    /// uids and gids all equal the caller's real uid and gid, or the caller has
    /// `CAP_SYS_RESOURCE`; then as `do_prlimit`. Returns the old limit.
    pub fn prlimit(
        &mut self,
        tid: Pid,
        pid: i32,
        resource: u32,
        new: Option<Rlimit>,
    ) -> Result<Rlimit, Errno> {
        let target = if pid == 0 {
            tid
        } else {
            Pid::new(pid)
                .filter(|t| self.thread_exists(*t))
                .ok_or(Errno::ESRCH)?
        };
        let mine = self.credentials(tid)?.clone();
        if target != tid {
            let theirs = self.credentials(target)?;
            let ids_match = mine.uid == theirs.euid
                && mine.uid == theirs.suid
                && mine.uid == theirs.uid
                && mine.gid == theirs.egid
                && mine.gid == theirs.sgid
                && mine.gid == theirs.gid;
            if !ids_match && !mine.capable(Capability::SYS_RESOURCE) {
                return Err(Errno::EPERM);
            }
        }
        let resource = Resource::from_raw(resource)?;
        let process = self.process_of_mut(target)?;
        match new {
            Some(new) => process
                .rlimits
                .set(resource, new, mine.capable(Capability::SYS_RESOURCE)),
            None => Ok(process.rlimits.get(resource)),
        }
    }
}
