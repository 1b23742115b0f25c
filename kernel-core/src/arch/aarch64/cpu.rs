//! CPU primitives: which CPU am I, interrupt masking, waiting.

use aarch64_cpu::asm;
use aarch64_cpu::registers::{Readable, Writeable, DAIF, TPIDR_EL1};

/// The interrupt mask saved by [`irq_save`].
#[derive(Clone, Copy, Debug)]
pub struct IrqState(u64);

/// The calling CPU's logical index, kept in `TPIDR_EL1` since bring-up.
#[inline]
pub fn cpu_index() -> usize {
    TPIDR_EL1.get() as usize
}

/// Masks IRQ and FIQ on this CPU, returning the previous mask.
#[inline]
pub fn irq_save() -> IrqState {
    let saved = DAIF.get();
    DAIF.set(saved | (0b11 << 6));
    IrqState(saved)
}

/// Restores a mask returned by [`irq_save`].
#[inline]
pub fn irq_restore(state: IrqState) {
    DAIF.set(state.0);
}

/// Unmasks IRQs on this CPU.
#[inline]
pub fn irq_enable() {
    DAIF.set(DAIF.get() & !(0b11 << 6));
}

/// Sleeps until an interrupt or event arrives.
#[inline]
pub fn wait_for_interrupt() {
    asm::wfi();
}

/// Lets EL0 read the virtual counter (`CNTKCTL_EL1.EL0VCTEN`), as Linux does, so that the
/// vDSO answers `clock_gettime` without a system call. The physical counter and the timers'
/// registers stay EL1-only.
pub fn allow_user_virtual_counter() {
    use aarch64_cpu::registers::{ReadWriteable, CNTKCTL_EL1};
    CNTKCTL_EL1.modify(CNTKCTL_EL1::EL0VCTEN::SET);
    asm::barrier::isb(asm::barrier::SY);
}
