//! Capability handles: rights-bearing values that only the board's assembly code can mint.
//!
//! A component receives these in its `Caps` struct and can use them, clone them where they are
//! `Clone`, and pass them on; it can never create one. Minting needs a [`MintAuthority`], and the
//! only way to get one is the `unsafe` [`MintAuthority::assume`], which component crates cannot
//! call because they are `#![forbid(unsafe_code)]`. Fields are private, so struct literals are
//! out too:
//!
//! ```compile_fail
//! #![forbid(unsafe_code)]
//! // A component tries to forge a register window onto the UART: private fields forbid it.
//! let forged = kernel_core::cap::MmioRegion { base: 0x0900_0000, len: 0x1000 };
//! ```
//!
//! ```compile_fail
//! #![forbid(unsafe_code)]
//! // ...and without unsafe it cannot obtain the authority that mints one.
//! let authority = unsafe { kernel_core::cap::MintAuthority::assume() };
//! ```

use crate::addr::{PhysAddr, PhysRange, VirtAddr};
use core::ptr::{read_volatile, write_volatile};

/// The right to mint capabilities. Held only by the board's assembly code.
pub struct MintAuthority(());

impl MintAuthority {
    /// Claims the authority.
    ///
    /// # Safety
    /// Only the kernel's assembly code (the board crate and `src/main.rs`) may call this; every
    /// capability minted with it must describe memory that really is what it claims to be.
    pub const unsafe fn assume() -> Self {
        MintAuthority(())
    }
}

/// A window of device registers mapped into kernel virtual memory (Device-nGnRE).
///
/// Accesses are bounds-checked and volatile; a driver with this handle can touch its own device
/// and nothing else.
#[derive(Debug)]
pub struct MmioRegion {
    base: usize,
    len: usize,
    phys: PhysAddr,
}

impl MmioRegion {
    /// Mints a register window.
    ///
    /// # Safety
    /// `virt..virt+len` must be mapped as device memory onto `phys..phys+len` for the kernel's
    /// lifetime, and nothing else may treat that range as ordinary memory.
    pub unsafe fn new(
        _authority: &MintAuthority,
        virt: VirtAddr,
        phys: PhysAddr,
        len: usize,
    ) -> Self {
        Self {
            base: virt.as_usize(),
            len,
            phys,
        }
    }

    /// Length of the window in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the window is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Physical address of the first register (for messages).
    pub fn phys(&self) -> PhysAddr {
        self.phys
    }

    fn check(&self, offset: usize, width: usize) -> usize {
        // A driver bug, not user input: an out-of-window register offset is a kernel bug.
        assert!(
            offset.is_multiple_of(width)
                && offset.checked_add(width).is_some_and(|end| end <= self.len),
            "MMIO access at {offset:#x} outside window of {:#x} bytes",
            self.len
        );
        self.base + offset
    }

    /// Reads a 32-bit register.
    pub fn read32(&self, offset: usize) -> u32 {
        let addr = self.check(offset, 4);
        // SAFETY: `check` keeps the access inside the mapped, aligned window that `new` vouched for.
        unsafe { read_volatile(addr as *const u32) }
    }

    /// Writes a 32-bit register.
    pub fn write32(&self, offset: usize, value: u32) {
        let addr = self.check(offset, 4);
        // SAFETY: as in `read32`.
        unsafe { write_volatile(addr as *mut u32, value) }
    }

    /// Reads a 64-bit register.
    pub fn read64(&self, offset: usize) -> u64 {
        let addr = self.check(offset, 8);
        // SAFETY: as in `read32`.
        unsafe { read_volatile(addr as *const u64) }
    }

    /// Writes a 64-bit register.
    pub fn write64(&self, offset: usize, value: u64) {
        let addr = self.check(offset, 8);
        // SAFETY: as in `read32`.
        unsafe { write_volatile(addr as *mut u64, value) }
    }

    /// Reads an 8-bit register.
    pub fn read8(&self, offset: usize) -> u8 {
        let addr = self.check(offset, 1);
        // SAFETY: as in `read32`.
        unsafe { read_volatile(addr as *const u8) }
    }

    /// Writes an 8-bit register.
    pub fn write8(&self, offset: usize, value: u8) {
        let addr = self.check(offset, 1);
        // SAFETY: as in `read32`.
        unsafe { write_volatile(addr as *mut u8, value) }
    }

    /// A sub-window `[offset, offset + len)` of this one (e.g. one GICv3 redistributor frame).
    pub fn subregion(&self, offset: usize, len: usize) -> Option<MmioRegion> {
        let end = offset.checked_add(len)?;
        (end <= self.len).then(|| MmioRegion {
            base: self.base + offset,
            len,
            phys: PhysAddr(self.phys.0 + offset as u64),
        })
    }
}

/// The usable RAM the frame allocator may hand out: physical ranges plus where the kernel's
/// linear map shows them. Minted once by the board from the DTB, minus reserved memory, the
/// kernel image, the DTB and the initrd.
#[derive(Debug, Clone)]
pub struct MemoryMap {
    usable: heapless::Vec<PhysRange, 64>,
    linear_offset: u64,
}

impl MemoryMap {
    /// Mints a memory map.
    ///
    /// # Safety
    /// Every range must be RAM that nothing else uses, mapped read-write at
    /// `phys + linear_offset` for the kernel's lifetime.
    pub unsafe fn new(
        _authority: &MintAuthority,
        usable: heapless::Vec<PhysRange, 64>,
        linear_offset: u64,
    ) -> Self {
        Self {
            usable,
            linear_offset,
        }
    }

    /// The usable physical ranges.
    pub fn usable(&self) -> &[PhysRange] {
        &self.usable
    }

    /// Where a physical address of usable RAM appears in the kernel's linear map.
    pub fn phys_to_virt(&self, phys: PhysAddr) -> VirtAddr {
        VirtAddr(phys.0.wrapping_add(self.linear_offset))
    }

    /// The inverse of [`MemoryMap::phys_to_virt`].
    pub fn virt_to_phys(&self, virt: VirtAddr) -> PhysAddr {
        PhysAddr(virt.0.wrapping_sub(self.linear_offset))
    }

    /// Total usable bytes.
    pub fn total_bytes(&self) -> u64 {
        self.usable.iter().map(|r| r.size).sum()
    }
}
