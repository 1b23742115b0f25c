//! Host stand-ins for the CPU primitives, used by `cargo test` on the development machine.

/// Saved interrupt mask (meaningless on the host).
#[derive(Clone, Copy, Debug)]
pub struct IrqState(());

/// The calling CPU's index: always 0 on the host.
pub fn cpu_index() -> usize {
    0
}

/// Masks interrupts (no-op on the host).
pub fn irq_save() -> IrqState {
    IrqState(())
}

/// Restores a saved mask (no-op on the host).
pub fn irq_restore(_state: IrqState) {}

/// Unmasks interrupts (no-op on the host).
pub fn irq_enable() {}

/// Waits for an interrupt (a spin hint on the host).
pub fn wait_for_interrupt() {
    core::hint::spin_loop();
}
