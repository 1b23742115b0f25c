//! The translation tables of one address space: 4 KiB user pages over frame-backed tables,
//! range walks, and freeing every table page at teardown.

use super::context::Context;
use super::layout::{PAGE_BYTES, TASK_SIZE};
use alloc::vec::Vec;
use kernel_core::paging::{
    decode_leaf, level_bytes, level_index, Access, Descriptor, MapError, MemoryKind, PageTable,
    UserHalf, ENTRIES_PER_TABLE, OUTPUT_ADDRESS_MASK,
};
use kernel_core::services::mm::{FrameMemory, FrameTables};
use kernel_core::{Errno, PhysAddr, UserAddr};

/// One mapped user page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Page {
    /// Its virtual address.
    pub(crate) virt: u64,
    /// The frame it maps.
    pub(crate) frame: PhysAddr,
    /// Its rights.
    pub(crate) access: Access,
}

/// The user-half tables. Only 4 KiB pages are ever mapped (frames are allocated one by one).
pub(crate) struct UserTables {
    table: PageTable<UserHalf, FrameTables>,
    resident: u64,
}

impl UserTables {
    /// Empty tables (one root page).
    pub(crate) fn new(context: &Context) -> Result<Self, Errno> {
        let memory = FrameTables::new(context.frames.clone(), context.memory.clone());
        let table = PageTable::new(memory).map_err(|_| Errno::ENOMEM)?;
        Ok(Self { table, resident: 0 })
    }

    /// The root table (TTBR0 value without ASID).
    pub(crate) fn root(&self) -> PhysAddr {
        self.table.root()
    }

    /// Pages mapped.
    pub(crate) fn resident(&self) -> u64 {
        self.resident
    }

    /// What the page at `virt` maps, if anything.
    pub(crate) fn lookup(&self, virt: u64) -> Option<Page> {
        let translation = self.table.translate(UserAddr::new(virt))?;
        Some(Page {
            virt: virt & !(PAGE_BYTES - 1),
            frame: PhysAddr::new(translation.phys.as_u64() & !(PAGE_BYTES - 1)),
            access: translation.access,
        })
    }

    /// Maps the page at `virt` (unmapped) onto `frame`. Fails only for want of a table page.
    pub(crate) fn map(&mut self, virt: u64, frame: PhysAddr, access: Access) -> Result<(), Errno> {
        let result = self.table.map(
            UserAddr::new(virt),
            frame,
            PAGE_BYTES,
            MemoryKind::Normal,
            access,
        );
        match result {
            Ok(()) => {
                self.resident += 1;
                Ok(())
            }
            Err(MapError::OutOfTables { .. }) => Err(Errno::ENOMEM),
            Err(error) => {
                log::error!("uspace: mapping {virt:#x} failed: {error}");
                Err(Errno::EFAULT)
            }
        }
    }

    /// Unmaps every page in `[start, end)`; the caller invalidates the TLB.
    pub(crate) fn unmap(&mut self, start: u64, end: u64) {
        match self.table.unmap(UserAddr::new(start), end - start) {
            Ok(bytes) => self.resident -= bytes / PAGE_BYTES,
            Err(error) => log::error!("uspace: unmapping {start:#x}..{end:#x} failed: {error}"),
        }
    }

    /// Gives the mapped `page` new rights. The frame stays, so this is a permission change
    /// that needs no break-before-make; its last-level table exists, so it cannot run out of
    /// memory. The caller invalidates the TLB.
    pub(crate) fn protect(&mut self, page: Page, access: Access) -> Result<(), Errno> {
        self.unmap(page.virt, page.virt + PAGE_BYTES);
        self.map(page.virt, page.frame, access)
    }

    /// The mapped pages in `[start, end)`, in address order.
    pub(crate) fn pages(&self, start: u64, end: u64) -> Vec<Page> {
        let mut pages = Vec::new();
        let memory = self.table.memory().memory();
        walk(
            &**memory,
            self.root(),
            0,
            0,
            start,
            end.min(TASK_SIZE),
            &mut |virt, raw| {
                if let Some((_, access)) = decode_leaf(raw) {
                    pages.push(Page {
                        virt,
                        frame: PhysAddr::new(raw & OUTPUT_ADDRESS_MASK),
                        access,
                    });
                }
            },
        );
        pages
    }

    /// Gives every table page back to the frame allocator. Every page must have been
    /// unmapped and the TLB invalidated; the tables are unusable afterwards.
    pub(crate) fn free_tables(&mut self) {
        let tables = self.table.memory().clone();
        free_below(&tables, self.root(), 0);
        tables.free_table(self.root());
    }
}

/// Whether `raw`, found at `level`, points to a next-level table.
fn table_of(raw: u64, level: usize) -> Option<PhysAddr> {
    let flags = Descriptor::from_bits_retain(raw);
    let is_table =
        level < 3 && flags.contains(Descriptor::VALID) && flags.contains(Descriptor::TABLE_OR_PAGE);
    is_table.then(|| PhysAddr::new(raw & OUTPUT_ADDRESS_MASK))
}

/// Whether `raw`, found in the last level, is a page.
fn is_page(raw: u64) -> bool {
    Descriptor::from_bits_retain(raw).contains(Descriptor::VALID | Descriptor::TABLE_OR_PAGE)
}

/// Calls `visit(virt, raw)` for each page in `[start, end)` under `table` (at `level`,
/// covering addresses from `base`), reading entries through `memory`.
fn walk(
    memory: &dyn FrameMemory,
    table: PhysAddr,
    level: usize,
    base: u64,
    start: u64,
    end: u64,
    visit: &mut dyn FnMut(u64, u64),
) {
    let bytes = level_bytes(level);
    let first = if start > base {
        level_index(start, level)
    } else {
        0
    };
    for index in first..ENTRIES_PER_TABLE {
        let entry_base = base + index as u64 * bytes;
        if entry_base >= end {
            break;
        }
        let raw = memory.read_u64(table, index * 8);
        if level == 3 {
            if is_page(raw) {
                visit(entry_base, raw);
            }
        } else if let Some(next) = table_of(raw, level) {
            walk(memory, next, level + 1, entry_base, start, end, visit);
        }
    }
}

/// Frees every table linked below `table` (at `level`), deepest first.
fn free_below(tables: &FrameTables, table: PhysAddr, level: usize) {
    if level == 3 {
        return;
    }
    for index in 0..ENTRIES_PER_TABLE {
        let raw = tables.memory().read_u64(table, index * 8);
        if let Some(next) = table_of(raw, level) {
            free_below(tables, next, level + 1);
            tables.free_table(next);
        }
    }
}

#[cfg(test)]
impl UserTables {
    /// How many table pages exist (root included).
    pub(crate) fn table_pages(&self) -> usize {
        fn count(memory: &dyn FrameMemory, table: PhysAddr, level: usize) -> usize {
            if level == 3 {
                return 1;
            }
            1 + (0..ENTRIES_PER_TABLE)
                .filter_map(|index| table_of(memory.read_u64(table, index * 8), level))
                .map(|next| count(memory, next, level + 1))
                .sum::<usize>()
        }
        count(&**self.table.memory().memory(), self.root(), 0)
    }
}
