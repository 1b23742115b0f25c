//! User address spaces in the TLB: each space runs under its own ASID, so switching TTBR0
//! keeps every other space's translations, and an invalidation drops only the space's own,
//! on this CPU alone when no other CPU has run the space under its current ASID.
//!
//! The numbers come from [`AsidAllocator`] (generations and rollover as Linux's
//! `arch/arm64/mm/context.c`), keyed by the space's root as the `UserTlb` contract names it.
//! The empty table (no process) runs under ASID 0, which no space gets.
//!
//! Ordering: the invalidating CPU writes the entries, `dsb ish`, then takes the allocator's
//! lock and reads which CPUs ran the space; a loading CPU records itself under the same lock,
//! then `dsb ish` and switches TTBR0. Either the loader came first (the invalidator sees it and
//! broadcasts) or every walk of the loader comes after the entries changed.
//!
//! Teardown: the memory manager invalidates a whole space (`[0, TASK_SIZE)`) before freeing its
//! tables. The allocator then treats the root's next load as a new space, so translations a
//! CPU might still walk from the freed tables under the old number are never used.

use alloc::sync::Arc;
use core::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use kernel_core::arch::aarch64::mmu;
use kernel_core::paging::asid::{ActiveAsids, AsidAllocator};
use kernel_core::sync::{IrqSpinLock, Once};
use kernel_core::MAX_CPUS;

/// The user half's size (the memory manager's `TASK_SIZE`): an invalidation from 0 covering
/// it is a teardown.
const USER_SPAN: u64 = 1 << 48;

/// Above this many pages, one invalidation by ASID is cheaper than one per page.
const MAX_PAGE_INVALIDATIONS: u64 = 32;

/// The allocator, made at the first load of a space: the heap exists and every CPU has
/// started (user programs run only after the boot CPU saw them all online).
static ASIDS: Once<IrqSpinLock<AsidAllocator>> = Once::new();

/// Each CPU dropped the boot tables' (global) translations at its first TTBR0 load.
static STARTED: [AtomicBool; MAX_CPUS] = [const { AtomicBool::new(false) }; MAX_CPUS];

/// The narrowest ASID width of the CPUs started so far (each sets TCR_EL1.AS for itself).
static ASID_BITS: AtomicU32 = AtomicU32::new(16);

/// The allocator's per-CPU running ids, reachable without its lock.
static ACTIVE: Once<Arc<ActiveAsids>> = Once::new();

fn asids() -> &'static IrqSpinLock<AsidAllocator> {
    ASIDS.call_once(|| {
        let allocator = AsidAllocator::new(ASID_BITS.load(Ordering::Relaxed));
        ACTIVE.call_once(|| allocator.active());
        IrqSpinLock::new(allocator)
    })
}

/// Loads `root` as the calling CPU's TTBR0 under the space's ASID (ASID 0 for the empty
/// table), doing first the flushes the allocator asks for.
pub fn load_user_root(root: u64) {
    let cpu = kernel_core::arch::cpu_index();
    let first = STARTED.get(cpu).is_some_and(|started| {
        !started.load(Ordering::Relaxed) && !started.swap(true, Ordering::Relaxed)
    });
    if first {
        ASID_BITS.fetch_min(mmu::asid_bits(), Ordering::Relaxed);
    }
    if root == super::empty_table_phys() {
        mmu::set_ttbr0_asid(root, 0);
        if let Some(active) = ACTIVE.get() {
            active.switch_to_empty(cpu);
        }
        if first {
            mmu::flush_tlb_local();
        }
        return;
    }
    let plan = asids().lock().switch_to(cpu, root);
    if plan.flush_asid_everywhere {
        mmu::flush_tlb_asid(plan.asid, true);
    }
    if plan.flush_local_all || first {
        mmu::flush_tlb_local();
    }
    mmu::full_barrier();
    mmu::set_ttbr0_asid(root, plan.asid);
}

/// Drops the translations of `[start, start + len)` in the space at `root` wherever they may
/// be cached: nowhere when it never ran, on this CPU alone when no other ran it under its
/// current ASID, else on every CPU; page by page for small ranges, by ASID otherwise (and
/// when the other holders only ran the space before, which then stop counting). The
/// caller must not move to another CPU meanwhile (Lichen preempts only on the way back to
/// EL0, and address spaces change under their interrupt-masking lock).
pub fn invalidate(root: u64, start: u64, len: u64) {
    mmu::full_barrier();
    let cpu = kernel_core::arch::cpu_index();
    let teardown = start == 0 && len >= USER_SPAN;
    let first_page = start >> 12;
    let end_page = start.saturating_add(len).div_ceil(1 << 12);
    let page_count = end_page.saturating_sub(first_page);
    let whole = teardown || page_count > MAX_PAGE_INVALIDATIONS;
    let mut asids = asids().lock();
    if let Some(plan) = asids.invalidation(cpu, root, whole) {
        if plan.whole {
            mmu::flush_tlb_asid(plan.asid, plan.broadcast);
        } else {
            mmu::flush_tlb_pages(plan.asid, start, page_count, plan.broadcast);
        }
    }
    if teardown {
        asids.tear_down(root);
    }
}
