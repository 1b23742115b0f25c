//! The wait hook: how a thread parks on a pipe or device and is woken when it becomes ready.
//!
//! The VFS never sleeps. An operation that cannot proceed returns `EAGAIN`; the caller (the
//! syscall layer, with the scheduler's help) then parks like this:
//!
//! 1. call `poll(interest, Some(&waker))`: this registers `waker` with the object *before*
//!    computing readiness, so a change after the check still wakes the thread;
//! 2. if the result intersects `interest`, retry the operation at once;
//! 3. otherwise sleep until `waker.wake()` runs (or a signal/timeout), then retry from 1.
//!
//! A [`Waker`] may therefore be woken before its thread has gone to sleep: the scheduler must
//! remember such a wake and not sleep through it. Wakes may be spurious; callers retry.

use crate::sync::IrqSpinLock;
use alloc::sync::{Arc, Weak};
use alloc::vec::Vec;

/// Something to wake: usually one sleeping thread, made by the scheduler.
///
/// Invariant: `wake` never sleeps and may be called from any context, including interrupt
/// handlers, with or without the thread asleep yet.
pub trait Waker: Send + Sync {
    /// Makes the waiting thread runnable (or notes the wake if it has not slept yet).
    fn wake(&self);
}

/// The threads waiting on one condition of one object (a pipe's readers, a device's input).
///
/// Holds [`Waker`]s weakly, so a thread that went away leaves nothing behind; registering the
/// same waker twice keeps one entry. `wake_all` empties the list: a woken thread registers
/// again when it polls again. No waker is called with the list's lock held.
pub struct WaitList {
    wakers: IrqSpinLock<Vec<Weak<dyn Waker>>>,
}

impl WaitList {
    /// An empty list.
    pub const fn new() -> Self {
        Self {
            wakers: IrqSpinLock::new(Vec::new()),
        }
    }

    /// Adds `waker` unless it is already present; drops entries whose thread is gone.
    pub fn register(&self, waker: &Arc<dyn Waker>) {
        let weak = Arc::downgrade(waker);
        let mut wakers = self.wakers.lock();
        wakers.retain(|entry| entry.strong_count() > 0);
        if !wakers.iter().any(|entry| Weak::ptr_eq(entry, &weak)) {
            wakers.push(weak);
        }
    }

    /// Wakes and removes every registered waker.
    pub fn wake_all(&self) {
        let taken = core::mem::take(&mut *self.wakers.lock());
        for waker in taken.iter().filter_map(Weak::upgrade) {
            waker.wake();
        }
    }

    /// How many live wakers are registered.
    pub fn len(&self) -> usize {
        self.wakers
            .lock()
            .iter()
            .filter(|entry| entry.strong_count() > 0)
            .count()
    }

    /// Whether no live waker is registered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Default for WaitList {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::{WaitList, Waker};
    use alloc::sync::Arc;
    use core::sync::atomic::{AtomicUsize, Ordering};

    struct Counter(AtomicUsize);

    impl Waker for Counter {
        fn wake(&self) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn wakes_each_registered_waker_once_and_empties() {
        let list = WaitList::new();
        let first = Arc::new(Counter(AtomicUsize::new(0)));
        let second = Arc::new(Counter(AtomicUsize::new(0)));
        let first_dyn: Arc<dyn Waker> = first.clone();
        let second_dyn: Arc<dyn Waker> = second.clone();
        list.register(&first_dyn);
        list.register(&first_dyn);
        list.register(&second_dyn);
        assert_eq!(list.len(), 2);
        list.wake_all();
        assert_eq!(first.0.load(Ordering::SeqCst), 1);
        assert_eq!(second.0.load(Ordering::SeqCst), 1);
        assert!(list.is_empty());
        list.wake_all();
        assert_eq!(first.0.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_dropped_waker_is_forgotten() {
        let list = WaitList::new();
        let waker: Arc<dyn Waker> = Arc::new(Counter(AtomicUsize::new(0)));
        list.register(&waker);
        drop(waker);
        assert!(list.is_empty());
        list.wake_all();
    }
}
