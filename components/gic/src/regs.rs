//! The register-window trait the GIC code is written against, and its MMIO implementation.

use kernel_core::cap::MmioRegion;

/// A window of device registers. [`MmioRegion`] is the real one; host tests supply a model
/// that records every access.
pub trait RegisterBlock: Send + Sync + Sized {
    /// Reads the 32-bit register at byte `offset`.
    fn read32(&self, offset: usize) -> u32;
    /// Writes the 32-bit register at byte `offset`.
    fn write32(&self, offset: usize, value: u32);
    /// Reads the 64-bit register at byte `offset`.
    fn read64(&self, offset: usize) -> u64;
    /// Writes the 64-bit register at byte `offset`.
    fn write64(&self, offset: usize, value: u64);
    /// Length of the window in bytes.
    fn size(&self) -> usize;
    /// The sub-window `[offset, offset + len)`, if it lies inside this one.
    fn subregion(&self, offset: usize, len: usize) -> Option<Self>;
}

impl RegisterBlock for MmioRegion {
    fn read32(&self, offset: usize) -> u32 {
        MmioRegion::read32(self, offset)
    }

    fn write32(&self, offset: usize, value: u32) {
        MmioRegion::write32(self, offset, value)
    }

    fn read64(&self, offset: usize) -> u64 {
        MmioRegion::read64(self, offset)
    }

    fn write64(&self, offset: usize, value: u64) {
        MmioRegion::write64(self, offset, value)
    }

    fn size(&self) -> usize {
        self.len()
    }

    fn subregion(&self, offset: usize, len: usize) -> Option<Self> {
        MmioRegion::subregion(self, offset, len)
    }
}

/// Polls `done` on the register at `offset` up to `limit` times; `false` if it never held.
pub(crate) fn poll32<R: RegisterBlock>(
    regs: &R,
    offset: usize,
    limit: u32,
    done: impl Fn(u32) -> bool,
) -> bool {
    (0..limit).any(|_| {
        let ready = done(regs.read32(offset));
        if !ready {
            core::hint::spin_loop();
        }
        ready
    })
}
