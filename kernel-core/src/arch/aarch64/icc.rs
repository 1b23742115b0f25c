//! GICv3 CPU-interface system registers (`ICC_*_EL1`): safe wrappers for the GIC driver.
//!
//! Each function is one `mrs`/`msr`, spelled by its `S3_<op1>_C<n>_C<m>_<op2>` encoding so that
//! the assembler needs no GIC feature flag. None of them can break memory safety: at worst they
//! mask or misroute interrupts, which is a logic error of the caller, not undefined behaviour.
//! They require the system-register interface to be usable at EL1 (`ICC_SRE_EL2.Enable` set by
//! firmware when an EL2 exists); reading [`read_sre`] back after [`write_sre`] tells whether it is.

use aarch64_cpu::asm::barrier;
use core::arch::asm;

/// `ICC_SRE_EL1.SRE`: the system-register interface is in use.
pub const SRE_ENABLE: u64 = 1 << 0;
/// `ICC_SRE_EL1.DFB`: disable FIQ bypass.
pub const SRE_DFB: u64 = 1 << 1;
/// `ICC_SRE_EL1.DIB`: disable IRQ bypass.
pub const SRE_DIB: u64 = 1 << 2;
/// `ICC_CTLR_EL1.EOImode`: when set, EOI only drops priority and a separate deactivate is needed.
pub const CTLR_EOIMODE: u64 = 1 << 1;

/// Reads one system register by its encoding.
macro_rules! read_sysreg {
    ($encoding:literal) => {{
        let value: u64;
        // SAFETY: reading an ICC register has no memory effect; the encoding names an EL1
        // register that exists whenever the GICv3 CPU interface does (the caller's contract
        // for using this module at all).
        unsafe { asm!(concat!("mrs {}, ", $encoding), out(reg) value, options(nostack, preserves_flags)) };
        value
    }};
}

/// Writes one system register by its encoding.
macro_rules! write_sysreg {
    ($encoding:literal, $value:expr) => {{
        let value: u64 = $value;
        // SAFETY: writing an ICC register changes interrupt delivery on this CPU only and
        // touches no memory; no Rust invariant depends on its value.
        unsafe { asm!(concat!("msr ", $encoding, ", {}"), in(reg) value, options(nostack, preserves_flags)) };
    }};
}

/// Reads `ICC_SRE_EL1` (system register enable).
#[inline]
pub fn read_sre() -> u64 {
    read_sysreg!("S3_0_C12_C12_5")
}

/// Writes `ICC_SRE_EL1` and synchronises, so that later ICC accesses see the new mode.
#[inline]
pub fn write_sre(value: u64) {
    write_sysreg!("S3_0_C12_C12_5", value);
    barrier::isb(barrier::SY);
}

/// Writes `ICC_PMR_EL1`: interrupts with a priority value below `priority` are signalled.
#[inline]
pub fn write_pmr(priority: u8) {
    write_sysreg!("S3_0_C4_C6_0", u64::from(priority));
}

/// Reads `ICC_PMR_EL1`.
#[inline]
pub fn read_pmr() -> u8 {
    (read_sysreg!("S3_0_C4_C6_0") & 0xff) as u8
}

/// Writes `ICC_BPR1_EL1` (binary point for group 1 preemption).
#[inline]
pub fn write_bpr1(value: u64) {
    write_sysreg!("S3_0_C12_C12_3", value);
}

/// Reads `ICC_CTLR_EL1`.
#[inline]
pub fn read_ctlr() -> u64 {
    read_sysreg!("S3_0_C12_C12_4")
}

/// Writes `ICC_CTLR_EL1`.
#[inline]
pub fn write_ctlr(value: u64) {
    write_sysreg!("S3_0_C12_C12_4", value);
    barrier::isb(barrier::SY);
}

/// Writes `ICC_IGRPEN1_EL1` (group 1 interrupts enabled when `enabled`) and synchronises.
#[inline]
pub fn write_igrpen1(enabled: bool) {
    write_sysreg!("S3_0_C12_C12_7", u64::from(enabled));
    barrier::isb(barrier::SY);
}

/// Reads `ICC_IAR1_EL1`: acknowledges the highest-priority pending group 1 interrupt and returns
/// its INTID (1023 when none is pending).
#[inline]
pub fn read_iar1() -> u32 {
    (read_sysreg!("S3_0_C12_C12_0") & 0x00ff_ffff) as u32
}

/// Writes `ICC_EOIR1_EL1`: ends the interrupt `intid` (priority drop and, with EOImode 0,
/// deactivation), then synchronises.
#[inline]
pub fn write_eoir1(intid: u32) {
    write_sysreg!("S3_0_C12_C12_1", u64::from(intid));
    barrier::isb(barrier::SY);
}

/// Writes `ICC_SGI1R_EL1` to send a group 1 SGI. Stores to normal memory made before the call
/// are visible to the target CPUs before they take the interrupt (`dsb ishst` first).
#[inline]
pub fn write_sgi1r(value: u64) {
    barrier::dsb(barrier::ISHST);
    write_sysreg!("S3_0_C12_C11_5", value);
    barrier::isb(barrier::SY);
}
