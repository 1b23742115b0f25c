//! Signals: numbers and default actions, `sigset_t`, `sigaction`, `siginfo_t`, pending queues,
//! the alternate stack, and the AArch64 `rt_sigframe` (built for delivery, parsed for
//! `rt_sigreturn`).

pub mod action;
pub mod altstack;
pub mod codes;
pub mod frame;
pub mod info;
pub mod number;
pub mod pending;
pub mod sigset;

pub use action::{SaFlags, SigAction, SigActionTable, SIG_DFL, SIG_IGN};
pub use altstack::{AltStack, StackT};
pub use info::SigInfo;
pub use number::{default_action, DefaultAction};
pub use pending::SigPending;
pub use sigset::SigSet;

/// `how` for `rt_sigprocmask` (`asm-generic/signal-defs.h`).
pub mod how {
    /// Adds the set to the mask.
    pub const SIG_BLOCK: i32 = 0;
    /// Removes the set from the mask.
    pub const SIG_UNBLOCK: i32 = 1;
    /// Replaces the mask.
    pub const SIG_SETMASK: i32 = 2;
}

/// The `sigsetsize` every `rt_sig*` call must pass (`sizeof(sigset_t)` on arm64); other
/// values are `EINVAL` (`rt_sigpending` also accepts smaller ones).
pub const SIGSET_SIZE: usize = 8;
