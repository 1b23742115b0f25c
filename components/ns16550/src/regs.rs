//! NS16550 register numbers and bits (PC16550D data sheet), and the register-window trait with
//! the stride (`reg-shift`) and access width (`reg-io-width`) a device tree gives.

/// Receive buffer (read) / transmit holding (write); divisor latch low with `LCR.DLAB`.
pub const RBR_THR: usize = 0;
/// Interrupt enable; divisor latch high with `LCR.DLAB`.
pub const IER: usize = 1;
/// FIFO control (write).
pub const FCR: usize = 2;
/// Line control.
pub const LCR: usize = 3;
/// Modem control.
pub const MCR: usize = 4;
/// Line status.
pub const LSR: usize = 5;
/// Registers the driver touches (numbers 0..=5).
pub const REGISTER_COUNT: usize = 6;

/// `FCR`: FIFOs on, both cleared.
pub const FCR_ENABLE_AND_CLEAR: u8 = 0b111;
/// `LCR`: 8 data bits, no parity, 1 stop bit.
pub const LCR_8N1: u8 = 0b11;
/// `LCR.DLAB`: registers 0 and 1 are the divisor latch.
pub const LCR_DLAB: u8 = 1 << 7;
/// `MCR`: DTR and RTS asserted.
pub const MCR_DTR_RTS: u8 = 0b11;
/// `LSR.DR`: a received byte is waiting.
pub const LSR_DATA_READY: u8 = 1 << 0;
/// `LSR.THRE`: the transmit holding register (or FIFO) can take a byte.
pub const LSR_THRE: u8 = 1 << 5;

/// The register windows the driver is written against (shared by the drivers, in kernel-core):
/// 32-bit registers, and byte-wide ones for `reg-io-width = 1` layouts.
pub use kernel_core::mmio::{ByteRegisters, Registers};

/// How register number `n` is reached: byte offset `n << shift`, accessed 1 or 4 bytes wide.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// `reg-shift`: log2 of the register stride in bytes.
    pub shift: u32,
    /// `reg-io-width == 4`: 32-bit accesses (else 8-bit).
    pub wide: bool,
}

impl Layout {
    /// The layout a node states; `None` for values no 16550 uses (shift > 3, width not 1 or 4).
    pub fn from_node(reg_shift: Option<u32>, reg_io_width: Option<u32>) -> Option<Self> {
        let shift = reg_shift.unwrap_or(0);
        let wide = match reg_io_width.unwrap_or(1) {
            1 => false,
            4 => true,
            _ => return None,
        };
        if shift > 3 || (wide && shift < 2) {
            return None;
        }
        Some(Self { shift, wide })
    }

    /// Byte offset of register number `register`.
    pub fn offset(&self, register: usize) -> usize {
        register << self.shift
    }

    /// Bytes the window must span to reach every register the driver uses.
    pub fn span(&self) -> usize {
        self.offset(REGISTER_COUNT - 1) + if self.wide { 4 } else { 1 }
    }
}
