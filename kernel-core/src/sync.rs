//! Locks: plain spinlocks, and spinlocks that mask interrupts on the holding CPU.
//!
//! Rule: a lock that an interrupt handler also takes must be an [`IrqSpinLock`], or the handler
//! could spin forever on a lock its own CPU holds. No lock is held across a sleep.

use core::ops::{Deref, DerefMut};

/// A spinlock for data never touched from interrupt handlers.
pub type SpinLock<T> = spin::Mutex<T>;
/// The guard of a [`SpinLock`].
pub type SpinLockGuard<'a, T> = spin::MutexGuard<'a, T>;
/// A value initialised once, at run time.
pub type Once<T> = spin::Once<T>;

/// A spinlock that masks interrupts on the calling CPU while held.
pub struct IrqSpinLock<T> {
    inner: spin::Mutex<T>,
}

/// The guard of an [`IrqSpinLock`]; restores the interrupt mask when dropped.
pub struct IrqSpinLockGuard<'a, T> {
    guard: core::mem::ManuallyDrop<spin::MutexGuard<'a, T>>,
    saved: crate::arch::IrqState,
}

impl<T> IrqSpinLock<T> {
    /// Wraps `value`.
    pub const fn new(value: T) -> Self {
        Self {
            inner: spin::Mutex::new(value),
        }
    }

    /// Masks interrupts, then takes the lock.
    pub fn lock(&self) -> IrqSpinLockGuard<'_, T> {
        let saved = crate::arch::irq_save();
        IrqSpinLockGuard {
            guard: core::mem::ManuallyDrop::new(self.inner.lock()),
            saved,
        }
    }
}

impl<T> Deref for IrqSpinLockGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.guard
    }
}

impl<T> DerefMut for IrqSpinLockGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.guard
    }
}

impl<T> Drop for IrqSpinLockGuard<'_, T> {
    fn drop(&mut self) {
        // SAFETY: the guard is dropped exactly once, here, before interrupts come back.
        unsafe { core::mem::ManuallyDrop::drop(&mut self.guard) };
        crate::arch::irq_restore(self.saved);
    }
}

#[cfg(test)]
mod tests {
    use super::IrqSpinLock;

    #[test]
    fn guard_gives_access_and_releases() {
        let lock = IrqSpinLock::new(5);
        *lock.lock() += 1;
        assert_eq!(*lock.lock(), 6);
    }
}
