//! Signal numbers' kernel classes and default actions (`include/linux/signal.h`).

pub use kernel_core::services::process::Signal;

/// The number of signals (`_NSIG`).
pub const NSIG: i32 = 64;

/// Signals only the kernel handles: SIGKILL, SIGSTOP (`SIG_KERNEL_ONLY_MASK`).
pub const KERNEL_ONLY_MASK: u64 = Signal::SIGKILL.mask() | Signal::SIGSTOP.mask();
/// Job-control stop signals (`SIG_KERNEL_STOP_MASK`).
pub const KERNEL_STOP_MASK: u64 = Signal::SIGSTOP.mask()
    | Signal::SIGTSTP.mask()
    | Signal::SIGTTIN.mask()
    | Signal::SIGTTOU.mask();
/// Signals whose default action dumps core (`SIG_KERNEL_COREDUMP_MASK`; arm64 has no
/// SIGEMT).
pub const KERNEL_COREDUMP_MASK: u64 = Signal::SIGQUIT.mask()
    | Signal::SIGILL.mask()
    | Signal::SIGTRAP.mask()
    | Signal::SIGABRT.mask()
    | Signal::SIGFPE.mask()
    | Signal::SIGSEGV.mask()
    | Signal::SIGBUS.mask()
    | Signal::SIGSYS.mask()
    | Signal::SIGXCPU.mask()
    | Signal::SIGXFSZ.mask();
/// Signals whose default action is to do nothing (`SIG_KERNEL_IGNORE_MASK`).
pub const KERNEL_IGNORE_MASK: u64 = Signal::SIGCONT.mask()
    | Signal::SIGCHLD.mask()
    | Signal::SIGWINCH.mask()
    | Signal::SIGURG.mask();
/// Signals an instruction raises, dequeued before any other (`SYNCHRONOUS_MASK`,
/// `kernel/signal.c`).
pub const SYNCHRONOUS_MASK: u64 = Signal::SIGSEGV.mask()
    | Signal::SIGBUS.mask()
    | Signal::SIGILL.mask()
    | Signal::SIGTRAP.mask()
    | Signal::SIGFPE.mask()
    | Signal::SIGSYS.mask();

/// What `SIG_DFL` does with a signal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefaultAction {
    /// Terminate the process.
    Terminate,
    /// Terminate and dump core (exit status gets 0x80 only if a core file was written).
    CoreDump,
    /// Nothing.
    Ignore,
    /// Stop every thread of the process.
    Stop,
    /// Continue the process if stopped (done when the signal is sent), then nothing.
    Continue,
}

/// `siginmask`: only the standard signals (below SIGRTMIN) are in the kernel masks.
const fn in_mask(signal: Signal, mask: u64) -> bool {
    signal.number() < Signal::SIGRTMIN.number() && mask & signal.mask() != 0
}

/// `sig_kernel_only`: SIGKILL and SIGSTOP.
pub const fn is_kernel_only(signal: Signal) -> bool {
    in_mask(signal, KERNEL_ONLY_MASK)
}

/// `sig_kernel_stop`.
pub const fn is_kernel_stop(signal: Signal) -> bool {
    in_mask(signal, KERNEL_STOP_MASK)
}

/// `sig_kernel_coredump`.
pub const fn is_kernel_coredump(signal: Signal) -> bool {
    in_mask(signal, KERNEL_COREDUMP_MASK)
}

/// `sig_kernel_ignore`.
pub const fn is_kernel_ignore(signal: Signal) -> bool {
    in_mask(signal, KERNEL_IGNORE_MASK)
}

/// Whether the default action is fatal (terminate or core): `sig_fatal` minus the handler test.
pub const fn default_is_fatal(signal: Signal) -> bool {
    !in_mask(signal, KERNEL_IGNORE_MASK | KERNEL_STOP_MASK)
}

/// The default action of `signal` (`man 7 signal`; real-time signals terminate).
pub const fn default_action(signal: Signal) -> DefaultAction {
    if signal.number() == Signal::SIGCONT.number() {
        DefaultAction::Continue
    } else if is_kernel_ignore(signal) {
        DefaultAction::Ignore
    } else if is_kernel_stop(signal) {
        DefaultAction::Stop
    } else if is_kernel_coredump(signal) {
        DefaultAction::CoreDump
    } else {
        DefaultAction::Terminate
    }
}
