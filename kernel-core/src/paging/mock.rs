//! Host stand-in for table memory: a vector of boxed 4 KiB pages with made-up physical addresses.

use super::{TableAccess, TableAlloc};
use crate::PhysAddr;
use alloc::boxed::Box;
use alloc::vec::Vec;

/// Table pages kept in a `Vec`; page `i` pretends to live at physical `base + i * 4096`.
///
/// For host tests of anything that builds translation tables. A limit on the number of pages
/// simulates running out of memory. Accessing an address that is not one of its pages is a
/// bug in the caller and panics.
#[derive(Debug, Default)]
pub struct VecTables {
    pages: Vec<Box<[u64; 512]>>,
    base: u64,
    limit: Option<usize>,
}

impl VecTables {
    /// Empty table memory whose first page will be at physical `base` (4 KiB aligned).
    pub fn new(base: PhysAddr) -> Self {
        assert!(
            base.is_aligned(4096),
            "fake table base must be page aligned"
        );
        Self {
            pages: Vec::new(),
            base: base.as_u64(),
            limit: None,
        }
    }

    /// Lets at most `pages` table pages exist in total; `None` lifts the limit.
    pub fn set_limit(&mut self, pages: Option<usize>) {
        self.limit = pages;
    }

    /// How many table pages were handed out.
    pub fn tables_allocated(&self) -> usize {
        self.pages.len()
    }

    /// Entry `index` of the table at `table`; `None` when `table` is not one of ours.
    pub fn entry(&self, table: PhysAddr, index: usize) -> Option<u64> {
        let page = self.page_index(table)?;
        self.pages[page].get(index).copied()
    }

    fn page_index(&self, table: PhysAddr) -> Option<usize> {
        let offset = table.as_u64().checked_sub(self.base)?;
        let page = usize::try_from(offset / 4096).ok()?;
        (offset.is_multiple_of(4096) && page < self.pages.len()).then_some(page)
    }
}

impl TableAccess for VecTables {
    unsafe fn read_entry(&self, table: PhysAddr, index: usize) -> u64 {
        match self.entry(table, index) {
            Some(value) => value,
            None => panic!("read of entry {index} of {table:?}, which is not a table page"),
        }
    }

    unsafe fn write_entry(&mut self, table: PhysAddr, index: usize, value: u64) {
        let Some(page) = self.page_index(table).filter(|_| index < 512) else {
            panic!("write of entry {index} of {table:?}, which is not a table page");
        };
        self.pages[page][index] = value;
    }
}

// SAFETY: every page is a distinct boxed array, reachable by exactly the address returned for
// it; addresses are page aligned because `base` is, and stay below 2^48 unless `base` is absurd,
// which `alloc_table` refuses.
unsafe impl TableAlloc for VecTables {
    fn alloc_table(&mut self) -> Option<PhysAddr> {
        if self.limit.is_some_and(|limit| self.pages.len() >= limit) {
            return None;
        }
        let phys = self.base.checked_add(self.pages.len() as u64 * 4096)?;
        if phys >> 48 != 0 {
            return None;
        }
        // Fill with garbage: the page-table code must zero new tables itself.
        self.pages.push(Box::new([0xdead_beef_dead_beef; 512]));
        Some(PhysAddr::new(phys))
    }
}
