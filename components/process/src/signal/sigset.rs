//! `sigset_t`: 64 bits on arm64, bit `n - 1` for signal `n`.

use super::number::KERNEL_ONLY_MASK;
use kernel_core::services::process::Signal;

/// A set of signals, as the kernel's `sigset_t` (one `unsigned long` on arm64).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SigSet(u64);

impl SigSet {
    /// No signals.
    pub const EMPTY: SigSet = SigSet(0);
    /// All 64 signals.
    pub const FULL: SigSet = SigSet(u64::MAX);

    /// The set with these bits (bit `n - 1` is signal `n`).
    pub const fn from_bits(bits: u64) -> Self {
        SigSet(bits)
    }

    /// The bits.
    pub const fn bits(self) -> u64 {
        self.0
    }

    /// The set holding only `signal`.
    pub const fn of(signal: Signal) -> Self {
        SigSet(signal.mask())
    }

    /// Whether `signal` is in the set.
    pub const fn contains(self, signal: Signal) -> bool {
        self.0 & signal.mask() != 0
    }

    /// Adds `signal`.
    pub fn add(&mut self, signal: Signal) {
        self.0 |= signal.mask();
    }

    /// Removes `signal`.
    pub fn remove(&mut self, signal: Signal) {
        self.0 &= !signal.mask();
    }

    /// Whether no signal is in the set.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// `self | other`.
    pub const fn union(self, other: SigSet) -> SigSet {
        SigSet(self.0 | other.0)
    }

    /// `self & other`.
    pub const fn intersection(self, other: SigSet) -> SigSet {
        SigSet(self.0 & other.0)
    }

    /// `self & !other`.
    pub const fn difference(self, other: SigSet) -> SigSet {
        SigSet(self.0 & !other.0)
    }

    /// `!self`.
    pub const fn complement(self) -> SigSet {
        SigSet(!self.0)
    }

    /// The set without SIGKILL and SIGSTOP, which can never be blocked or waited for.
    pub const fn without_unblockable(self) -> SigSet {
        SigSet(self.0 & !KERNEL_ONLY_MASK)
    }

    /// The lowest-numbered signal in the set.
    pub fn lowest(self) -> Option<Signal> {
        if self.0 == 0 {
            None
        } else {
            Signal::new(self.0.trailing_zeros() as i32 + 1)
        }
    }

    /// The signals in increasing order.
    pub fn iter(self) -> impl Iterator<Item = Signal> {
        (1..=64)
            .filter_map(Signal::new)
            .filter(move |s| self.contains(*s))
    }

    /// The 8 bytes user memory holds (little-endian).
    pub const fn to_bytes(self) -> [u8; 8] {
        self.0.to_le_bytes()
    }

    /// The set from its 8 user bytes.
    pub const fn from_bytes(bytes: [u8; 8]) -> Self {
        SigSet(u64::from_le_bytes(bytes))
    }
}
