//! The GICv3 CPU interface (`ICC_*_EL1` system registers) behind a trait, so that host tests
//! can stand a recording model in for the real registers.

/// `ICC_SRE_EL1.SRE`.
pub const SRE_ENABLE: u64 = 1 << 0;
/// `ICC_CTLR_EL1.EOImode`: set means EOI only drops priority.
pub const CTLR_EOIMODE: u64 = 1 << 1;

/// The calling CPU's GICv3 CPU interface, plus its MPIDR (which picks its redistributor).
///
/// Every method acts on the CPU that calls it.
pub trait CpuInterfaceRegs: Send + Sync {
    /// The calling CPU's `MPIDR_EL1`.
    fn current_mpidr(&self) -> u64;
    /// Reads `ICC_SRE_EL1`.
    fn read_sre(&self) -> u64;
    /// Writes `ICC_SRE_EL1` (with the synchronisation it needs).
    fn write_sre(&self, value: u64);
    /// Writes `ICC_PMR_EL1`.
    fn write_pmr(&self, priority: u8);
    /// Writes `ICC_BPR1_EL1`.
    fn write_bpr1(&self, value: u64);
    /// Reads `ICC_CTLR_EL1`.
    fn read_ctlr(&self) -> u64;
    /// Writes `ICC_CTLR_EL1`.
    fn write_ctlr(&self, value: u64);
    /// Writes `ICC_IGRPEN1_EL1`.
    fn write_igrpen1(&self, enabled: bool);
    /// Reads `ICC_IAR1_EL1`: acknowledges and returns an INTID.
    fn read_iar1(&self) -> u32;
    /// Writes `ICC_EOIR1_EL1`.
    fn write_eoir1(&self, intid: u32);
    /// Writes `ICC_SGI1R_EL1`, after making earlier memory writes visible to the targets.
    fn write_sgi1r(&self, value: u64);
}

/// The MPIDR affinity fields packed as `Aff3:Aff2:Aff1:Aff0` (the layout of `GICR_TYPER[63:32]`).
pub fn packed_affinity(mpidr: u64) -> u32 {
    ((mpidr & 0x00ff_ffff) | ((mpidr >> 8) & 0xff00_0000)) as u32
}

/// The MPIDR affinity fields in `GICD_IROUTER` layout (Aff3 at 39:32, Aff2-Aff0 at 23:0;
/// `Interrupt_Routing_Mode` = 0, i.e. to this one CPU).
pub fn irouter_affinity(mpidr: u64) -> u64 {
    mpidr & 0xff_00ff_ffff
}

/// `ICC_SGI1R_EL1` for sending SGI `sgi` to the one CPU whose MPIDR is `mpidr`.
///
/// Target list bit `Aff0 % 16`, range selector `Aff0 / 16` (needs `GICD_TYPER.RSS` when Aff0
/// exceeds 15), Aff1 at 23:16, INTID at 27:24, Aff2 at 39:32, IRM = 0, Aff3 at 55:48.
pub fn sgi1r_value(mpidr: u64, sgi: u8) -> u64 {
    let aff0 = mpidr & 0xff;
    let aff1 = (mpidr >> 8) & 0xff;
    let aff2 = (mpidr >> 16) & 0xff;
    let aff3 = (mpidr >> 32) & 0xff;
    (aff3 << 48)
        | ((aff0 / 16) << 44)
        | (aff2 << 32)
        | (u64::from(sgi & 0xf) << 24)
        | (aff1 << 16)
        | (1 << (aff0 % 16))
}

/// The real CPU interface: `kernel_core::arch::aarch64::icc` and `MPIDR_EL1`.
#[cfg(target_arch = "aarch64")]
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemCpuInterface;

#[cfg(target_arch = "aarch64")]
impl CpuInterfaceRegs for SystemCpuInterface {
    fn current_mpidr(&self) -> u64 {
        use aarch64_cpu::registers::{Readable, MPIDR_EL1};
        MPIDR_EL1.get()
    }

    fn read_sre(&self) -> u64 {
        kernel_core::arch::aarch64::icc::read_sre()
    }

    fn write_sre(&self, value: u64) {
        kernel_core::arch::aarch64::icc::write_sre(value)
    }

    fn write_pmr(&self, priority: u8) {
        kernel_core::arch::aarch64::icc::write_pmr(priority)
    }

    fn write_bpr1(&self, value: u64) {
        kernel_core::arch::aarch64::icc::write_bpr1(value)
    }

    fn read_ctlr(&self) -> u64 {
        kernel_core::arch::aarch64::icc::read_ctlr()
    }

    fn write_ctlr(&self, value: u64) {
        kernel_core::arch::aarch64::icc::write_ctlr(value)
    }

    fn write_igrpen1(&self, enabled: bool) {
        kernel_core::arch::aarch64::icc::write_igrpen1(enabled)
    }

    fn read_iar1(&self) -> u32 {
        kernel_core::arch::aarch64::icc::read_iar1()
    }

    fn write_eoir1(&self, intid: u32) {
        kernel_core::arch::aarch64::icc::write_eoir1(intid)
    }

    fn write_sgi1r(&self, value: u64) {
        kernel_core::arch::aarch64::icc::write_sgi1r(value)
    }
}
