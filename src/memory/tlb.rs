//! Which user tables each CPU has loaded, so that a TLB invalidation reaches only the CPUs
//! that can hold the tables' translations.
//!
//! Without ASIDs, every load of TTBR0 ([`load_user_root`]) drops the CPU's whole TLB, so a
//! CPU can hold translations of a table only while that table is its TTBR0. An invalidation
//! therefore needs no broadcast when no other CPU has the table loaded. A broadcast (`tlbi
//! vmalle1is`) waits for every CPU (and under QEMU stops them all); most changes, such as a
//! copy-on-write fault or `munmap` in a single-threaded process, concern only the caller.
//!
//! Ordering: the invalidating CPU writes the entries, `dsb ish`, then reads [`LOADED`]; a
//! loading CPU writes [`LOADED`], `dsb ish`, then switches TTBR0 and flushes its own TLB.
//! Either the loader's store comes first (the invalidator sees it and broadcasts) or its flush
//! and every later walk come after the entries changed.

use core::sync::atomic::{AtomicU64, Ordering};
use kernel_core::arch::aarch64::mmu;
use kernel_core::MAX_CPUS;

/// Each CPU's TTBR0 table (physical), 0 before it loads one.
static LOADED: [AtomicU64; MAX_CPUS] = [const { AtomicU64::new(0) }; MAX_CPUS];

/// Loads `root` as the calling CPU's TTBR0, dropping its old translations, and records it.
pub fn load_user_root(root: u64) {
    if let Some(slot) = LOADED.get(kernel_core::arch::cpu_index()) {
        slot.store(root, Ordering::SeqCst);
    }
    mmu::full_barrier();
    mmu::set_ttbr0(root);
}

/// Drops the translations of `root` wherever they may be cached: nowhere when no CPU has it
/// loaded, on this CPU alone when only this one has, else on every CPU. The caller must not
/// move to another CPU meanwhile (Lichen preempts only on the way back to EL0, and address
/// spaces change under their interrupt-masking lock).
pub fn invalidate(root: u64) {
    mmu::full_barrier();
    let me = kernel_core::arch::cpu_index();
    let mut here = false;
    for (cpu, slot) in LOADED.iter().enumerate() {
        if slot.load(Ordering::SeqCst) == root {
            if cpu != me {
                mmu::flush_tlb_all();
                return;
            }
            here = true;
        }
    }
    if here {
        mmu::flush_tlb_local();
    }
}
