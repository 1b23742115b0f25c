//! Mini-UART register map (BCM2835 ARM Peripherals, section 2.2) and the register-window trait.
//!
//! Offsets are relative to `AUX_MU_IO` (the DTB's `reg`, e.g. 0x7e215040), not to the AUX block.

/// `AUX_MU_IO`: a write sends a byte, a read takes one (when `LCR.DLAB` is clear).
pub const IO: usize = 0x00;
/// `AUX_MU_IER`: interrupt enables.
pub const IER: usize = 0x04;
/// `AUX_MU_IIR`: interrupt status; writing bits 1 and 2 clears the receive and transmit FIFOs.
pub const IIR: usize = 0x08;
/// `AUX_MU_LCR`: line control (data size, DLAB).
pub const LCR: usize = 0x0c;
/// `AUX_MU_MCR`: modem control (RTS).
pub const MCR: usize = 0x10;
/// `AUX_MU_LSR`: line status.
pub const LSR: usize = 0x14;
/// `AUX_MU_CNTL`: receiver and transmitter enables.
pub const CNTL: usize = 0x20;
/// `AUX_MU_BAUD`: 16-bit baud divisor, `baud = system_clock / (8 * (BAUD + 1))`.
pub const BAUD: usize = 0x28;
/// Bytes of register space the driver touches.
pub const REGISTER_SPAN: usize = 0x2c;

/// `IIR` write value clearing both FIFOs.
pub const IIR_CLEAR_FIFOS: u32 = 0b110;
/// `LCR` value for 8-bit data (both bits must be set on the real part).
pub const LCR_8BIT: u32 = 0b11;
/// `LSR` bit 0: a received byte is waiting.
pub const LSR_DATA_READY: u32 = 1 << 0;
/// `LSR` bit 5: the transmit FIFO can take at least one byte.
pub const LSR_TX_EMPTY: u32 = 1 << 5;
/// `CNTL` bit 0: receiver enabled.
pub const CNTL_RX_ENABLE: u32 = 1 << 0;
/// `CNTL` bit 1: transmitter enabled.
pub const CNTL_TX_ENABLE: u32 = 1 << 1;

/// The register window the driver is written against (shared by the drivers, in kernel-core).
pub use kernel_core::mmio::Registers;
