//! The PL011 UART as a polled character device.

use crate::regs::{self, Registers};
use core::fmt::Write as _;
use kernel_core::cap::MmioRegion;
use kernel_core::services::chardev::CharDevice;

/// Flag-register polls before a byte is given up: far longer than the ~90 µs a 115200-baud
/// character takes, short enough that a dead transmitter does not hang the kernel.
pub const TX_SPIN_LIMIT: u32 = 1 << 20;

/// Why a baud rate cannot be programmed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Pl011Error {
    /// A baud rate of zero was asked for.
    #[error("baud rate 0")]
    ZeroBaud,
    /// The divisor for this clock and baud rate falls outside 1.0 ..= 65535.0.
    #[error("{baud} baud is out of reach of a {clock_hz} Hz reference clock")]
    BaudOutOfRange {
        /// The UART reference clock.
        clock_hz: u32,
        /// The requested rate.
        baud: u32,
    },
}

/// The baud-rate divisor `clock / (16 * baud)` split into its hardware fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BaudDivisor {
    /// Integer part (`IBRD`), 1 ..= 65535.
    pub integer: u16,
    /// Fractional part in sixty-fourths (`FBRD`), 0 ..= 63.
    pub fraction: u8,
}

impl BaudDivisor {
    /// Computes the divisor, rounding the fraction to the nearest sixty-fourth as the TRM asks.
    pub fn new(clock_hz: u32, baud: u32) -> Result<Self, Pl011Error> {
        if baud == 0 {
            return Err(Pl011Error::ZeroBaud);
        }
        // 64 * clock / (16 * baud) = 4 * clock / baud, rounded to nearest.
        let baud64 = u64::from(baud);
        let scaled = (u64::from(clock_hz) * 4 + baud64 / 2) / baud64;
        let integer = scaled >> 6;
        let fraction = (scaled & 0x3f) as u8;
        // IBRD = 0 is invalid, and IBRD = 65535 only with FBRD = 0.
        let in_range = (1..0xffff).contains(&integer) || (integer == 0xffff && fraction == 0);
        if !in_range {
            return Err(Pl011Error::BaudOutOfRange { clock_hz, baud });
        }
        Ok(Self {
            integer: integer as u16,
            fraction,
        })
    }
}

/// A PL011 UART reached through the register window `R`.
pub struct Pl011<R: Registers = MmioRegion> {
    regs: R,
    name: heapless::String<32>,
}

impl Pl011<MmioRegion> {
    /// Wraps the UART behind `regs` without touching the hardware, so that it can serve as an
    /// early console on a port the firmware already set up. Allocates nothing.
    pub fn new(regs: MmioRegion) -> Self {
        let base = regs.phys().as_u64();
        Self::with_registers(regs, base)
    }
}

impl<R: Registers> Pl011<R> {
    /// Wraps a UART behind any register window; `base` is its physical address, for the name.
    pub fn with_registers(regs: R, base: u64) -> Self {
        let mut name = heapless::String::new();
        // "pl011@" plus at most 16 hex digits fits in 32 bytes, so this cannot fail.
        let _ = write!(name, "pl011@{base:x}");
        Self { regs, name }
    }

    /// Full setup: disable, program the divisor when the reference clock is known (otherwise
    /// keep the firmware's), 8N1 with FIFOs, all interrupts masked and cleared, then enable
    /// transmit and receive. Fails, before touching the hardware, only when `clock_hz` is given
    /// and cannot produce `baud`.
    pub fn init(&self, clock_hz: Option<u32>, baud: u32) -> Result<(), Pl011Error> {
        let divisor = clock_hz
            .map(|clock| BaudDivisor::new(clock, baud))
            .transpose()?;
        // Let the character in flight leave before the transmitter is switched off.
        self.wait_for(|flags| flags & regs::FR_BUSY == 0);
        self.regs.write32(regs::CR, 0);
        // Clearing FEN flushes the transmit FIFO.
        self.regs.write32(regs::LCR_H, 0);
        if let Some(divisor) = divisor {
            self.regs.write32(regs::IBRD, u32::from(divisor.integer));
            self.regs.write32(regs::FBRD, u32::from(divisor.fraction));
        }
        // Writing LCR_H latches the divisor registers.
        self.regs
            .write32(regs::LCR_H, regs::LCR_H_WLEN_8 | regs::LCR_H_FEN);
        self.regs.write32(regs::IMSC, 0);
        self.regs.write32(regs::ICR, regs::ALL_INTERRUPTS);
        self.regs
            .write32(regs::CR, regs::CR_UARTEN | regs::CR_TXE | regs::CR_RXE);
        Ok(())
    }

    /// The register window (for tests that inspect a model).
    #[cfg(test)]
    pub(crate) fn regs_for_test(&self) -> &R {
        &self.regs
    }

    /// Polls the flag register until `done` holds; `false` after [`TX_SPIN_LIMIT`] polls.
    fn wait_for(&self, done: impl Fn(u32) -> bool) -> bool {
        kernel_core::services::chardev::spin_until(TX_SPIN_LIMIT, || {
            done(self.regs.read32(regs::FR))
        })
    }

    /// Sends one byte once the FIFO has room; `false` if it never had.
    fn put(&self, byte: u8) -> bool {
        let ready = self.wait_for(|flags| flags & regs::FR_TXFF == 0);
        if ready {
            self.regs.write32(regs::DR, u32::from(byte));
        }
        ready
    }
}

impl<R: Registers> CharDevice for Pl011<R> {
    fn name(&self) -> &str {
        &self.name
    }

    /// Sends `bytes`, each `\n` as `\r\n`. If the transmitter stays full for
    /// [`TX_SPIN_LIMIT`] polls the rest of the call is dropped.
    fn write(&self, bytes: &[u8]) {
        kernel_core::services::chardev::write_crlf(bytes, |byte| self.put(byte));
    }

    /// Sends `bytes` unchanged (the terminal's line discipline did its output processing).
    fn write_raw(&self, bytes: &[u8]) {
        for &byte in bytes {
            if !self.put(byte) {
                return;
            }
        }
    }

    /// Unmasks the receive and receive-timeout interrupts, clearing stale ones first.
    fn enable_receive_interrupt(&self) -> bool {
        let receive = regs::INT_RX | regs::INT_RT;
        self.regs.write32(regs::ICR, receive);
        let mask = self.regs.read32(regs::IMSC);
        self.regs.write32(regs::IMSC, mask | receive);
        true
    }

    /// Clears the receive interrupts; the handler has emptied the FIFO with `try_read`.
    fn clear_receive_interrupt(&self) {
        self.regs.write32(regs::ICR, regs::INT_RX | regs::INT_RT);
    }

    /// Takes one byte when `FR.RXFE` is clear. Error flags are cleared; a break (which carries
    /// no character) yields `None`.
    fn try_read(&self) -> Option<u8> {
        if self.regs.read32(regs::FR) & regs::FR_RXFE != 0 {
            return None;
        }
        let data = self.regs.read32(regs::DR);
        if data & regs::DR_ERROR_MASK != 0 {
            self.regs.write32(regs::RSR_ECR, 0);
            if data & regs::DR_BREAK != 0 {
                return None;
            }
        }
        Some((data & 0xff) as u8)
    }
}
