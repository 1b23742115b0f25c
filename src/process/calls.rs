//! abi-linux's `ProcessCalls` for a thread: groups, sessions, `waitid`, credentials, limits,
//! `prctl` and scheduling facts, over the process component's table.

use super::clone::CloneArgs;
use super::lifecycle::{pid_of, wait};
use super::{table, ThreadContext};
use abi_linux::process::{CredentialChange, PrctlAnswer, PrctlRequest, ProcessCalls, SystemInfo};
use alloc::vec::Vec;
use core::sync::atomic::Ordering;
use kernel_core::services::process::Pid;
use kernel_core::services::time::TimeService;
use kernel_core::{Errno, UserAddr};
use process::wait::{WaitRequest, WaitResult};
use process::{Processes, Rlimit};

fn processes() -> Result<&'static Processes, Errno> {
    table::get().ok_or(Errno::ENOSYS)
}

/// The number of CPUs that came online.
fn online_cpus() -> u32 {
    crate::kernel::get().map_or(1, |k| k.cpus_online.load(Ordering::Acquire) as u32)
}

impl ThreadContext<'_> {
    fn me(&self) -> Result<Pid, Errno> {
        pid_of(self.process)
    }
}

impl ProcessCalls for ThreadContext<'_> {
    fn setpgid(&self, pid: i32, pgid: i32) -> Result<(), Errno> {
        let me = self.me()?;
        processes()?.with(|t| t.setpgid(me, pid, pgid))
    }

    fn getpgid(&self, pid: i32) -> Result<i32, Errno> {
        let me = self.me()?;
        processes()?.with(|t| t.getpgid(me, pid))
    }

    fn getsid(&self, pid: i32) -> Result<i32, Errno> {
        let me = self.me()?;
        processes()?.with(|t| t.getsid(me, pid))
    }

    fn setsid(&self) -> Result<i32, Errno> {
        let me = self.me()?;
        processes()?.with(|t| t.setsid(me).map(|outcome| outcome.sid.as_raw()))
    }

    fn waitid(
        &self,
        which: i32,
        id: i32,
        options: i32,
    ) -> Result<Option<[(usize, i32); 6]>, Errno> {
        let request = WaitRequest::waitid(which, id, options)?;
        Ok(wait(self.process, request)?.map(|found| WaitResult::waitid_fields(Some(&found))))
    }

    fn all_ids(&self) -> Result<[u32; 8], Errno> {
        let me = self.me()?;
        processes()?.with(|t| {
            t.credentials(me).map(|c| {
                [
                    c.uid, c.euid, c.suid, c.fsuid, c.gid, c.egid, c.sgid, c.fsgid,
                ]
            })
        })
    }

    fn groups(&self) -> Result<Vec<u32>, Errno> {
        let me = self.me()?;
        processes()?.with(|t| t.credentials(me).map(|c| c.groups().to_vec()))
    }

    fn change_credentials(&self, change: CredentialChange) -> Result<u32, Errno> {
        let me = self.me()?;
        processes()?.with(|t| {
            t.change_credentials(me, |c| match &change {
                CredentialChange::SetReUid(r, e) => c.setreuid(*r, *e).map(|()| 0),
                CredentialChange::SetReGid(r, e) => c.setregid(*r, *e).map(|()| 0),
                CredentialChange::SetResUid(r, e, s) => c.setresuid(*r, *e, *s).map(|()| 0),
                CredentialChange::SetResGid(r, e, s) => c.setresgid(*r, *e, *s).map(|()| 0),
                CredentialChange::SetFsUid(id) => Ok(c.setfsuid(*id)),
                CredentialChange::SetFsGid(id) => Ok(c.setfsgid(*id)),
                CredentialChange::CheckSetGroups(count) => c.check_setgroups(*count).map(|()| 0),
                CredentialChange::SetGroups(list) => c.setgroups(list).map(|()| 0),
            })
        })
    }

    fn prlimit(
        &self,
        pid: i32,
        resource: u32,
        new: Option<(u64, u64)>,
    ) -> Result<(u64, u64), Errno> {
        let me = self.me()?;
        let new = new.map(|(soft, hard)| Rlimit { soft, hard });
        let old = processes()?.with(|t| t.prlimit(me, pid, resource, new))?;
        Ok((old.soft, old.hard))
    }

    fn prctl(&self, request: PrctlRequest) -> Result<PrctlAnswer, Errno> {
        let me = self.me()?;
        let table = processes()?;
        match request {
            PrctlRequest::SetName(name) => {
                self.process.program.lock().comm = name;
                Ok(PrctlAnswer::Done)
            }
            PrctlRequest::GetName => {
                Ok(PrctlAnswer::Name(self.process.program.lock().comm.clone()))
            }
            PrctlRequest::SetParentDeathSignal(signal) => table
                .with(|t| t.set_pdeath_signal(me, signal))
                .map(|()| PrctlAnswer::Done),
            PrctlRequest::GetParentDeathSignal => {
                table.with(|t| t.pdeath_signal(me)).map(PrctlAnswer::Value)
            }
            PrctlRequest::SetChildSubreaper(set) => table
                .with(|t| t.set_child_subreaper(me, set))
                .map(|()| PrctlAnswer::Done),
            PrctlRequest::GetChildSubreaper => table
                .with(|t| t.child_subreaper(me))
                .map(|set| PrctlAnswer::Value(i32::from(set))),
        }
    }

    fn sysinfo(&self) -> SystemInfo {
        let stats = crate::memory::user::frame_stats().unwrap_or_default();
        let total_ram = crate::procfs_source::memory_bytes();
        let procs = table::get().map_or(1, |t| t.with(|t| t.task_count()));
        SystemInfo {
            uptime_secs: crate::kernel::time().uptime_ns().div_ceil(1_000_000_000),
            loads: [0; 3],
            total_ram,
            free_ram: (stats.free_frames as u64 * 4096).min(total_ram),
            procs: procs.min(usize::from(u16::MAX)) as u16,
        }
    }

    fn affinity(&self, pid: i32, new: Option<u64>) -> Result<u64, Errno> {
        self.check_pid(pid)?;
        let process = match pid {
            0 => self.process.clone(),
            pid => super::lookup(pid as u32).ok_or(Errno::ESRCH)?,
        };
        let online = abi_linux::sched::cpu_mask(online_cpus());
        let old = process.affinity.load(Ordering::Acquire) & online;
        if let Some(set) = new {
            process.affinity.store(set, Ordering::Release);
        }
        Ok(old)
    }

    fn current_cpu(&self) -> u32 {
        kernel_core::arch::cpu_index() as u32
    }

    fn online_cpus(&self) -> u32 {
        online_cpus()
    }

    fn clone(
        &self,
        flags: u64,
        stack: u64,
        parent_tid: UserAddr,
        tls: u64,
        child_tid: UserAddr,
    ) -> Result<u32, Errno> {
        let args = CloneArgs {
            flags,
            stack,
            parent_tid,
            tls,
            child_tid,
        };
        super::clone::clone(self.process, self.frame, &args)
    }

    fn exit_thread(&self, status: i32) -> ! {
        super::exit(self.process, status, None, false)
    }

    fn futex_wait(
        &self,
        address: UserAddr,
        expected: u32,
        deadline_ns: Option<u64>,
    ) -> Result<(), Errno> {
        super::futex::wait(self.process, address, expected, deadline_ns)
    }

    fn futex_wake(&self, address: UserAddr, count: u32) -> usize {
        super::futex::wake(self.process, address, count)
    }

    fn check_pid(&self, pid: i32) -> Result<(), Errno> {
        if pid == 0 {
            return Ok(());
        }
        let pid = Pid::new(pid).ok_or(Errno::ESRCH)?;
        match processes()?.with(|t| t.thread_exists(pid)) {
            true => Ok(()),
            false => Err(Errno::ESRCH),
        }
    }
}
