//! Windows of device registers: the interfaces register-level drivers are written against.
//! [`MmioRegion`] is the real window; host tests supply models that record accesses.

use crate::cap::MmioRegion;

/// 32-bit device registers addressed by byte offset within one window.
pub trait Registers: Send + Sync {
    /// Reads the 32-bit register at byte `offset`.
    fn read32(&self, offset: usize) -> u32;
    /// Writes the 32-bit register at byte `offset`.
    fn write32(&self, offset: usize, value: u32);
}

/// A window whose registers may also be one byte wide (the 8250 family).
pub trait ByteRegisters: Registers {
    /// Reads the 8-bit register at byte `offset`.
    fn read8(&self, offset: usize) -> u8;
    /// Writes the 8-bit register at byte `offset`.
    fn write8(&self, offset: usize, value: u8);
}

impl Registers for MmioRegion {
    fn read32(&self, offset: usize) -> u32 {
        MmioRegion::read32(self, offset)
    }

    fn write32(&self, offset: usize, value: u32) {
        MmioRegion::write32(self, offset, value)
    }
}

impl ByteRegisters for MmioRegion {
    fn read8(&self, offset: usize) -> u8 {
        MmioRegion::read8(self, offset)
    }

    fn write8(&self, offset: usize, value: u8) {
        MmioRegion::write8(self, offset, value)
    }
}
