//! Cadence UART register map (Zynq UltraScale+ TRM UG1085, UART registers) and the
//! register-window trait.

/// Control register.
pub const CR: usize = 0x00;
/// Mode register (data bits, parity, stop bits, channel mode).
pub const MR: usize = 0x04;
/// Interrupt disable register (write 1 to disable).
pub const IDR: usize = 0x0c;
/// Channel interrupt status register (write 1 to clear).
pub const ISR: usize = 0x14;
/// Channel status register.
pub const SR: usize = 0x2c;
/// Transmit and receive FIFO.
pub const FIFO: usize = 0x30;
/// Bytes of register space the driver touches.
pub const REGISTER_SPAN: usize = 0x34;

/// `CR.RXRST`: reset the receive path (self-clearing).
pub const CR_RXRST: u32 = 1 << 0;
/// `CR.TXRST`: reset the transmit path (self-clearing).
pub const CR_TXRST: u32 = 1 << 1;
/// `CR.RX_EN`.
pub const CR_RX_EN: u32 = 1 << 2;
/// `CR.RX_DIS` (wins over `RX_EN`).
pub const CR_RX_DIS: u32 = 1 << 3;
/// `CR.TX_EN`.
pub const CR_TX_EN: u32 = 1 << 4;
/// `CR.TX_DIS` (wins over `TX_EN`).
pub const CR_TX_DIS: u32 = 1 << 5;
/// `CR.STPBRK`: no break is transmitted.
pub const CR_STOPBRK: u32 = 1 << 8;
/// `MR` for 8 data bits, no parity, 1 stop bit, normal mode, reference clock undivided.
pub const MR_8N1: u32 = 0b100 << 3;
/// Every interrupt bit of `IDR`/`ISR` (bits 0-13).
pub const ALL_INTERRUPTS: u32 = 0x3fff;
/// `SR.RXEMPTY`: receive FIFO empty.
pub const SR_RXEMPTY: u32 = 1 << 1;
/// `SR.TXFULL`: transmit FIFO full.
pub const SR_TXFULL: u32 = 1 << 4;

/// The register window the driver is written against (shared by the drivers, in kernel-core).
pub use kernel_core::mmio::Registers;
