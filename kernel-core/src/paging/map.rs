//! Mapping and unmapping ranges: block-size choice, overlap checks, partial-block refusal.

use super::table::{table_descriptor, Entry};
use super::{
    leaf_attributes, level_bytes, level_index, offset_in_half, Access, Descriptor, Half,
    MemoryKind, PageTable, TableAccess, TableAlloc, HALF_BYTES, OUTPUT_ADDRESS_MASK, PAGE_BYTES,
};
use crate::PhysAddr;

/// Why a [`PageTable::map`] failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MapError {
    /// The virtual address, physical address or size is not a multiple of 4 KiB.
    #[error("address or size not a multiple of 4 KiB")]
    Misaligned,
    /// The virtual range does not lie inside this half of the address space.
    #[error("virtual range outside this half of the address space")]
    OutOfRange,
    /// The physical range goes beyond the 48 bits a descriptor can hold.
    #[error("physical range beyond 48 bits")]
    PhysOutOfRange,
    /// Part of the range is already mapped; nothing was changed.
    #[error("virtual address {virt:#x} is already mapped")]
    AlreadyMapped {
        /// The lowest address of the range that is already mapped.
        virt: u64,
    },
    /// No table page left. The first `mapped_bytes` of the range are mapped (and valid); the
    /// rest is not.
    #[error("out of table pages after mapping {mapped_bytes:#x} bytes")]
    OutOfTables {
        /// Bytes from the start of the range that were mapped before memory ran out.
        mapped_bytes: u64,
    },
    /// A kernel mapping asked to be both writable and executable (W^X).
    #[error("kernel mapping both writable and executable")]
    WritableExecutable,
    /// Device memory asked to be executable.
    #[error("device memory cannot be executable")]
    ExecutableDevice,
    /// [`Access::USER`] asked for in the kernel half.
    #[error("user-accessible mapping in the kernel half")]
    UserInKernelHalf,
    /// [`Access::READ`] missing: the architecture cannot map memory without read access.
    #[error("mapping without read access")]
    NotReadable,
}

/// Why a [`PageTable::unmap`] failed; nothing was changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UnmapError {
    /// The address or size is not a multiple of 4 KiB.
    #[error("address or size not a multiple of 4 KiB")]
    Misaligned,
    /// The range does not lie inside this half of the address space.
    #[error("virtual range outside this half of the address space")]
    OutOfRange,
    /// The range covers only part of a block mapping. Lichen does not split blocks: doing so on
    /// live tables needs break-before-make with TLB maintenance in between, which is the
    /// caller's, so the caller unmaps the whole block and maps the remainder again.
    #[error("range covers part of the {block_bytes:#x}-byte block at {virt:#x}")]
    PartialBlock {
        /// Start of the block.
        virt: u64,
        /// Size of the block.
        block_bytes: u64,
    },
}

impl<H: Half, M: TableAlloc> PageTable<H, M> {
    /// Maps `[virt, virt + size)` onto `[phys, phys + size)` as `kind` memory with `access`.
    ///
    /// Uses a 1 GiB or 2 MiB block wherever `virt` and `phys` are both aligned to it and the
    /// rest of the range covers it, 4 KiB pages elsewhere. Never replaces a mapping: if any part
    /// of the range is mapped, fails with [`MapError::AlreadyMapped`] before changing anything.
    /// A `size` of 0 maps nothing. On [`MapError::OutOfTables`] the mappings made so far stay
    /// valid, so the caller can use or unmap them. The caller makes new entries visible to the
    /// MMU (`dsb ishst`); no TLB invalidation is needed since only invalid entries changed.
    pub fn map(
        &mut self,
        virt: H::Addr,
        phys: PhysAddr,
        size: u64,
        kind: MemoryKind,
        access: Access,
    ) -> Result<(), MapError> {
        let attributes = leaf_attributes::<H>(kind, access)?;
        let raw_virt = H::raw(virt);
        let aligned = |value: u64| value.is_multiple_of(PAGE_BYTES);
        if !aligned(raw_virt) || !aligned(phys.as_u64()) || !aligned(size) {
            return Err(MapError::Misaligned);
        }
        let start = offset_in_half::<H>(raw_virt, size).ok_or(MapError::OutOfRange)?;
        if phys
            .as_u64()
            .checked_add(size)
            .is_none_or(|end| end > HALF_BYTES)
        {
            return Err(MapError::PhysOutOfRange);
        }
        let end = start + size;
        let mut occupied = None;
        self.visit_leaves(self.root(), 0, 0, start, end, &mut |offset, _, _| {
            occupied = Some(offset.max(start));
            true
        });
        if let Some(offset) = occupied {
            return Err(MapError::AlreadyMapped {
                virt: H::BASE + offset,
            });
        }
        let mut mapped_bytes = 0;
        let mut range = MapRange {
            offset: start,
            phys: phys.as_u64(),
            size,
            attributes,
        };
        self.map_in(self.root(), 0, &mut range, &mut mapped_bytes)
    }

    /// Maps `range.size` bytes inside the span of `table` (a level `level` table), advancing
    /// `range` and `mapped_bytes` as it goes.
    fn map_in(
        &mut self,
        table: PhysAddr,
        level: usize,
        range: &mut MapRange,
        mapped_bytes: &mut u64,
    ) -> Result<(), MapError> {
        let bytes = level_bytes(level);
        let end = range.offset + range.size;
        while range.offset < end {
            let index = level_index(range.offset, level);
            let entry_end = (range.offset & !(bytes - 1)) + bytes;
            let chunk = end.min(entry_end) - range.offset;
            let entry = Entry::decode(self.read(table, index), level);
            let leaf_fits =
                level == 3 || (level >= 1 && chunk == bytes && range.phys.is_multiple_of(bytes));
            let next = match entry {
                Entry::Invalid if leaf_fits => {
                    let type_bit = if level == 3 {
                        Descriptor::TABLE_OR_PAGE.bits()
                    } else {
                        0
                    };
                    let output = range.phys & OUTPUT_ADDRESS_MASK;
                    self.write(table, index, output | range.attributes | type_bit);
                    *mapped_bytes += chunk;
                    range.offset += chunk;
                    range.phys += chunk;
                    continue;
                }
                Entry::Invalid => {
                    let next = self.new_table().ok_or(MapError::OutOfTables {
                        mapped_bytes: *mapped_bytes,
                    })?;
                    self.write(table, index, table_descriptor(next));
                    next
                }
                Entry::Table(next) => next,
                // `map` checked the range first; this only guards that check.
                Entry::Leaf(_) => {
                    return Err(MapError::AlreadyMapped {
                        virt: H::BASE + range.offset,
                    });
                }
            };
            let mut inner = MapRange {
                size: chunk,
                ..*range
            };
            self.map_in(next, level + 1, &mut inner, mapped_bytes)?;
            range.offset += chunk;
            range.phys += chunk;
        }
        Ok(())
    }
}

/// What is left to map: offsets into the half, the physical address, the leaf attributes.
#[derive(Clone, Copy)]
struct MapRange {
    offset: u64,
    phys: u64,
    size: u64,
    attributes: u64,
}

impl<H: Half, M: TableAccess> PageTable<H, M> {
    /// Unmaps every page and block inside `[virt, virt + size)`, returning how many bytes were
    /// mapped there; unmapped holes are skipped.
    ///
    /// Fails with [`UnmapError::PartialBlock`], changing nothing, if the range covers only part
    /// of a block. Emptied tables stay linked (and allocated). The caller makes the change
    /// visible and invalidates the TLB for the range.
    pub fn unmap(&mut self, virt: H::Addr, size: u64) -> Result<u64, UnmapError> {
        let raw_virt = H::raw(virt);
        if !raw_virt.is_multiple_of(PAGE_BYTES) || !size.is_multiple_of(PAGE_BYTES) {
            return Err(UnmapError::Misaligned);
        }
        let start = offset_in_half::<H>(raw_virt, size).ok_or(UnmapError::OutOfRange)?;
        let end = start + size;
        let mut partial = None;
        self.visit_leaves(self.root(), 0, 0, start, end, &mut |offset, level, _| {
            let block_bytes = level_bytes(level);
            let covered = offset >= start && offset + block_bytes <= end;
            if !covered {
                partial = Some(UnmapError::PartialBlock {
                    virt: H::BASE + offset,
                    block_bytes,
                });
            }
            !covered
        });
        if let Some(error) = partial {
            return Err(error);
        }
        Ok(self.unmap_in(self.root(), 0, 0, start, end))
    }

    /// Clears the leaves inside `[start, end)` under `table`; returns the bytes they mapped.
    fn unmap_in(
        &mut self,
        table: PhysAddr,
        level: usize,
        table_base: u64,
        start: u64,
        end: u64,
    ) -> u64 {
        let bytes = level_bytes(level);
        let first = if start > table_base {
            level_index(start, level)
        } else {
            0
        };
        let mut unmapped = 0;
        for index in first..super::ENTRIES_PER_TABLE {
            let entry_base = table_base + index as u64 * bytes;
            if entry_base >= end {
                break;
            }
            match Entry::decode(self.read(table, index), level) {
                Entry::Invalid => {}
                Entry::Leaf(_) => {
                    self.write(table, index, 0);
                    unmapped += bytes;
                }
                Entry::Table(next) => {
                    unmapped += self.unmap_in(next, level + 1, entry_base, start, end);
                }
            }
        }
        unmapped
    }
}
