//! Where table pages come from and how their entries are reached.
//!
//! The page-table code never dereferences an address itself: it reads and writes entries
//! through [`TableAccess`] and gets fresh table pages from [`TableAlloc`]. The kernel's
//! implementation ([`super::LinearMapTables`]) reaches a table at its linear-map address; the
//! host tests use [`super::VecTables`], a vector of boxed pages with made-up physical addresses.

use crate::PhysAddr;

/// Reads and writes entries of translation tables given their physical address.
///
/// Implementations on real memory use volatile 64-bit accesses, so that each entry is written
/// with one single-copy-atomic store the table walker can never see torn. Making the writes
/// visible to the walker (`dsb ishst`) and invalidating stale TLB entries is the caller's job.
pub trait TableAccess {
    /// Reads entry `index` of the table at `table`.
    ///
    /// # Safety
    /// `table` must be a table page this value handed out through [`TableAlloc::alloc_table`]
    /// (or the root a table was built on, see [`super::PageTable::from_root`]), still in use as
    /// a table, and `index < 512`.
    unsafe fn read_entry(&self, table: PhysAddr, index: usize) -> u64;

    /// Writes entry `index` of the table at `table`.
    ///
    /// # Safety
    /// As for [`TableAccess::read_entry`].
    unsafe fn write_entry(&mut self, table: PhysAddr, index: usize, value: u64);
}

/// A source of 4 KiB pages for translation tables.
///
/// # Safety
/// Every address `alloc_table` returns must be 4 KiB aligned, below 2^48, used by nothing else
/// from then on, and reachable through this value's [`TableAccess`] methods for as long as the
/// table exists. Its contents may be anything: the page-table code zeroes new tables itself.
pub unsafe trait TableAlloc: TableAccess {
    /// A fresh table page, or `None` when memory is exhausted.
    fn alloc_table(&mut self) -> Option<PhysAddr>;
}
