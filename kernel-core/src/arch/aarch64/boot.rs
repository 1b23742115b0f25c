//! Entry assembly: the Image header, EL2 to EL1, boot page tables, MMU on, exception vectors.

core::arch::global_asm!(include_str!("boot.S"));
core::arch::global_asm!(include_str!("vectors.S"));
core::arch::global_asm!(include_str!("switch.S"));

unsafe extern "C" {
    /// Secondary CPUs' physical entry point (see boot.S); its link address is virtual.
    pub fn secondary_entry();
    /// Switches TTBR1 through an empty table; must run from the identity map.
    fn replace_ttbr1_identity(new_ttbr1: u64, empty_table: u64);
    /// The identity map the boot code built (physical address when read with `adr`).
    static boot_l0_identity: u8;
}

/// Where secondary CPUs must start: the physical address of `secondary_entry`.
pub fn secondary_entry_phys(kernel_phys_base: u64) -> u64 {
    secondary_entry as *const () as u64 - crate::layout::KERNEL_VIRT_BASE + kernel_phys_base
}

/// Replaces the kernel half's tables with `new_ttbr1` (physical), passing through
/// `empty_table` (physical address of a zeroed 4 KiB table).
///
/// # Safety
/// `new_ttbr1` must map the running kernel image, its stacks and data exactly as the current
/// tables do, and the boot identity map must still be installed in TTBR0.
pub unsafe fn replace_ttbr1(kernel_phys_base: u64, new_ttbr1: u64, empty_table: u64) {
    let virt = replace_ttbr1_identity as *const () as u64;
    let phys = virt - crate::layout::KERNEL_VIRT_BASE + kernel_phys_base;
    // SAFETY: `phys` is the identity-mapped alias of the routine, which touches no memory and
    // returns to our (virtual) link register once the new tables are live; the caller vouches
    // for the tables.
    unsafe {
        let routine: unsafe extern "C" fn(u64, u64) = core::mem::transmute(phys as usize);
        routine(new_ttbr1, empty_table);
    }
}

/// Physical address of the boot identity map (what secondaries use while turning the MMU on).
pub fn boot_identity_table_phys(kernel_phys_base: u64) -> u64 {
    let virt = core::ptr::addr_of!(boot_l0_identity) as u64;
    virt - crate::layout::KERNEL_VIRT_BASE + kernel_phys_base
}
