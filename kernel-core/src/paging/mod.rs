//! AArch64 translation tables (VMSAv8-64, 4 KiB granule, 48-bit VA): built here, host-testable.
//!
//! A [`PageTable`] is the root of one half of the address space: [`KernelHalf`] (TTBR1, typed
//! by [`VirtAddr`]) or [`UserHalf`] (TTBR0, typed by [`UserAddr`]). It maps physical ranges with
//! 1 GiB or 2 MiB blocks wherever address alignment and size allow, and 4 KiB pages elsewhere.
//! Table memory is reached only through [`TableAccess`] / [`TableAlloc`], so the same code runs
//! on the kernel's linear map ([`LinearMapTables`]) and on host test memory ([`VecTables`]).
//!
//! Table code only edits entries: barriers and TLB invalidation after a change to live tables
//! are the caller's. The contract is written in `docs/contracts/paging.md`.

pub mod asid;
mod attr;
mod linear;
mod map;
mod memory;
mod mock;
mod table;
mod tcr;

#[cfg(test)]
mod tests;

pub use attr::{
    decode_leaf, leaf_attributes, Access, Descriptor, MemoryKind, ATTR_INDEX_MASK,
    ATTR_INDEX_SHIFT, MAIR_ATTR_DEVICE_NGNRE, MAIR_ATTR_NORMAL_NON_CACHEABLE,
    MAIR_ATTR_NORMAL_WRITE_BACK, MAIR_EL1_VALUE, OUTPUT_ADDRESS_MASK, SHAREABILITY_INNER,
    SHAREABILITY_MASK,
};
pub use linear::LinearMapTables;
pub use map::{MapError, UnmapError};
pub use memory::{TableAccess, TableAlloc};
pub use mock::VecTables;
pub use table::{Leaf, PageTable, Translation};
pub use tcr::{asid_bits, tcr_el1, PhysAddrSize, TCR_AS_16_BIT};

use crate::{UserAddr, VirtAddr};

/// Bytes mapped by one 4 KiB page (a level 3 entry).
pub const PAGE_BYTES: u64 = 1 << 12;
/// Bytes mapped by one level 2 block.
pub const BLOCK_2M_BYTES: u64 = 1 << 21;
/// Bytes mapped by one level 1 block.
pub const BLOCK_1G_BYTES: u64 = 1 << 30;
/// Entries in one table.
pub const ENTRIES_PER_TABLE: usize = 512;
/// Bytes covered by one half of the address space (48-bit VA).
pub const HALF_BYTES: u64 = 1 << 48;

/// Bytes one entry covers at `level` (0..=3): 512 GiB, 1 GiB, 2 MiB, 4 KiB.
pub const fn level_bytes(level: usize) -> u64 {
    1 << (39 - 9 * level)
}

/// Index of the entry covering `offset` (an offset into the half) in a level `level` table.
pub const fn level_index(offset: u64, level: usize) -> usize {
    ((offset >> (39 - 9 * level)) & 0x1ff) as usize
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::KernelHalf {}
    impl Sealed for super::UserHalf {}
}

/// One half of the 48-bit address space, with the address type that names places in it.
pub trait Half: sealed::Sealed {
    /// The typed virtual address of this half.
    type Addr: Copy + core::fmt::Debug + PartialEq;
    /// The lowest canonical address of the half.
    const BASE: u64;
    /// Whether this is the user (TTBR0) half: entries are non-global and may allow EL0.
    const IS_USER: bool;
    /// The raw address.
    fn raw(addr: Self::Addr) -> u64;
    /// The typed address of a raw one.
    fn from_raw(raw: u64) -> Self::Addr;
}

/// The kernel half, `0xffff_0000_0000_0000..=u64::MAX`, reached through TTBR1_EL1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KernelHalf {}

/// The user half, `0..=0x0000_ffff_ffff_ffff`, reached through TTBR0_EL1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserHalf {}

impl Half for KernelHalf {
    type Addr = VirtAddr;
    const BASE: u64 = 0xffff_0000_0000_0000;
    const IS_USER: bool = false;
    fn raw(addr: VirtAddr) -> u64 {
        addr.as_u64()
    }
    fn from_raw(raw: u64) -> VirtAddr {
        VirtAddr::new(raw)
    }
}

impl Half for UserHalf {
    type Addr = UserAddr;
    const BASE: u64 = 0;
    const IS_USER: bool = true;
    fn raw(addr: UserAddr) -> u64 {
        addr.as_u64()
    }
    fn from_raw(raw: u64) -> UserAddr {
        UserAddr::new(raw)
    }
}

/// The offset of `virt` from the bottom of half `H`, if `virt..virt + size` lies inside it.
pub(crate) fn offset_in_half<H: Half>(virt: u64, size: u64) -> Option<u64> {
    let offset = virt.checked_sub(H::BASE)?;
    let end = offset.checked_add(size)?;
    (end <= HALF_BYTES).then_some(offset)
}
