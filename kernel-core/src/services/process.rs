//! The process contract: process and thread IDs, signal numbers, and what other components
//! (the TTY's job control, procfs, the VFS's permission checks) ask of the process table.
//!
//! Implemented by `components/process` (`docs/contracts/process.md`). Values are Linux 6.1's
//! (`include/uapi/asm-generic/signal.h`).

use crate::Errno;
use alloc::vec::Vec;

/// A process or thread ID (Linux `pid_t`). Always in `1..pid_max`; 1 is init. Threads and
/// processes share the number space: a process's ID is its first thread's ID (the tgid).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pid(u32);

impl Pid {
    /// The init process.
    pub const INIT: Pid = Pid(1);

    /// A positive `pid_t`; `None` for zero or a negative value.
    pub const fn new(raw: i32) -> Option<Pid> {
        if raw > 0 {
            Some(Pid(raw as u32))
        } else {
            None
        }
    }

    /// The value as a `pid_t`.
    pub const fn as_raw(self) -> i32 {
        self.0 as i32
    }
}

/// A signal number, `1..=64` (`_NSIG` is 64 on arm64).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Signal(u8);

impl Signal {
    /// Hangup.
    pub const SIGHUP: Signal = Signal(1);
    /// Interrupt from the keyboard.
    pub const SIGINT: Signal = Signal(2);
    /// Quit from the keyboard.
    pub const SIGQUIT: Signal = Signal(3);
    /// Illegal instruction.
    pub const SIGILL: Signal = Signal(4);
    /// Trace or breakpoint trap.
    pub const SIGTRAP: Signal = Signal(5);
    /// Abort (`SIGIOT`).
    pub const SIGABRT: Signal = Signal(6);
    /// Bus error.
    pub const SIGBUS: Signal = Signal(7);
    /// Arithmetic exception.
    pub const SIGFPE: Signal = Signal(8);
    /// Kill (cannot be caught, blocked or ignored).
    pub const SIGKILL: Signal = Signal(9);
    /// User signal 1.
    pub const SIGUSR1: Signal = Signal(10);
    /// Invalid memory reference.
    pub const SIGSEGV: Signal = Signal(11);
    /// User signal 2.
    pub const SIGUSR2: Signal = Signal(12);
    /// Write to a pipe with no reader.
    pub const SIGPIPE: Signal = Signal(13);
    /// Timer from `alarm`.
    pub const SIGALRM: Signal = Signal(14);
    /// Termination request.
    pub const SIGTERM: Signal = Signal(15);
    /// Coprocessor stack fault (unused).
    pub const SIGSTKFLT: Signal = Signal(16);
    /// Child stopped, continued or terminated.
    pub const SIGCHLD: Signal = Signal(17);
    /// Continue if stopped.
    pub const SIGCONT: Signal = Signal(18);
    /// Stop (cannot be caught, blocked or ignored).
    pub const SIGSTOP: Signal = Signal(19);
    /// Stop typed at the terminal.
    pub const SIGTSTP: Signal = Signal(20);
    /// Terminal input for a background process.
    pub const SIGTTIN: Signal = Signal(21);
    /// Terminal output for a background process.
    pub const SIGTTOU: Signal = Signal(22);
    /// Urgent condition on a socket.
    pub const SIGURG: Signal = Signal(23);
    /// CPU time limit exceeded.
    pub const SIGXCPU: Signal = Signal(24);
    /// File size limit exceeded.
    pub const SIGXFSZ: Signal = Signal(25);
    /// Virtual alarm clock.
    pub const SIGVTALRM: Signal = Signal(26);
    /// Profiling timer expired.
    pub const SIGPROF: Signal = Signal(27);
    /// Window size changed.
    pub const SIGWINCH: Signal = Signal(28);
    /// I/O now possible (`SIGPOLL`).
    pub const SIGIO: Signal = Signal(29);
    /// Power failure.
    pub const SIGPWR: Signal = Signal(30);
    /// Bad system call.
    pub const SIGSYS: Signal = Signal(31);
    /// The first real-time signal (the kernel's `SIGRTMIN`; libcs reserve 32..=34 for
    /// themselves).
    pub const SIGRTMIN: Signal = Signal(32);
    /// The last real-time signal.
    pub const SIGRTMAX: Signal = Signal(64);

    /// `raw` if it is a valid signal number (`1..=64`).
    pub const fn new(raw: i32) -> Option<Signal> {
        if raw >= 1 && raw <= 64 {
            Some(Signal(raw as u8))
        } else {
            None
        }
    }

    /// The signal number.
    pub const fn number(self) -> i32 {
        self.0 as i32
    }

    /// The bit for this signal in a 64-bit `sigset_t`: bit `number - 1`.
    pub const fn mask(self) -> u64 {
        1u64 << (self.0 - 1)
    }

    /// Whether it is a real-time (queued) signal, `SIGRTMIN..=SIGRTMAX`.
    pub const fn is_realtime(self) -> bool {
        self.0 >= 32
    }
}

/// A thread the process table asks the scheduler to wake (it never sleeps or switches itself).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wakeup {
    /// A signal is pending for `tid`: end an interruptible sleep (the syscall returns
    /// `EINTR`/restarts), and, when `fatal`, a killable one and a job-control stop too.
    Signal {
        /// The thread.
        tid: Pid,
        /// SIGKILL or a group exit: the thread must also leave killable sleeps and stops.
        fatal: bool,
    },
    /// `tid`, stopped by job control, was continued (SIGCONT): make it runnable.
    Continue {
        /// The thread.
        tid: Pid,
    },
    /// A child of process `parent` stopped, continued or exited: its threads sleeping in
    /// `wait4`/`waitid` must look again (Linux's `__wake_up_parent`).
    ChildEvent {
        /// The waiting process (thread-group ID).
        parent: Pid,
    },
    /// A `CLONE_VFORK` child exec'd or exited: its parent thread may run again.
    VforkDone {
        /// The parent thread blocked in `vfork`/`clone(CLONE_VFORK)`.
        parent_tid: Pid,
    },
    /// Another thread of an exec'ing process exited: the exec'ing thread looks again.
    ExecWaiter {
        /// The thread in `execve`.
        tid: Pid,
    },
}

/// Wakes threads on the process table's behalf (implemented by the kernel over the scheduler).
///
/// Invariant: called without the process table's lock held; may be called for a thread that
/// is not asleep (then it does nothing but the thread sees the state change on its next check).
pub trait ThreadWaker: Send + Sync {
    /// Performs one wakeup.
    fn wake(&self, wakeup: Wakeup);
}

/// The job-control state of a process, as procfs shows it (running vs sleeping is the
/// scheduler's to tell).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProcessRunState {
    /// At least one thread alive and not stopped.
    Alive,
    /// Stopped by a stop signal (`T`).
    Stopped,
    /// All threads exited, not yet reaped (`Z`).
    Zombie,
}

/// One process as procfs shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcessInfo {
    /// Process ID (tgid).
    pub pid: Pid,
    /// Parent's process ID; `None` for init.
    pub parent: Option<Pid>,
    /// Process group (`pid_t`; 0 is the boot group init starts in).
    pub pgid: i32,
    /// Session (`pid_t`; 0 is the boot session init starts in).
    pub sid: i32,
    /// Live threads.
    pub thread_count: usize,
    /// Job-control state.
    pub state: ProcessRunState,
    /// Real, effective, saved and filesystem user IDs.
    pub uids: [u32; 4],
    /// Real, effective, saved and filesystem group IDs.
    pub gids: [u32; 4],
    /// File-creation mask.
    pub umask: u32,
    /// Signals pending for the whole process.
    pub shared_pending: u64,
}

/// The identity file permission checks use: Linux's fsuid, fsgid, supplementary groups, and
/// whether the file capabilities (`CAP_DAC_OVERRIDE`, `CAP_FOWNER`, ...) are effective.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileIdentity {
    /// Filesystem user ID.
    pub fsuid: u32,
    /// Filesystem group ID.
    pub fsgid: u32,
    /// Supplementary groups, sorted.
    pub groups: Vec<u32>,
    /// The effective capability set (bit `n` is capability `n`, as `linux/capability.h`).
    pub capabilities: u64,
}

/// What other components ask of processes. All methods take the table's lock briefly and
/// never sleep; unknown IDs give `None`/`ESRCH`. Process groups and sessions are `pid_t`
/// values: init starts in group and session 0, Linux's boot group, until it calls `setsid`.
pub trait ProcessService: Send + Sync {
    /// Sends `signal` from the kernel (`SI_KERNEL`) to every process of group `pgid` (the TTY's
    /// ^C, ^Z, ^\ and SIGWINCH); `ESRCH` if the group is empty.
    fn signal_process_group(&self, pgid: i32, signal: Signal) -> Result<(), Errno>;
    /// Sends `signal` from the kernel to process `pid` (the whole thread group).
    fn signal_process(&self, pid: Pid, signal: Signal) -> Result<(), Errno>;
    /// The session of process `pid`.
    fn session_of(&self, pid: Pid) -> Option<i32>;
    /// The process group of process `pid`.
    fn process_group_of(&self, pid: Pid) -> Option<i32>;
    /// The session of process group `pgid`, if it has any member.
    fn session_of_process_group(&self, pgid: i32) -> Option<i32>;
    /// Whether group `pgid` is orphaned (POSIX: no member has a parent in another group of the
    /// same session), so that terminal stop signals are not sent to it.
    fn is_orphaned_process_group(&self, pgid: i32) -> bool;
    /// Whether thread `tid` blocks `signal` or its process ignores it (the TTY's SIGTTOU and
    /// SIGTTIN rules).
    fn ignores_or_blocks(&self, tid: Pid, signal: Signal) -> bool;
    /// The identity thread `tid`'s file accesses use.
    fn file_identity(&self, tid: Pid) -> Option<FileIdentity>;
    /// Thread `tid`'s process's file-creation mask.
    fn umask(&self, tid: Pid) -> Option<u32>;
    /// Process `pid` (a thread-group ID) for procfs.
    fn process_info(&self, pid: Pid) -> Option<ProcessInfo>;
    /// Every process ID, zombies included, in increasing order.
    fn process_ids(&self) -> Vec<Pid>;
    /// The live thread IDs of process `pid`, in increasing order.
    fn thread_ids(&self, pid: Pid) -> Vec<Pid>;
}
