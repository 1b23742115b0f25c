//! PL011 register map and the register-window trait the driver is written against.
//!
//! Offsets and bits are from the Arm PrimeCell UART (PL011) Technical Reference Manual, r1p5.

/// Data register: a write sends a byte; a read takes one with its error flags in bits 8-11.
pub const DR: usize = 0x00;
/// Receive status / error clear register: any write clears the error flags.
pub const RSR_ECR: usize = 0x04;
/// Flag register.
pub const FR: usize = 0x18;
/// Integer baud-rate divisor.
pub const IBRD: usize = 0x24;
/// Fractional baud-rate divisor (sixty-fourths).
pub const FBRD: usize = 0x28;
/// Line control; writing it latches IBRD/FBRD.
pub const LCR_H: usize = 0x2c;
/// Control register.
pub const CR: usize = 0x30;
/// Interrupt mask set/clear (1 = interrupt enabled).
pub const IMSC: usize = 0x38;
/// Interrupt clear register (write 1 to clear).
pub const ICR: usize = 0x44;
/// Bytes of register space the driver touches; a smaller window cannot be this device.
pub const REGISTER_SPAN: usize = 0x48;

/// `FR.BUSY`: the transmitter is still sending.
pub const FR_BUSY: u32 = 1 << 3;
/// `FR.RXFE`: receive FIFO empty.
pub const FR_RXFE: u32 = 1 << 4;
/// `FR.TXFF`: transmit FIFO full.
pub const FR_TXFF: u32 = 1 << 5;

/// `DR` error bits on a received character: framing, parity, break, overrun.
pub const DR_ERROR_MASK: u32 = 0xf << 8;
/// `DR.BE`: break condition (the data byte is a meaningless 0).
pub const DR_BREAK: u32 = 1 << 10;

/// `LCR_H.FEN`: FIFOs enabled.
pub const LCR_H_FEN: u32 = 1 << 4;
/// `LCR_H.WLEN` = 0b11: 8-bit words (with PEN = 0 and STP2 = 0: 8N1).
pub const LCR_H_WLEN_8: u32 = 0b11 << 5;

/// `CR.UARTEN`: UART enabled.
pub const CR_UARTEN: u32 = 1 << 0;
/// `CR.TXE`: transmitter enabled.
pub const CR_TXE: u32 = 1 << 8;
/// `CR.RXE`: receiver enabled.
pub const CR_RXE: u32 = 1 << 9;

/// Every interrupt bit of `IMSC`/`ICR` (bits 0-10).
pub const ALL_INTERRUPTS: u32 = 0x7ff;

/// The register window the driver is written against (shared by the drivers, in kernel-core).
pub use kernel_core::mmio::Registers;

/// Interrupt bit (`IMSC`, `ICR`): receive FIFO reached its trigger level.
pub const INT_RX: u32 = 1 << 4;
/// Interrupt bit (`IMSC`, `ICR`): receive timeout (data waiting, line idle).
pub const INT_RT: u32 = 1 << 6;
