//! The page table handle: its root, its table memory, lookups and walks.

use super::attr::{decode_leaf, Descriptor, OUTPUT_ADDRESS_MASK};
use super::{
    level_bytes, level_index, offset_in_half, Access, Half, MapError, MemoryKind, TableAccess,
    TableAlloc, ENTRIES_PER_TABLE,
};
use crate::PhysAddr;
use core::marker::PhantomData;

/// The translation tables of one half of the address space.
///
/// Invariant: `root`, and every table a table descriptor under it points to, is a live table
/// page of `memory`. Every way of building a `PageTable` keeps it: [`PageTable::new`] and
/// [`PageTable::map`] only link pages from `memory`'s own [`TableAlloc`], and
/// [`PageTable::from_root`] makes the caller vouch for it.
pub struct PageTable<H: Half, M: TableAccess> {
    root: PhysAddr,
    memory: M,
    half: PhantomData<fn() -> H>,
}

/// What a virtual address translates to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Translation {
    /// The physical address of the byte asked about.
    pub phys: PhysAddr,
    /// The memory kind of its mapping.
    pub kind: MemoryKind,
    /// The access rights of its mapping.
    pub access: Access,
    /// Size of the page or block that maps it: 4 KiB, 2 MiB or 1 GiB.
    pub mapping_bytes: u64,
}

/// One page or block mapping, as [`PageTable::for_each_leaf`] reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Leaf<H: Half> {
    /// First virtual address it maps.
    pub virt: H::Addr,
    /// Physical address it maps to.
    pub phys: PhysAddr,
    /// Bytes it maps: 4 KiB (level 3), 2 MiB (level 2) or 1 GiB (level 1).
    pub bytes: u64,
    /// Table level of the entry, 1..=3.
    pub level: usize,
    /// The raw descriptor.
    pub descriptor: u64,
}

/// A table entry, classified for its level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Entry {
    /// Faults: invalid, or an encoding reserved at this level (which the MMU treats as invalid).
    Invalid,
    /// Points to the next level's table.
    Table(PhysAddr),
    /// A page (level 3) or block (levels 1 and 2).
    Leaf(u64),
}

impl Entry {
    /// Classifies `raw`, found in a level `level` table.
    pub(crate) fn decode(raw: u64, level: usize) -> Entry {
        let flags = Descriptor::from_bits_retain(raw);
        if !flags.contains(Descriptor::VALID) {
            return Entry::Invalid;
        }
        match (level, flags.contains(Descriptor::TABLE_OR_PAGE)) {
            (3, true) | (1 | 2, false) => Entry::Leaf(raw),
            (0..=2, true) => Entry::Table(PhysAddr::new(raw & OUTPUT_ADDRESS_MASK)),
            _ => Entry::Invalid,
        }
    }
}

/// A table descriptor pointing to `table`.
pub(crate) fn table_descriptor(table: PhysAddr) -> u64 {
    (table.as_u64() & OUTPUT_ADDRESS_MASK) | (Descriptor::VALID | Descriptor::TABLE_OR_PAGE).bits()
}

impl<H: Half, M: TableAlloc> PageTable<H, M> {
    /// An empty table, its root allocated from `memory`.
    pub fn new(mut memory: M) -> Result<Self, MapError> {
        let root = memory
            .alloc_table()
            .ok_or(MapError::OutOfTables { mapped_bytes: 0 })?;
        let mut table = Self {
            root,
            memory,
            half: PhantomData,
        };
        table.zero(root);
        Ok(table)
    }

    /// A fresh, zeroed table page.
    pub(crate) fn new_table(&mut self) -> Option<PhysAddr> {
        let table = self.memory.alloc_table()?;
        self.zero(table);
        Some(table)
    }

    fn zero(&mut self, table: PhysAddr) {
        for index in 0..ENTRIES_PER_TABLE {
            self.write(table, index, 0);
        }
    }
}

impl<H: Half, M: TableAccess> PageTable<H, M> {
    /// Reopens a table whose root is at `root` (e.g. built before the MMU was on, now reached
    /// through a different `memory`).
    ///
    /// # Safety
    /// `root` and every table it links to must be live table pages that `memory` reaches, and
    /// nothing else may edit them while this value exists.
    pub unsafe fn from_root(root: PhysAddr, memory: M) -> Self {
        Self {
            root,
            memory,
            half: PhantomData,
        }
    }

    /// Physical address of the level 0 table: the TTBR value (without ASID).
    pub fn root(&self) -> PhysAddr {
        self.root
    }

    /// The table memory, for inspection.
    pub fn memory(&self) -> &M {
        &self.memory
    }

    /// Gives up the handle, returning the root and the table memory.
    pub fn into_parts(self) -> (PhysAddr, M) {
        (self.root, self.memory)
    }

    pub(crate) fn read(&self, table: PhysAddr, index: usize) -> u64 {
        // SAFETY: callers pass `root` or a table reached from it, and an index below 512; the
        // type's invariant makes those live table pages of `memory`.
        unsafe { self.memory.read_entry(table, index) }
    }

    pub(crate) fn write(&mut self, table: PhysAddr, index: usize, value: u64) {
        // SAFETY: as in `read`; or a page just returned by `memory.alloc_table`.
        unsafe { self.memory.write_entry(table, index, value) }
    }

    /// What `virt` maps to, or `None` when it is unmapped (or not in this half).
    pub fn translate(&self, virt: H::Addr) -> Option<Translation> {
        let offset = offset_in_half::<H>(H::raw(virt), 1)?;
        let mut table = self.root;
        for level in 0..=3 {
            match Entry::decode(self.read(table, level_index(offset, level)), level) {
                Entry::Invalid => return None,
                Entry::Table(next) => table = next,
                Entry::Leaf(raw) => {
                    let bytes = level_bytes(level);
                    let (kind, access) = decode_leaf(raw)?;
                    let base = raw & OUTPUT_ADDRESS_MASK & !(bytes - 1);
                    let phys = PhysAddr::new(base | (offset & (bytes - 1)));
                    return Some(Translation {
                        phys,
                        kind,
                        access,
                        mapping_bytes: bytes,
                    });
                }
            }
        }
        None
    }

    /// Calls `visit` for every page and block mapping, in increasing address order.
    pub fn for_each_leaf(&self, mut visit: impl FnMut(Leaf<H>)) {
        self.visit_leaves(self.root, 0, 0, 0, HALF_END, &mut |offset, level, raw| {
            let bytes = level_bytes(level);
            visit(Leaf {
                virt: H::from_raw(H::BASE + offset),
                phys: PhysAddr::new(raw & OUTPUT_ADDRESS_MASK & !(bytes - 1)),
                bytes,
                level,
                descriptor: raw,
            });
            false
        });
    }

    /// Visits the leaves of `table` (at `level`, covering offsets from `table_base`) that
    /// overlap `[start, end)`, as `(leaf offset, level, raw descriptor)`, until `visit` returns
    /// `true`; returns whether it did.
    pub(crate) fn visit_leaves(
        &self,
        table: PhysAddr,
        level: usize,
        table_base: u64,
        start: u64,
        end: u64,
        visit: &mut dyn FnMut(u64, usize, u64) -> bool,
    ) -> bool {
        let bytes = level_bytes(level);
        let first = if start > table_base {
            level_index(start, level)
        } else {
            0
        };
        for index in first..ENTRIES_PER_TABLE {
            let entry_base = table_base + index as u64 * bytes;
            if entry_base >= end {
                break;
            }
            let stop = match Entry::decode(self.read(table, index), level) {
                Entry::Invalid => false,
                Entry::Leaf(raw) => visit(entry_base, level, raw),
                Entry::Table(next) => {
                    self.visit_leaves(next, level + 1, entry_base, start, end, visit)
                }
            };
            if stop {
                return true;
            }
        }
        false
    }
}

/// One past the last offset of a half.
const HALF_END: u64 = super::HALF_BYTES;
