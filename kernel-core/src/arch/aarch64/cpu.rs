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
