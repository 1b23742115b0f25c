//! Per-CPU note that this CPU is inside the frame allocator, so the heap must not grow.
//!
//! The buddy frame allocator keeps its free lists on the kernel heap. If an allocation made
//! while its lock is held found the heap empty and the heap grew by calling the frame allocator,
//! the CPU would spin forever on a lock it holds. So the frame allocator (and the heap, while it
//! grows) marks the CPU with a [`FrameLockScope`]; the heap, seeing the mark, serves the request
//! from its reserve instead of growing. The mark is taken with interrupts masked, so the
//! holder cannot migrate to another CPU before it is dropped.

use core::sync::atomic::{AtomicUsize, Ordering};

/// While alive, the calling CPU is inside the frame allocator (or growing the heap).
pub struct FrameLockScope(());

impl FrameLockScope {
    /// Marks the calling CPU. Call with interrupts masked, and drop on the same CPU.
    pub fn enter() -> Self {
        with_depth(|depth| depth.fetch_add(1, Ordering::Relaxed));
        FrameLockScope(())
    }
}

impl Drop for FrameLockScope {
    fn drop(&mut self) {
        with_depth(|depth| depth.fetch_sub(1, Ordering::Relaxed));
    }
}

/// Whether the calling CPU is inside a [`FrameLockScope`] (a CPU index beyond the table counts
/// as inside: never grow from where we cannot tell).
pub fn frame_lock_held() -> bool {
    with_depth(|depth| depth.load(Ordering::Relaxed) > 0).unwrap_or(true)
}

#[cfg(not(test))]
fn with_depth<R>(f: impl FnOnce(&AtomicUsize) -> R) -> Option<R> {
    use kernel_core::MAX_CPUS;
    static DEPTH: [AtomicUsize; MAX_CPUS] = [const { AtomicUsize::new(0) }; MAX_CPUS];
    DEPTH.get(kernel_core::arch::cpu_index()).map(f)
}

/// On the host every test thread claims to be CPU 0; a per-thread depth keeps parallel tests
/// from seeing each other's marks.
#[cfg(test)]
fn with_depth<R>(f: impl FnOnce(&AtomicUsize) -> R) -> Option<R> {
    std::thread_local! {
        static DEPTH: AtomicUsize = const { AtomicUsize::new(0) };
    }
    Some(DEPTH.with(f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_nest_and_unwind() {
        assert!(!frame_lock_held());
        let outer = FrameLockScope::enter();
        let inner = FrameLockScope::enter();
        drop(inner);
        assert!(frame_lock_held());
        drop(outer);
        assert!(!frame_lock_held());
    }
}
