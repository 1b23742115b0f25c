//! `ProcessCalls`: what the process-management syscalls ask of the kernel (groups, sessions,
//! `waitid`, credentials, limits, `prctl`, scheduling facts), reached through
//! [`SyscallContext::process_calls`](crate::context::SyscallContext::process_calls).

use alloc::vec::Vec;
use kernel_core::{Errno, UserAddr};

/// A credential change, as the `set*id` family and `setgroups` ask it (`u32::MAX` is "-1",
/// leave unchanged).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CredentialChange {
    /// `setreuid(ruid, euid)`.
    SetReUid(u32, u32),
    /// `setregid(rgid, egid)`.
    SetReGid(u32, u32),
    /// `setresuid(ruid, euid, suid)`.
    SetResUid(u32, u32, u32),
    /// `setresgid(rgid, egid, sgid)`.
    SetResGid(u32, u32, u32),
    /// `setfsuid(fsuid)`: answers the previous fsuid.
    SetFsUid(u32),
    /// `setfsgid(fsgid)`: answers the previous fsgid.
    SetFsGid(u32),
    /// The checks `setgroups(size, ..)` makes before reading the list.
    CheckSetGroups(i32),
    /// `setgroups(list)`.
    SetGroups(Vec<u32>),
}

/// `struct sysinfo`'s facts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SystemInfo {
    /// Seconds since boot.
    pub uptime_secs: u64,
    /// Load averages, fixed point with 16 fraction bits.
    pub loads: [u64; 3],
    /// RAM in bytes.
    pub total_ram: u64,
    /// Free RAM in bytes.
    pub free_ram: u64,
    /// Number of threads.
    pub procs: u16,
}

/// What `prctl` options read or change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrctlRequest {
    /// `PR_SET_NAME`: the thread's name (at most 15 bytes).
    SetName(Vec<u8>),
    /// `PR_GET_NAME`.
    GetName,
    /// `PR_SET_PDEATHSIG`.
    SetParentDeathSignal(u64),
    /// `PR_GET_PDEATHSIG`.
    GetParentDeathSignal,
    /// `PR_SET_CHILD_SUBREAPER`.
    SetChildSubreaper(bool),
    /// `PR_GET_CHILD_SUBREAPER`.
    GetChildSubreaper,
}

/// The answer to a [`PrctlRequest`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrctlAnswer {
    /// Done, nothing to report.
    Done,
    /// A name (`PR_GET_NAME`), without its NUL.
    Name(Vec<u8>),
    /// A number to store at the user's pointer.
    Value(i32),
}

/// The kernel's process-management services for the calling thread.
pub trait ProcessCalls {
    /// `setpgid(pid, pgid)`.
    fn setpgid(&self, pid: i32, pgid: i32) -> Result<(), Errno>;
    /// `getpgid(pid)` (0: the caller).
    fn getpgid(&self, pid: i32) -> Result<i32, Errno>;
    /// `getsid(pid)` (0: the caller).
    fn getsid(&self, pid: i32) -> Result<i32, Errno>;
    /// `setsid()`: the new session's ID.
    fn setsid(&self) -> Result<i32, Errno>;
    /// `waitid(which, id, options)` without the user memory: `Ok(None)` when `WNOHANG` found
    /// nothing, else the `siginfo_t` words to write as `(offset, value)`; blocks otherwise.
    fn waitid(&self, which: i32, id: i32, options: i32)
        -> Result<Option<[(usize, i32); 6]>, Errno>;
    /// `[ruid, euid, suid, fsuid, rgid, egid, sgid, fsgid]`.
    fn all_ids(&self) -> Result<[u32; 8], Errno>;
    /// The supplementary groups.
    fn groups(&self) -> Result<Vec<u32>, Errno>;
    /// Applies `change` with Linux's permission rules; answers 0 (or the old fs id).
    fn change_credentials(&self, change: CredentialChange) -> Result<u32, Errno>;
    /// `prlimit64(pid, resource, new)`: returns the old `(soft, hard)`.
    fn prlimit(
        &self,
        pid: i32,
        resource: u32,
        new: Option<(u64, u64)>,
    ) -> Result<(u64, u64), Errno>;
    /// The `prctl` options above.
    fn prctl(&self, request: PrctlRequest) -> Result<PrctlAnswer, Errno>;
    /// `sysinfo`'s facts.
    fn sysinfo(&self) -> SystemInfo;
    /// `sched_getaffinity`/`sched_setaffinity` of `pid` (0: the caller): the mask before.
    fn affinity(&self, pid: i32, new: Option<u64>) -> Result<u64, Errno>;
    /// The CPU the caller runs on.
    fn current_cpu(&self) -> u32;
    /// The number of online CPUs.
    fn online_cpus(&self) -> u32;
    /// `ESRCH` unless `pid` (0: the caller) names a live thread.
    fn check_pid(&self, pid: i32) -> Result<(), Errno>;
    /// `clone(flags, stack, parent_tid, tls, child_tid)`: a new process (fork, `vfork`: the
    /// caller waits until the child execs or exits) or a new thread (`CLONE_THREAD`); the
    /// child returns to user mode with x0 = 0. Returns the child's tid.
    fn clone(
        &self,
        flags: u64,
        stack: u64,
        parent_tid: UserAddr,
        tls: u64,
        child_tid: UserAddr,
    ) -> Result<u32, Errno>;
    /// `exit(status)`: ends the calling thread only (the process with its last thread).
    fn exit_thread(&self, status: i32) -> !;
    /// `FUTEX_WAIT`: sleeps while the word at `address` is `expected`, until a wake, the
    /// deadline (ns of uptime; `ETIMEDOUT`) or a signal (`EINTR`); `EAGAIN` if it differs.
    fn futex_wait(
        &self,
        address: UserAddr,
        expected: u32,
        deadline_ns: Option<u64>,
    ) -> Result<(), Errno>;
    /// `FUTEX_WAKE`: wakes up to `count` waiters on `address`; returns how many.
    fn futex_wake(&self, address: UserAddr, count: u32) -> usize;
}
