//! `si_code` values and which `siginfo_t` union member each uses (`siginfo_layout`,
//! `known_siginfo_layout` in `kernel/signal.c`).

/// `si_code` values.
pub mod code {
    /// Sent by `kill`.
    pub const SI_USER: i32 = 0;
    /// Sent by the kernel.
    pub const SI_KERNEL: i32 = 0x80;
    /// Sent by `sigqueue`.
    pub const SI_QUEUE: i32 = -1;
    /// A POSIX timer expired.
    pub const SI_TIMER: i32 = -2;
    /// A message queue state changed.
    pub const SI_MESGQ: i32 = -3;
    /// AIO completed.
    pub const SI_ASYNCIO: i32 = -4;
    /// Queued SIGIO.
    pub const SI_SIGIO: i32 = -5;
    /// Sent by `tkill`/`tgkill`.
    pub const SI_TKILL: i32 = -6;
    /// Sent by `execve` killing subsidiary threads.
    pub const SI_DETHREAD: i32 = -7;
    /// Sent by asynchronous name lookup completion.
    pub const SI_ASYNCNL: i32 = -60;
    /// Child exited.
    pub const CLD_EXITED: i32 = 1;
    /// Child was killed.
    pub const CLD_KILLED: i32 = 2;
    /// Child was killed and dumped core.
    pub const CLD_DUMPED: i32 = 3;
    /// Traced child trapped.
    pub const CLD_TRAPPED: i32 = 4;
    /// Child stopped.
    pub const CLD_STOPPED: i32 = 5;
    /// Stopped child continued.
    pub const CLD_CONTINUED: i32 = 6;
    /// SIGSEGV: address not mapped.
    pub const SEGV_MAPERR: i32 = 1;
    /// SIGSEGV: invalid permissions for a mapped object.
    pub const SEGV_ACCERR: i32 = 2;
    /// SIGSEGV: failed address bound checks.
    pub const SEGV_BNDERR: i32 = 3;
    /// SIGSEGV: failed protection key checks.
    pub const SEGV_PKUERR: i32 = 4;
    /// SIGBUS: invalid address alignment.
    pub const BUS_ADRALN: i32 = 1;
    /// SIGBUS: non-existent physical address.
    pub const BUS_ADRERR: i32 = 2;
    /// SIGBUS: object-specific hardware error.
    pub const BUS_OBJERR: i32 = 3;
    /// SIGBUS: hardware memory error consumed on a machine check.
    pub const BUS_MCEERR_AR: i32 = 4;
    /// SIGBUS: hardware memory error detected in process but not consumed.
    pub const BUS_MCEERR_AO: i32 = 5;
    /// SIGILL: illegal opcode.
    pub const ILL_ILLOPC: i32 = 1;
    /// SIGTRAP: process breakpoint.
    pub const TRAP_BRKPT: i32 = 1;
    /// SIGTRAP: perf event.
    pub const TRAP_PERF: i32 = 6;
}

/// Which union member a `siginfo_t` uses (`enum siginfo_layout`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// `_kill`: pid, uid.
    Kill,
    /// `_timer`: tid, overrun, value.
    Timer,
    /// `_sigpoll`: band, fd.
    Poll,
    /// `_sigfault`: addr.
    Fault,
    /// `_sigfault` with `addr_lsb`.
    FaultMceerr,
    /// `_sigfault` with bounds.
    FaultBnderr,
    /// `_sigfault` with a protection key.
    FaultPkuerr,
    /// `_sigfault` with perf data.
    FaultPerfEvent,
    /// `_sigchld`: pid, uid, status, utime, stime.
    Chld,
    /// `_rt`: pid, uid, value.
    Rt,
    /// `_sigsys`: call address, syscall, arch.
    Sys,
}

/// How many signal-specific `si_code`s each signal has (`NSIGILL`... in `siginfo.h`).
fn specific_code_limit(signo: i32) -> Option<(i32, Layout)> {
    match signo {
        4 => Some((11, Layout::Fault)), // SIGILL
        8 => Some((15, Layout::Fault)), // SIGFPE
        11 => Some((9, Layout::Fault)), // SIGSEGV
        7 => Some((5, Layout::Fault)),  // SIGBUS
        5 => Some((6, Layout::Fault)),  // SIGTRAP
        17 => Some((6, Layout::Chld)),  // SIGCHLD
        29 => Some((6, Layout::Poll)),  // SIGPOLL
        31 => Some((2, Layout::Sys)),   // SIGSYS
        _ => None,
    }
}

/// `NSIGPOLL`: the generic positive codes.
const NSIGPOLL: i32 = 6;

/// `siginfo_layout(sig, si_code)` (`kernel/signal.c`).
pub fn layout(signo: i32, si_code: i32) -> Layout {
    if si_code > code::SI_USER && si_code < code::SI_KERNEL {
        match specific_code_limit(signo) {
            Some((limit, base)) if si_code <= limit => match (signo, si_code) {
                (7, code::BUS_MCEERR_AR..=code::BUS_MCEERR_AO) => Layout::FaultMceerr,
                (11, code::SEGV_BNDERR) => Layout::FaultBnderr,
                (11, code::SEGV_PKUERR) => Layout::FaultPkuerr,
                (5, code::TRAP_PERF) => Layout::FaultPerfEvent,
                _ => base,
            },
            _ if si_code <= NSIGPOLL => Layout::Poll,
            _ => Layout::Kill,
        }
    } else if si_code == code::SI_TIMER {
        Layout::Timer
    } else if si_code == code::SI_SIGIO {
        Layout::Poll
    } else if si_code < 0 {
        Layout::Rt
    } else {
        Layout::Kill
    }
}

/// `known_siginfo_layout`: whether 48 bytes hold everything this code needs.
pub fn known_layout(signo: i32, si_code: i32) -> bool {
    if si_code == code::SI_KERNEL {
        true
    } else if si_code > code::SI_USER {
        match specific_code_limit(signo) {
            Some((limit, _)) => si_code <= limit,
            None => si_code <= NSIGPOLL,
        }
    } else {
        si_code >= code::SI_DETHREAD || si_code == code::SI_ASYNCNL
    }
}
