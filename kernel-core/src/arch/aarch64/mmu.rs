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

/// Installs `table` (physical) as the user half's root tagged with `asid` (TTBR0_EL1.ASID,
/// bits [63:48]; TCR_EL1.A1 = 0), without touching the TLB: entries of other ASIDs stay and
/// cannot match. TTBR0 changes table and ASID in one write, so no reserved-table step is
/// needed.
pub fn set_ttbr0_asid(table: u64, asid: u16) {
    let value = (u64::from(asid) << 48) | (table & 0x0000_ffff_ffff_fffe);
    // SAFETY: changes only the lower half's translations; the kernel runs from TTBR1.
    unsafe { asm!("msr ttbr0_el1, {v}", "isb", v = in(reg) value) };
}

/// Invalidates every (non-global) TLB entry tagged `asid`: on all CPUs of the inner-shareable
/// domain with `broadcast`, else on the calling CPU only.
pub fn flush_tlb_asid(asid: u16, broadcast: bool) {
    let operand = u64::from(asid) << 48;
    // SAFETY: TLB maintenance has no memory effects beyond re-walking the tables.
    unsafe {
        if broadcast {
            asm!("dsb ishst", "tlbi aside1is, {o}", "dsb ish", "isb", o = in(reg) operand);
        } else {
            asm!("dsb nshst", "tlbi aside1, {o}", "dsb nsh", "isb", o = in(reg) operand);
        }
    }
}

/// Invalidates the entries tagged `asid` for the `page_count` 4 KiB pages from `start`, at
/// every level of the walk (`tlbi vae1`): on all CPUs with `broadcast`, else locally.
pub fn flush_tlb_pages(asid: u16, start: u64, page_count: u64, broadcast: bool) {
    let tag = u64::from(asid) << 48;
    let first = (start >> 12) & 0x0000_0fff_ffff_ffff;
    // SAFETY: barriers before and after; TLB maintenance has no other memory effects.
    unsafe {
        if broadcast {
            asm!("dsb ishst");
            for page in first..first + page_count {
                asm!("tlbi vae1is, {o}", o = in(reg) tag | page);
            }
            asm!("dsb ish", "isb");
        } else {
            asm!("dsb nshst");
            for page in first..first + page_count {
                asm!("tlbi vae1, {o}", o = in(reg) tag | page);
            }
            asm!("dsb nsh", "isb");
        }
    }
}

/// The ASID width in force: 16 bits when TCR_EL1.AS is set (boot.S sets it where
/// ID_AA64MMFR0_EL1.ASIDBits says 16 are implemented), else 8.
pub fn asid_bits() -> u32 {
    let tcr: u64;
    // SAFETY: reads a system register.
    unsafe { asm!("mrs {t}, tcr_el1", t = out(reg) tcr) };
    crate::paging::asid_bits(tcr)
}
