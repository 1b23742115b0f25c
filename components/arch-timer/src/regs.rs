//! The EL1 virtual timer's registers behind a trait, so that host tests can check the
//! deadline and control logic against a recording model.

/// `CNTV_CTL_EL0.ENABLE`: the timer runs.
pub const CTL_ENABLE: u64 = 1 << 0;
/// `CNTV_CTL_EL0.IMASK`: the timer's interrupt is masked.
pub const CTL_IMASK: u64 = 1 << 1;
/// `CNTV_CTL_EL0.ISTATUS` (read only): the deadline has passed.
pub const CTL_ISTATUS: u64 = 1 << 2;

/// The calling CPU's virtual timer and the system counter.
pub trait TimerRegs: Send + Sync {
    /// `CNTVCT_EL0`, read after an instruction barrier so that it is not taken early.
    fn counter(&self) -> u64;
    /// `CNTFRQ_EL0`: the counter frequency firmware programmed (0 if it did not).
    fn frequency(&self) -> u64;
    /// Writes `CNTV_CVAL_EL0`, the compare value.
    fn set_compare(&self, deadline: u64);
    /// Writes `CNTV_CTL_EL0` and synchronises.
    fn set_control(&self, control: u64);
}

/// The real registers, through the `aarch64-cpu` crate.
#[cfg(target_arch = "aarch64")]
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemTimerRegs;

#[cfg(target_arch = "aarch64")]
impl TimerRegs for SystemTimerRegs {
    fn counter(&self) -> u64 {
        use aarch64_cpu::asm::barrier;
        use aarch64_cpu::registers::{Readable, CNTVCT_EL0};
        barrier::isb(barrier::SY);
        CNTVCT_EL0.get()
    }

    fn frequency(&self) -> u64 {
        use aarch64_cpu::registers::{Readable, CNTFRQ_EL0};
        // Bits 63:32 are RES0.
        CNTFRQ_EL0.get() & 0xffff_ffff
    }

    fn set_compare(&self, deadline: u64) {
        use aarch64_cpu::registers::{Writeable, CNTV_CVAL_EL0};
        CNTV_CVAL_EL0.set(deadline);
    }

    fn set_control(&self, control: u64) {
        use aarch64_cpu::asm::barrier;
        use aarch64_cpu::registers::{Writeable, CNTV_CTL_EL0};
        CNTV_CTL_EL0.set(control);
        barrier::isb(barrier::SY);
    }
}
