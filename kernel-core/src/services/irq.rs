//! Interrupt controllers and the handlers they dispatch to.

/// A hardware interrupt number as the controller numbers it (a GIC INTID: SGI 0-15,
/// PPI 16-31, SPI 32-1019).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IrqNumber(pub u32);

/// How an interrupt line signals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trigger {
    /// Asserted while the condition holds.
    Level,
    /// Signalled by a rising edge.
    Edge,
}

/// Code that runs when an interrupt fires, with interrupts masked on the calling CPU.
pub trait IrqHandler: Send + Sync {
    /// Handles `irq` on CPU `cpu`. Must not sleep.
    fn handle(&self, irq: IrqNumber, cpu: usize);
}

/// An interrupt controller (GICv2, GICv3, ...).
///
/// Invariants: `acknowledge` and `end_of_interrupt` are called in pairs on the same CPU;
/// `enable` of a private (per-CPU) interrupt affects only the calling CPU; `init_cpu` runs once
/// on every CPU before that CPU unmasks interrupts.
pub trait InterruptController: Send + Sync {
    /// A short name for messages, e.g. `GICv3`.
    fn name(&self) -> &str;
    /// Brings up the calling CPU's interface (CPU interface or redistributor).
    fn init_cpu(&self, cpu: usize);
    /// Unmasks `irq` with the given trigger; for a private interrupt, on the calling CPU only.
    fn enable(&self, irq: IrqNumber, trigger: Trigger);
    /// Masks `irq` (a private one on the calling CPU only).
    fn disable(&self, irq: IrqNumber);
    /// Takes the highest-priority pending interrupt; `None` when it was spurious.
    fn acknowledge(&self) -> Option<IrqNumber>;
    /// Signals that handling of `irq` has finished.
    fn end_of_interrupt(&self, irq: IrqNumber);
    /// Sends software-generated interrupt `sgi` (0-15) to CPU `target_cpu`.
    fn send_sgi(&self, target_cpu: usize, sgi: u8);
    /// Turns a device-tree interrupt specifier (the cells of one `interrupts` entry) into a
    /// controller interrupt number and trigger; `None` when the cells are malformed.
    fn translate(&self, cells: &[u32]) -> Option<(IrqNumber, Trigger)>;
}
