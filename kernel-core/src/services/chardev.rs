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
    /// Writes `bytes` exactly as given: no `\n` to `\r\n` translation, because a terminal's
    /// line discipline does its own output processing. By default the same as [`Self::write`].
    fn write_raw(&self, bytes: &[u8]) {
        self.write(bytes);
    }
    /// Unmasks the receive interrupts (data and receive timeout); `false` when the device has
    /// none, and the terminal then only sees input it polls for.
    fn enable_receive_interrupt(&self) -> bool {
        false
    }
    /// Clears the receive interrupts after the handler drained the input with
    /// [`Self::try_read`].
    fn clear_receive_interrupt(&self) {}
}
