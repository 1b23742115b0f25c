//! `clone`/`fork`/`vfork`: new threads and processes (`copy_process` in `kernel/fork.c`).

use super::{flags, Process, ProcessTable, Thread};
use crate::credentials::Capability;
use crate::rlimit::Resource;
use crate::signal::{AltStack, SigPending};
use bitflags::bitflags;
use kernel_core::services::process::{Pid, Signal};
use kernel_core::Errno;

bitflags! {
    /// `clone` flags (`include/uapi/linux/sched.h`); the low byte (`CSIGNAL`) is the exit
    /// signal and is passed separately.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct CloneFlags: u64 {
        /// Share the address space.
        const VM = 0x0000_0100;
        /// Share cwd, root and umask.
        const FS = 0x0000_0200;
        /// Share the descriptor table.
        const FILES = 0x0000_0400;
        /// Share signal dispositions.
        const SIGHAND = 0x0000_0800;
        /// Return a pidfd.
        const PIDFD = 0x0000_1000;
        /// Continue tracing.
        const PTRACE = 0x0000_2000;
        /// The parent sleeps until the child execs or exits.
        const VFORK = 0x0000_4000;
        /// The child's parent is the caller's parent.
        const PARENT = 0x0000_8000;
        /// Same thread group.
        const THREAD = 0x0001_0000;
        /// New mount namespace.
        const NEWNS = 0x0002_0000;
        /// Share System V semaphore undo lists.
        const SYSVSEM = 0x0004_0000;
        /// Set the TLS register.
        const SETTLS = 0x0008_0000;
        /// Store the child's tid in the parent.
        const PARENT_SETTID = 0x0010_0000;
        /// Clear the child's tid in the child at exit.
        const CHILD_CLEARTID = 0x0020_0000;
        /// Unused, ignored (`CLONE_DETACHED`).
        const DETACHED = 0x0040_0000;
        /// No forced tracing.
        const UNTRACED = 0x0080_0000;
        /// Store the child's tid in the child.
        const CHILD_SETTID = 0x0100_0000;
        /// New cgroup namespace.
        const NEWCGROUP = 0x0200_0000;
        /// New UTS namespace.
        const NEWUTS = 0x0400_0000;
        /// New IPC namespace.
        const NEWIPC = 0x0800_0000;
        /// New user namespace.
        const NEWUSER = 0x1000_0000;
        /// New pid namespace.
        const NEWPID = 0x2000_0000;
        /// New network namespace.
        const NEWNET = 0x4000_0000;
        /// Share the I/O context.
        const IO = 0x8000_0000;
    }
}

/// The namespace flags (Lichen has one namespace of each kind).
const NAMESPACES: CloneFlags = CloneFlags::NEWNS
    .union(CloneFlags::NEWCGROUP)
    .union(CloneFlags::NEWUTS)
    .union(CloneFlags::NEWIPC)
    .union(CloneFlags::NEWPID)
    .union(CloneFlags::NEWNET);

/// A `clone` request as far as the process table is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CloneRequest {
    /// The flags (without the exit signal byte).
    pub flags: CloneFlags,
    /// The signal sent to the parent at exit (`flags & CSIGNAL` for `clone`; any byte is
    /// accepted there, an invalid one just sends nothing). Ignored with `CLONE_THREAD`.
    pub exit_signal: i32,
    /// The `CLONE_CHILD_CLEARTID` address, 0 if none.
    pub child_clear_tid: u64,
}

impl CloneRequest {
    /// `fork()`: `clone(SIGCHLD)`.
    pub const FORK: CloneRequest = CloneRequest {
        flags: CloneFlags::empty(),
        exit_signal: 17,
        child_clear_tid: 0,
    };
}

/// The new task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CloneOutcome {
    /// The new thread's ID (what `clone` returns to the parent).
    pub tid: Pid,
    /// Its process (the caller's for `CLONE_THREAD`, else `tid`).
    pub tgid: Pid,
}

impl ProcessTable {
    /// `clone` from thread `parent_tid`. `EINVAL` for inconsistent flags (`CLONE_THREAD`
    /// without `CLONE_SIGHAND`, `CLONE_SIGHAND` without `CLONE_VM`, `CLONE_PARENT` from init,
    /// `CLONE_PIDFD` with `CLONE_THREAD`, `CLONE_FS` with a new mount or user namespace).
    /// `EAGAIN` past `RLIMIT_NPROC` (not for root), past `max_threads`, or with no pid left.
    /// `EINTR` if the caller is being killed.
    ///
    /// Not supported (documented): `CLONE_SIGHAND` without `CLONE_THREAD` and new
    /// namespaces are `EINVAL` (`EPERM` for namespaces without `CAP_SYS_ADMIN`).
    pub fn clone(
        &mut self,
        parent_tid: Pid,
        request: &CloneRequest,
    ) -> Result<CloneOutcome, Errno> {
        let f = request.flags;
        let parent_thread = self.thread(parent_tid)?;
        let tgid = parent_thread.tgid;
        let blocked = parent_thread.blocked;
        let parent_altstack = parent_thread.altstack;
        let being_killed = parent_thread.pending.set().contains(Signal::SIGKILL);
        let parent = self.process(tgid)?;
        let has = |flag: CloneFlags| f.contains(flag);
        if (has(CloneFlags::NEWNS) || has(CloneFlags::NEWUSER)) && has(CloneFlags::FS)
            || has(CloneFlags::THREAD) && !has(CloneFlags::SIGHAND)
            || has(CloneFlags::SIGHAND) && !has(CloneFlags::VM)
            || has(CloneFlags::PARENT) && parent.flags & flags::UNKILLABLE != 0
            || has(CloneFlags::THREAD) && f.intersects(CloneFlags::NEWUSER | CloneFlags::NEWPID)
            || has(CloneFlags::PIDFD) && f.intersects(CloneFlags::DETACHED | CloneFlags::THREAD)
        {
            return Err(Errno::EINVAL);
        }
        if has(CloneFlags::SIGHAND) && !has(CloneFlags::THREAD) || has(CloneFlags::NEWUSER) {
            return Err(Errno::EINVAL);
        }
        let creds = &parent.credentials;
        if f.intersects(NAMESPACES) {
            return Err(if creds.capable(Capability::SYS_ADMIN) {
                Errno::EINVAL
            } else {
                Errno::EPERM
            });
        }
        let uid = creds.uid;
        let nproc = parent.rlimits.soft(Resource::Nproc);
        let exempt = uid == 0
            || creds.capable(Capability::SYS_RESOURCE)
            || creds.capable(Capability::SYS_ADMIN);
        if self.tasks_of(uid) + 1 > nproc && !exempt {
            return Err(Errno::EAGAIN);
        }
        if self.threads.len() as u64 >= self.max_threads {
            return Err(Errno::EAGAIN);
        }
        let tid = self.pids.allocate()?;
        if being_killed {
            self.pids.release(tid);
            return Err(Errno::EINTR);
        }
        let mut altstack = parent_altstack;
        if has(CloneFlags::VM) && !has(CloneFlags::VFORK) {
            altstack = AltStack::default();
            altstack.reset();
        }
        let mut thread = Thread::new(tgid, blocked, altstack);
        if has(CloneFlags::CHILD_CLEARTID) {
            thread.clear_child_tid = request.child_clear_tid;
        }
        if has(CloneFlags::VFORK) {
            thread.vfork_parent = Some(parent_tid);
        }
        let outcome = if has(CloneFlags::THREAD) {
            self.add_thread(tid, tgid, thread)?
        } else {
            self.add_process(tid, parent_tid, tgid, request, thread)?
        };
        self.charge_task(uid);
        Ok(outcome)
    }

    /// A new thread in process `tgid`, joining a group stop in progress
    /// (`task_join_group_stop`).
    fn add_thread(
        &mut self,
        tid: Pid,
        tgid: Pid,
        mut thread: Thread,
    ) -> Result<CloneOutcome, Errno> {
        let process = self.process_mut(tgid)?;
        if process.group_stop_count > 0 {
            process.group_stop_count += 1;
            thread.stop_pending = true;
            thread.stop_consume = true;
        } else if process.flags & flags::STOP_STOPPED != 0 {
            thread.stop_pending = true;
        }
        process.threads.push(tid);
        process.live += 1;
        self.threads.insert(tid, thread);
        Ok(CloneOutcome { tid, tgid })
    }

    /// A new process led by `tid`, a copy of `tgid`'s.
    fn add_process(
        &mut self,
        tid: Pid,
        parent_tid: Pid,
        tgid: Pid,
        request: &CloneRequest,
        mut thread: Thread,
    ) -> Result<CloneOutcome, Errno> {
        let parent = self.process(tgid)?;
        let (real_parent, real_parent_thread, exit_signal, parent_exec_id) =
            if request.flags.contains(CloneFlags::PARENT) {
                (
                    parent.parent,
                    parent.parent_thread,
                    parent.exit_signal,
                    parent.parent_exec_id,
                )
            } else {
                (
                    Some(tgid),
                    Some(parent_tid),
                    request.exit_signal,
                    parent.self_exec_id,
                )
            };
        let process = Process {
            tgid: tid,
            parent: real_parent,
            parent_thread: real_parent_thread,
            pgid: parent.pgid,
            sid: parent.sid,
            session_leader: false,
            threads: alloc::vec![tid],
            live: 1,
            exit_signal,
            flags: 0,
            group_exit_code: 0,
            group_stop_code: 0,
            group_stop_count: 0,
            group_exec_task: None,
            curr_target: tid,
            actions: parent.actions.clone(),
            shared_pending: SigPending::default(),
            credentials: parent.credentials.clone(),
            rlimits: parent.rlimits,
            umask: parent.umask,
            forked_no_exec: true,
            self_exec_id: parent.self_exec_id,
            parent_exec_id,
        };
        thread.tgid = tid;
        self.processes.insert(tid, process);
        self.threads.insert(tid, thread);
        Ok(CloneOutcome { tid, tgid: tid })
    }
}
