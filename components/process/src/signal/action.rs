//! `struct sigaction` as `rt_sigaction` passes it on arm64 (handler, flags, restorer, mask:
//! 32 bytes) and the per-process table of 64 actions.

use super::number::Signal;
use super::sigset::SigSet;
use bitflags::bitflags;

/// The default action.
pub const SIG_DFL: u64 = 0;
/// Ignore the signal.
pub const SIG_IGN: u64 = 1;
/// `sizeof(struct sigaction)` for `rt_sigaction` on arm64.
pub const SIGACTION_SIZE: usize = 32;

bitflags! {
    /// `sa_flags` (`asm-generic/signal-defs.h`, `SA_RESTORER` from arm64's `asm/signal.h`).
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub struct SaFlags: u64 {
        /// No SIGCHLD when children stop or continue.
        const NOCLDSTOP = 0x0000_0001;
        /// Children do not become zombies.
        const NOCLDWAIT = 0x0000_0002;
        /// The handler takes (signo, siginfo, ucontext).
        const SIGINFO = 0x0000_0004;
        /// Never accepted: lets programs probe for flag support.
        const UNSUPPORTED = 0x0000_0400;
        /// Keep the tag bits of `si_addr`.
        const EXPOSE_TAGBITS = 0x0000_0800;
        /// Kernel-internal: a forced exit signal whose action cannot change (`SA_IMMUTABLE`).
        const IMMUTABLE = 0x0080_0000;
        /// `sa_restorer` holds the return trampoline.
        const RESTORER = 0x0400_0000;
        /// Run on the alternate signal stack.
        const ONSTACK = 0x0800_0000;
        /// Restart interrupted system calls.
        const RESTART = 0x1000_0000;
        /// Do not block the signal in its own handler.
        const NODEFER = 0x4000_0000;
        /// Reset to SIG_DFL on delivery (`SA_ONESHOT`).
        const RESETHAND = 0x8000_0000;
    }
}

/// The flags userspace may set and read back (`UAPI_SA_FLAGS` with arm64's `SA_RESTORER`);
/// `rt_sigaction` clears the others.
pub const UAPI_SA_FLAGS: u64 = SaFlags::NOCLDSTOP.bits()
    | SaFlags::NOCLDWAIT.bits()
    | SaFlags::SIGINFO.bits()
    | SaFlags::ONSTACK.bits()
    | SaFlags::RESTART.bits()
    | SaFlags::NODEFER.bits()
    | SaFlags::RESETHAND.bits()
    | SaFlags::EXPOSE_TAGBITS.bits()
    | SaFlags::RESTORER.bits();

/// One signal's disposition (`struct k_sigaction`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SigAction {
    /// `SIG_DFL`, `SIG_IGN` or the handler's address.
    pub handler: u64,
    /// `sa_flags`.
    pub flags: SaFlags,
    /// `sa_restorer`: where the handler returns (with `SA_RESTORER`).
    pub restorer: u64,
    /// Signals blocked while the handler runs.
    pub mask: SigSet,
}

impl SigAction {
    /// `SIG_DFL` with no flags.
    pub const DEFAULT: SigAction = SigAction {
        handler: SIG_DFL,
        flags: SaFlags::empty(),
        restorer: 0,
        mask: SigSet::EMPTY,
    };

    /// Whether the handler is `SIG_DFL`.
    pub const fn is_default(&self) -> bool {
        self.handler == SIG_DFL
    }

    /// Whether the handler is `SIG_IGN`.
    pub const fn is_ignore(&self) -> bool {
        self.handler == SIG_IGN
    }

    /// Decodes the 32 bytes of a user `struct sigaction` (flags are kept as given; the table
    /// masks them).
    pub fn from_bytes(bytes: &[u8; SIGACTION_SIZE]) -> Self {
        let word = |at: usize| {
            let mut raw = [0u8; 8];
            raw.copy_from_slice(&bytes[at..at + 8]);
            u64::from_le_bytes(raw)
        };
        SigAction {
            handler: word(0),
            flags: SaFlags::from_bits_retain(word(8)),
            restorer: word(16),
            mask: SigSet::from_bits(word(24)),
        }
    }

    /// The 32 bytes of a user `struct sigaction`.
    pub fn to_bytes(&self) -> [u8; SIGACTION_SIZE] {
        let mut bytes = [0u8; SIGACTION_SIZE];
        bytes[0..8].copy_from_slice(&self.handler.to_le_bytes());
        bytes[8..16].copy_from_slice(&self.flags.bits().to_le_bytes());
        bytes[16..24].copy_from_slice(&self.restorer.to_le_bytes());
        bytes[24..32].copy_from_slice(&self.mask.bits().to_le_bytes());
        bytes
    }
}

/// The 64 dispositions of a process (`struct sighand_struct`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigActionTable {
    actions: [SigAction; 64],
}

impl Default for SigActionTable {
    fn default() -> Self {
        Self {
            actions: [SigAction::DEFAULT; 64],
        }
    }
}

impl SigActionTable {
    /// The disposition of `signal`.
    pub fn get(&self, signal: Signal) -> &SigAction {
        &self.actions[(signal.number() - 1) as usize]
    }

    /// The disposition of `signal`, to change.
    pub fn get_mut(&mut self, signal: Signal) -> &mut SigAction {
        &mut self.actions[(signal.number() - 1) as usize]
    }

    /// `flush_signal_handlers(t, 0)` at exec: handlers become `SIG_DFL` (ignored signals stay
    /// ignored); flags, restorer and mask are cleared.
    pub fn reset_for_exec(&mut self) {
        for action in self.actions.iter_mut() {
            if !action.is_ignore() {
                action.handler = SIG_DFL;
            }
            action.flags = SaFlags::empty();
            action.restorer = 0;
            action.mask = SigSet::EMPTY;
        }
    }
}
