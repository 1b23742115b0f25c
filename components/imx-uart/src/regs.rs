//! i.MX UART register map (i.MX 8M Plus reference manual, UART chapter) and the
//! register-window trait.

/// `URXD`: received character with status bits.
pub const URXD: usize = 0x00;
/// `UTXD`: transmit a character.
pub const UTXD: usize = 0x40;
/// `UCR1`: control 1 (enable, interrupt enables).
pub const UCR1: usize = 0x80;
/// `UCR2`: control 2 (reset, receiver/transmitter enables, word size).
pub const UCR2: usize = 0x84;
/// `UCR4`: control 4 (more interrupt enables).
pub const UCR4: usize = 0x8c;
/// `USR2`: status 2.
pub const USR2: usize = 0x98;
/// `UTS`: test register with the FIFO full/empty flags.
pub const UTS: usize = 0xb4;
/// Bytes of register space the driver touches.
pub const REGISTER_SPAN: usize = 0xb8;

/// `URXD.ERR`: the character has an error.
pub const URXD_ERR: u32 = 1 << 14;
/// `URXD.BRK`: a break was received (no character).
pub const URXD_BRK: u32 = 1 << 11;
/// `UCR1.UARTEN`.
pub const UCR1_UARTEN: u32 = 1 << 0;
/// `UCR1` interrupt and DMA enables: TRDYEN (13), RRDYEN (9), RTSDEN (5), TXMPTYEN (6),
/// IDEN (12), ADEN (15), and the DMA requests ATDMAEN (2), TDMAEN (3), RXDMAEN (8).
pub const UCR1_INTERRUPTS: u32 = (1 << 13)
    | (1 << 9)
    | (1 << 5)
    | (1 << 6)
    | (1 << 12)
    | (1 << 15)
    | (1 << 2)
    | (1 << 3)
    | (1 << 8);
/// `UCR2.SRST`: 1 = not in software reset.
pub const UCR2_SRST: u32 = 1 << 0;
/// `UCR2.RXEN`.
pub const UCR2_RXEN: u32 = 1 << 1;
/// `UCR2.TXEN`.
pub const UCR2_TXEN: u32 = 1 << 2;
/// `UCR2.WS`: 8-bit words.
pub const UCR2_WS: u32 = 1 << 5;
/// `UCR2.IRTS`: ignore the RTS pin.
pub const UCR2_IRTS: u32 = 1 << 14;
/// `UCR4` interrupt and DMA enables: DREN (0), OREN (1), BKEN (2), TCEN (3), IDDMAEN (6),
/// WKEN (7), ENIRI (8); CTSTL (bits 10-15) and the rest are kept.
pub const UCR4_INTERRUPTS: u32 =
    (1 << 0) | (1 << 1) | (1 << 2) | (1 << 3) | (1 << 6) | (1 << 7) | (1 << 8);
/// `USR2.RDR`: receive data ready.
pub const USR2_RDR: u32 = 1 << 0;
/// `UTS.TXFULL`: transmit FIFO full.
pub const UTS_TXFULL: u32 = 1 << 4;

/// The register window the driver is written against (shared by the drivers, in kernel-core).
pub use kernel_core::mmio::Registers;
