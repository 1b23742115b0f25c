//! Host-test support (feature `host-testing`, for dev-dependencies only): for drivers, a
//! device's register file in host memory, reachable through a real [`MmioRegion`], and a
//! probe context that maps it; for file systems, a page pool in host memory.

extern crate std;

use crate::addr::{PhysAddr, PhysRange, VirtAddr};
use crate::cap::{MintAuthority, MmioRegion};
use crate::driver::{ProbeContext, ProbeError};
use crate::services::irq::InterruptController;
use alloc::sync::Arc;
use alloc::vec;

/// A register file of 32-bit words in host memory that outlives every region minted over it.
pub struct HostDevice {
    words: *mut u32,
    len: usize,
}

impl HostDevice {
    /// A zeroed register file of `bytes` bytes (a multiple of 4).
    pub fn new(bytes: usize) -> Self {
        let len = bytes / 4;
        let words = std::boxed::Box::leak(vec![0u32; len].into_boxed_slice()).as_mut_ptr();
        Self { words, len }
    }

    /// A region over the whole file, as if it sat at physical `phys`.
    pub fn region(&self, phys: u64) -> MmioRegion {
        // SAFETY: a test stands in for the board; the buffer is leaked, so it lives for the
        // rest of the process, is 4-byte aligned and `len` words long, and is only ever
        // accessed through volatile reads and writes.
        unsafe {
            let authority = MintAuthority::assume();
            MmioRegion::new(
                &authority,
                VirtAddr(self.words as u64),
                PhysAddr(phys),
                self.len * 4,
            )
        }
    }

    /// The word at byte `offset`, as the driver left it.
    pub fn read(&self, offset: usize) -> u32 {
        assert!(offset.is_multiple_of(4) && offset / 4 < self.len);
        // SAFETY: in bounds (checked above) of the leaked, aligned buffer.
        unsafe { self.words.add(offset / 4).read_volatile() }
    }

    /// Sets the word at byte `offset`, as the hardware would.
    pub fn write(&self, offset: usize, value: u32) {
        assert!(offset.is_multiple_of(4) && offset / 4 < self.len);
        // SAFETY: in bounds (checked above) of the leaked, aligned buffer.
        unsafe { self.words.add(offset / 4).write_volatile(value) }
    }
}

/// A probe context for one CPU and no interrupt controller that maps every range to one
/// [`HostDevice`].
pub struct HostProbe<'a>(pub &'a HostDevice);

impl ProbeContext for HostProbe<'_> {
    fn map_mmio(&self, range: PhysRange) -> Result<MmioRegion, ProbeError> {
        Ok(self.0.region(range.start.as_u64()))
    }
    fn interrupt_controller(&self) -> Option<Arc<dyn InterruptController>> {
        None
    }
    fn cpu_mpidrs(&self) -> &[u64] {
        &[0]
    }
}

mod pages;
pub use pages::HostPagePool;
