//! Queries for procfs and small per-thread settings: process and thread lists, process
//! info, the recorded fault, `set_tid_address`, `PR_SET_PDEATHSIG`.

use super::{flags, ProcessTable};
use alloc::vec::Vec;
use kernel_core::services::process::{Pid, ProcessInfo, ProcessRunState};
use kernel_core::Errno;

impl ProcessTable {
    /// Every process ID, zombies included, in increasing order.
    pub fn process_ids(&self) -> Vec<Pid> {
        self.processes.keys().copied().collect()
    }

    /// The threads of process `tgid` (a zombie leader included), leader first.
    pub fn thread_ids(&self, tgid: Pid) -> Vec<Pid> {
        self.processes
            .get(&tgid)
            .map(|p| p.threads.clone())
            .unwrap_or_default()
    }

    /// Process `tgid` as procfs shows it.
    pub fn process_info(&self, tgid: Pid) -> Option<ProcessInfo> {
        let process = self.processes.get(&tgid)?;
        let creds = &process.credentials;
        let leader_zombie = self.threads.get(&tgid).is_some_and(|t| t.zombie);
        let state = if leader_zombie && process.threads.len() == 1 {
            ProcessRunState::Zombie
        } else if process.flags & flags::STOP_STOPPED != 0 {
            ProcessRunState::Stopped
        } else {
            ProcessRunState::Alive
        };
        Some(ProcessInfo {
            pid: tgid,
            parent: process.parent,
            pgid: process.pgid,
            sid: process.sid,
            thread_count: process.live,
            state,
            uids: [creds.uid, creds.euid, creds.suid, creds.fsuid],
            gids: [creds.gid, creds.egid, creds.sgid, creds.fsgid],
            umask: process.umask,
            shared_pending: process.shared_pending.set().bits(),
        })
    }

    /// Records the fault the kernel is about to signal for (`thread.fault_address` and
    /// `fault_code`, shown in the next frame's `sigcontext` and `esr_context`; Linux keeps
    /// them until the next fault).
    pub fn record_fault(&mut self, tid: Pid, address: u64, esr: u64) -> Result<(), Errno> {
        let thread = self.thread_mut(tid)?;
        thread.fault_address = address;
        thread.fault_code = esr;
        Ok(())
    }

    /// `set_tid_address`: the address cleared (and futex-woken) when the thread exits;
    /// returns the caller's tid.
    pub fn set_tid_address(&mut self, tid: Pid, address: u64) -> Result<Pid, Errno> {
        self.thread_mut(tid)?.clear_child_tid = address;
        Ok(tid)
    }

    /// `prctl(PR_SET_PDEATHSIG, signal)`: 0 clears; `EINVAL` past 64.
    pub fn set_pdeath_signal(&mut self, tid: Pid, signal: u64) -> Result<(), Errno> {
        if signal > 64 {
            return Err(Errno::EINVAL);
        }
        self.thread_mut(tid)?.pdeath_signal = signal as i32;
        Ok(())
    }

    /// `prctl(PR_GET_PDEATHSIG)`.
    pub fn pdeath_signal(&self, tid: Pid) -> Result<i32, Errno> {
        Ok(self.thread(tid)?.pdeath_signal)
    }

    /// `prctl(PR_SET_CHILD_SUBREAPER, set)` for the process of `tid`.
    pub fn set_child_subreaper(&mut self, tid: Pid, set: bool) -> Result<(), Errno> {
        let process = self.process_of_mut(tid)?;
        if set {
            process.flags |= super::flags::CHILD_SUBREAPER;
        } else {
            process.flags &= !super::flags::CHILD_SUBREAPER;
        }
        Ok(())
    }

    /// `prctl(PR_GET_CHILD_SUBREAPER)`.
    pub fn child_subreaper(&self, tid: Pid) -> Result<bool, Errno> {
        Ok(self.process_of(tid)?.flags & super::flags::CHILD_SUBREAPER != 0)
    }

    /// Whether `child`, a `vfork` child, still holds its parent (it has neither exec'd nor
    /// exited): the parent's `vfork` sleeps until this is `false`.
    pub fn vfork_pending(&self, child: Pid) -> bool {
        self.thread(child)
            .is_ok_and(|thread| thread.vfork_parent.is_some() && !thread.exiting)
    }
}
