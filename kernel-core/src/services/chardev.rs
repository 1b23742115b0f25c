//! Character devices: byte streams such as UARTs.

/// A byte-stream device. Writes are polled and complete before returning, so the console can be
/// used from any context, including exception reports with interrupts masked.
pub trait CharDevice: Send + Sync {
    /// A short name for messages, e.g. `pl011@9000000`.
    fn name(&self) -> &str;
    /// Writes every byte, waiting for the transmitter as needed. Never fails: a console that
    /// cannot write drops bytes rather than stopping the kernel.
    fn write(&self, bytes: &[u8]);
    /// Takes one received byte if one is waiting.
    fn try_read(&self) -> Option<u8>;
}
