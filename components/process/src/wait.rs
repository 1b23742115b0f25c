//! `wait4`/`waitid` arguments and results: option bits, target selection and Linux's status
//! encoding (`include/uapi/linux/wait.h`, `kernel/exit.c`).

use crate::signal::info::code;
use kernel_core::services::process::Pid;
use kernel_core::Errno;

/// Return at once if no child has changed state.
pub const WNOHANG: u32 = 0x0000_0001;
/// Report stopped children (`WSTOPPED` for `waitid`).
pub const WUNTRACED: u32 = 0x0000_0002;
/// `waitid`'s name for `WUNTRACED`.
pub const WSTOPPED: u32 = WUNTRACED;
/// Report exited children (implied by `wait4`).
pub const WEXITED: u32 = 0x0000_0004;
/// Report continued children.
pub const WCONTINUED: u32 = 0x0000_0008;
/// Leave the child waitable (`waitid` only).
pub const WNOWAIT: u32 = 0x0100_0000;
/// Only children of the calling thread.
pub const WNOTHREAD: u32 = 0x2000_0000;
/// Children of any exit signal.
pub const WALL: u32 = 0x4000_0000;
/// Only children whose exit signal is not SIGCHLD.
pub const WCLONE: u32 = 0x8000_0000;

/// `waitid` id types.
pub mod idtype {
    /// Any child.
    pub const P_ALL: i32 = 0;
    /// The child with this pid.
    pub const P_PID: i32 = 1;
    /// Children in this process group (0: the caller's).
    pub const P_PGID: i32 = 2;
    /// The child a pidfd refers to.
    pub const P_PIDFD: i32 = 3;
}

/// Which children a wait considers (`wo_type` and `wo_pid`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitTarget {
    /// Any child (`PIDTYPE_MAX`).
    Any,
    /// The child process with this ID (`PIDTYPE_PID`); `None` if no task has it.
    Pid(Option<Pid>),
    /// Children in this process group (`PIDTYPE_PGID`); `None` if the number names nothing.
    ProcessGroup(Option<Pid>),
    /// Children in the caller's process group (`wait4(0)`, `waitid(P_PGID, 0)`).
    OwnProcessGroup,
}

/// A validated wait: what to look for and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WaitRequest {
    /// Which children.
    pub target: WaitTarget,
    /// Option bits (`wait4` adds `WEXITED`).
    pub options: u32,
}

impl WaitRequest {
    /// `kernel_wait4`'s checks: unknown options `EINVAL`, `INT_MIN` `ESRCH`.
    pub fn wait4(upid: i32, options: i32) -> Result<Self, Errno> {
        let options = options as u32;
        if options & !(WNOHANG | WUNTRACED | WCONTINUED | WNOTHREAD | WCLONE | WALL) != 0 {
            return Err(Errno::EINVAL);
        }
        let target = match upid {
            i32::MIN => return Err(Errno::ESRCH),
            -1 => WaitTarget::Any,
            0 => WaitTarget::OwnProcessGroup,
            p if p < 0 => WaitTarget::ProcessGroup(Pid::new(-p)),
            p => WaitTarget::Pid(Pid::new(p)),
        };
        Ok(Self {
            target,
            options: options | WEXITED,
        })
    }

    /// `kernel_waitid`'s checks: unknown options, none of `WEXITED|WSTOPPED|WCONTINUED`, a bad
    /// id type, `P_PID` with `id <= 0` or `P_PGID` with `id < 0` are `EINVAL`. `P_PIDFD` is
    /// the syscall layer's to resolve to `P_PID` (or fail with `EBADF`).
    pub fn waitid(which: i32, id: i32, options: i32) -> Result<Self, Errno> {
        let options = options as u32;
        let known = WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | WNOTHREAD | WCLONE | WALL;
        if options & !known != 0 || options & (WEXITED | WSTOPPED | WCONTINUED) == 0 {
            return Err(Errno::EINVAL);
        }
        let target = match which {
            idtype::P_ALL => WaitTarget::Any,
            idtype::P_PID if id <= 0 => return Err(Errno::EINVAL),
            idtype::P_PID => WaitTarget::Pid(Pid::new(id)),
            idtype::P_PGID if id < 0 => return Err(Errno::EINVAL),
            idtype::P_PGID if id == 0 => WaitTarget::OwnProcessGroup,
            idtype::P_PGID => WaitTarget::ProcessGroup(Pid::new(id)),
            _ => return Err(Errno::EINVAL),
        };
        Ok(Self { target, options })
    }
}

/// What a wait found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WaitResult {
    /// The child's process ID (the return value of `wait4`).
    pub pid: Pid,
    /// The child's real user ID.
    pub uid: u32,
    /// The `wait4` status word.
    pub status: i32,
    /// `waitid`'s `si_code`: `CLD_EXITED`, `CLD_KILLED`, `CLD_DUMPED`, `CLD_STOPPED`,
    /// `CLD_CONTINUED`.
    pub cause: i32,
    /// `waitid`'s `si_status`: exit code, or signal number.
    pub si_status: i32,
}

impl WaitResult {
    /// The fields `waitid` writes into the user's `siginfo_t`, as (offset, value): si_signo
    /// (SIGCHLD, or 0 when nothing was found), si_errno, si_code, si_pid, si_uid, si_status.
    /// Linux writes only these six words; the rest of the buffer is left as it was.
    pub fn waitid_fields(result: Option<&WaitResult>) -> [(usize, i32); 6] {
        match result {
            Some(r) => [
                (0, 17),
                (4, 0),
                (8, r.cause),
                (16, r.pid.as_raw()),
                (20, r.uid as i32),
                (24, r.si_status),
            ],
            None => [(0, 0), (4, 0), (8, 0), (16, 0), (20, 0), (24, 0)],
        }
    }
}

/// The `wait4` status of a normal exit: `(code & 0xff) << 8`.
pub const fn exited_status(exit_code: i32) -> i32 {
    (exit_code & 0xff) << 8
}

/// The status of death by `signal`, with 0x80 if a core file was written.
pub const fn signaled_status(signal: i32, core_dumped: bool) -> i32 {
    (signal & 0x7f) | if core_dumped { 0x80 } else { 0 }
}

/// The status of a child stopped by `signal`: `(signal << 8) | 0x7f`.
pub const fn stopped_status(signal: i32) -> i32 {
    (signal << 8) | 0x7f
}

/// The status of a continued child.
pub const CONTINUED_STATUS: i32 = 0xffff;

/// `waitid`'s cause and status for an exit status word (`wait_task_zombie`).
pub const fn exit_cause(status: i32) -> (i32, i32) {
    if status & 0x7f == 0 {
        (code::CLD_EXITED, status >> 8)
    } else if status & 0x80 != 0 {
        (code::CLD_DUMPED, status & 0x7f)
    } else {
        (code::CLD_KILLED, status & 0x7f)
    }
}
