//! Per-CPU data: one slot per CPU, reached through the current CPU's index.

use crate::MAX_CPUS;

/// A value per CPU. Each CPU normally touches only its own slot; other CPUs may read theirs
/// (so `T` is usually made of atomics).
pub struct PerCpu<T> {
    slots: [T; MAX_CPUS],
}

impl<T> PerCpu<T> {
    /// Builds the table from a function of the CPU index.
    pub fn new(mut init: impl FnMut(usize) -> T) -> Self {
        Self {
            slots: core::array::from_fn(&mut init),
        }
    }

    /// The calling CPU's slot.
    pub fn current(&self) -> &T {
        &self.slots[crate::arch::cpu_index()]
    }

    /// CPU `cpu`'s slot; `None` when `cpu` is out of range.
    pub fn get(&self, cpu: usize) -> Option<&T> {
        self.slots.get(cpu)
    }

    /// All slots, by CPU index.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.slots.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::PerCpu;
    use core::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn slots_are_separate() {
        let table = PerCpu::new(AtomicUsize::new);
        table.get(3).unwrap().fetch_add(10, Ordering::Relaxed);
        assert_eq!(table.get(3).unwrap().load(Ordering::Relaxed), 13);
        assert_eq!(table.current().load(Ordering::Relaxed), 0);
        assert!(table.get(crate::MAX_CPUS).is_none());
    }
}
