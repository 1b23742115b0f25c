//! The kernel's virtual memory layout (48-bit VA, 4 KiB granule).
//!
//! ```text
//! 0x0000_0000_0000_0000 .. 0x0000_ffff_ffff_ffff  user half (TTBR0), empty in the kernel
//! 0xffff_0000_0000_0000 .. 0xffff_7fff_ffff_ffff  linear map: virt = phys + LINEAR_MAP_BASE
//!                                                 (RAM as Normal, MMIO as Device)
//! 0xffff_8000_0000_0000 ..                        the kernel image, linked here
//! ```

/// Start of the linear map of physical memory.
pub const LINEAR_MAP_BASE: u64 = 0xffff_0000_0000_0000;
/// Physical addresses at or above this cannot be reached through the linear map.
pub const LINEAR_MAP_LIMIT: u64 = 1 << 47;
/// Where the kernel image is linked; the boot code maps it onto wherever it was loaded.
pub const KERNEL_VIRT_BASE: u64 = 0xffff_8000_0000_0000;
/// Each CPU's kernel stack size.
pub const KERNEL_STACK_SIZE: usize = 64 * 1024;

/// The linear-map address of a physical address.
pub const fn phys_to_linear(phys: u64) -> u64 {
    phys.wrapping_add(LINEAR_MAP_BASE)
}
