//! Turning tables into live translations: TTBR writes, TLB and cache maintenance.

use core::arch::asm;

/// Installs `table` (physical) as the user half's root and drops stale user translations.
pub fn set_ttbr0(table: u64) {
    // SAFETY: changes only the lower half's translations; the kernel runs from TTBR1.
    unsafe {
        asm!("msr ttbr0_el1, {t}", "isb", "tlbi vmalle1", "dsb nsh", "isb", t = in(reg) table);
    }
}

/// Invalidates every TLB entry of this VM on all CPUs in the inner-shareable domain.
pub fn flush_tlb_all() {
    // SAFETY: TLB maintenance has no memory effects beyond re-walking the tables.
    unsafe { asm!("dsb ishst", "tlbi vmalle1is", "dsb ish", "isb") };
}

/// Cleans the data cache lines covering `[start, start + len)` to the point of coherency, so a
/// CPU that still has its MMU and caches off reads what we wrote.
pub fn clean_dcache_range(start: usize, len: usize) {
    const LINE: usize = 64;
    let mut addr = start & !(LINE - 1);
    while addr < start + len {
        // SAFETY: cache maintenance by VA on memory the caller owns; no data changes.
        unsafe { asm!("dc cvac, {a}", a = in(reg) addr) };
        addr += LINE;
    }
    // SAFETY: a barrier.
    unsafe { asm!("dsb sy") };
}

/// Makes instructions written to `[start, start + len)` visible to instruction fetch on every
/// CPU: clean the data cache to the point of unification, then invalidate the instruction caches.
pub fn sync_instruction_range(start: usize, len: usize) {
    const LINE: usize = 64;
    let mut addr = start & !(LINE - 1);
    while addr < start + len {
        // SAFETY: cache maintenance by VA on memory the caller owns; no data changes.
        unsafe { asm!("dc cvau, {a}", a = in(reg) addr) };
        addr += LINE;
    }
    // SAFETY: barriers and a global instruction-cache invalidation.
    unsafe { asm!("dsb ish", "ic ialluis", "dsb ish", "isb") };
}

/// Orders table writes before later translation-table walks on every CPU.
pub fn publish_tables() {
    // SAFETY: a barrier.
    unsafe { asm!("dsb ishst", "isb") };
}

/// Invalidates every TLB entry of this VM on the calling CPU only.
pub fn flush_tlb_local() {
    // SAFETY: TLB maintenance has no memory effects beyond re-walking the tables.
    unsafe { asm!("dsb nshst", "tlbi vmalle1", "dsb nsh", "isb") };
}

/// Completes earlier memory writes (table entries included) for every CPU in the
/// inner-shareable domain before any later memory access.
pub fn full_barrier() {
    // SAFETY: a barrier.
    unsafe { asm!("dsb ish") };
}
