//! Pending signals (`struct sigpending`): a set of signal bits plus a queue of `siginfo`s.
//! Standard signals are pending at most once; real-time ones queue.

use super::info::{code, SigInfo};
use super::number::{Signal, SYNCHRONOUS_MASK};
use super::sigset::SigSet;
use alloc::collections::VecDeque;
use alloc::vec::Vec;

/// One queued `siginfo` and the user its `RLIMIT_SIGPENDING` slot is charged to (`None` for
/// the entries Linux allocates past the limit, with `override_rlimit`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueuedSignal {
    /// The signal's information.
    pub info: SigInfo,
    /// The user charged for the entry.
    pub charged_uid: Option<u32>,
}

/// Signals pending for a thread, or for a whole process.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SigPending {
    signal: SigSet,
    queue: VecDeque<QueuedSignal>,
}

/// The first pending signal not in `blocked`, synchronous ones first, then lowest number
/// (`next_signal`).
pub fn next_signal(pending: SigSet, blocked: SigSet) -> Option<Signal> {
    let mut ready = pending.difference(blocked).bits();
    if ready & SYNCHRONOUS_MASK != 0 {
        ready &= SYNCHRONOUS_MASK;
    }
    SigSet::from_bits(ready).lowest()
}

impl SigPending {
    /// The set of pending signals.
    pub fn set(&self) -> SigSet {
        self.signal
    }

    /// The queued entries, oldest first.
    pub fn queued(&self) -> impl Iterator<Item = &QueuedSignal> {
        self.queue.iter()
    }

    /// `legacy_queue`: a standard signal already pending is not queued again.
    pub fn is_legacy_duplicate(&self, signal: Signal) -> bool {
        !signal.is_realtime() && self.signal.contains(signal)
    }

    /// Marks `signal` pending, queueing `entry` if there is one (Linux sets only the bit for
    /// SIGKILL and when the queue is full).
    pub fn add(&mut self, signal: Signal, entry: Option<QueuedSignal>) {
        if let Some(entry) = entry {
            self.queue.push_back(entry);
        }
        self.signal.add(signal);
    }

    /// Clears the bit of `signal` without touching the queue (SIGKILL's bit).
    pub fn clear_bit(&mut self, signal: Signal) {
        self.signal.remove(signal);
    }

    /// The next deliverable signal under `blocked`.
    pub fn next(&self, blocked: SigSet) -> Option<Signal> {
        next_signal(self.signal, blocked)
    }

    /// Takes `signal` (`collect_signal`): its first queued entry, the bit cleared unless
    /// another entry of the same signal remains. With no entry (SIGKILL, or lost to the
    /// limit) the info is `SI_USER` from pid 0, uid 0.
    pub fn collect(&mut self, signal: Signal) -> QueuedSignal {
        let mut same = self
            .queue
            .iter()
            .enumerate()
            .filter(|(_, q)| q.info.signo() == signal.number())
            .map(|(index, _)| index);
        let first = same.next();
        let another = same.next().is_some();
        if !another {
            self.signal.remove(signal);
        }
        match first.and_then(|index| self.queue.remove(index)) {
            Some(entry) => entry,
            None => QueuedSignal {
                info: SigInfo::sent_by(signal.number(), code::SI_USER, 0, 0),
                charged_uid: None,
            },
        }
    }

    /// Takes the next deliverable signal under `blocked` (`__dequeue_signal`).
    pub fn dequeue(&mut self, blocked: SigSet) -> Option<QueuedSignal> {
        let signal = self.next(blocked)?;
        Some(self.collect(signal))
    }

    /// Takes the first queued synchronous fault signal (positive `si_code`) not blocked
    /// (`dequeue_synchronous_signal`): faults are delivered before anything else.
    pub fn dequeue_synchronous(&mut self, blocked: SigSet) -> Option<QueuedSignal> {
        if self.signal.difference(blocked).bits() & SYNCHRONOUS_MASK == 0 {
            return None;
        }
        let index = self.queue.iter().position(|q| {
            q.info.code() > code::SI_USER
                && Signal::new(q.info.signo()).is_some_and(|s| s.mask() & SYNCHRONOUS_MASK != 0)
        })?;
        let signo = self.queue[index].info.signo();
        let another = self
            .queue
            .iter()
            .skip(index + 1)
            .any(|q| q.info.signo() == signo);
        if !another {
            if let Some(signal) = Signal::new(signo) {
                self.signal.remove(signal);
            }
        }
        self.queue.remove(index)
    }

    /// Removes every signal of `mask`, bits and entries (`flush_sigqueue_mask`); returns the
    /// users whose charges are released.
    pub fn flush_mask(&mut self, mask: SigSet) -> Vec<u32> {
        let mut released = Vec::new();
        if self.signal.intersection(mask).is_empty() {
            return released;
        }
        self.signal = self.signal.difference(mask);
        self.queue.retain(|q| {
            let drop = Signal::new(q.info.signo()).is_some_and(|s| mask.contains(s));
            if drop {
                if let Some(uid) = q.charged_uid {
                    released.push(uid);
                }
            }
            !drop
        });
        released
    }

    /// Removes everything (`flush_sigqueue`); returns the released charges.
    pub fn flush_all(&mut self) -> Vec<u32> {
        self.signal = SigSet::EMPTY;
        self.queue.drain(..).filter_map(|q| q.charged_uid).collect()
    }
}
