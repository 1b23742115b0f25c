//! Placing a load plan: the load bias, its checks, and the addresses derived from it.

use super::error::ElfError;
use super::plan::{page_align, page_start, ElfKind, LoadPlan, SegmentFlags};
use crate::linux::{ELF64_PHDR_SIZE, ELF_ET_DYN_BASE, PAGE_SIZE, TASK_SIZE};

/// Where a plan ended up: the absolute addresses the process and its auxv need.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlacedImage {
    /// Added to every `p_vaddr` (0 for `ET_EXEC`). Linux's `AT_BASE` when this is the
    /// interpreter.
    pub bias: u64,
    /// Entry point (`AT_ENTRY` for the program; where to jump for the interpreter).
    pub entry: u64,
    /// `AT_PHDR`.
    pub phdr: u64,
    /// `AT_PHENT`: 56.
    pub phent: u64,
    /// `AT_PHNUM`.
    pub phnum: u64,
    /// Lowest address of an executable segment (`mm->start_code`).
    pub start_code: u64,
    /// End of the file bytes of the executable segments (`mm->end_code`).
    pub end_code: u64,
    /// Highest segment start (`mm->start_data`, Linux's own definition).
    pub start_data: u64,
    /// End of the file bytes of all segments (`mm->end_data`).
    pub end_data: u64,
    /// Start of the heap before any brk randomisation (`mm->start_brk`): the page after the
    /// highest segment end, or [`ELF_ET_DYN_BASE`] (page-aligned) for a static PIE, which Linux
    /// moves out of the mmap area. Only the program's value matters, not an interpreter's.
    pub brk_start: u64,
}

impl LoadPlan<'_> {
    /// The span the image occupies from the page of its lowest segment:
    /// `(lowest page, bytes)` (`total_mapping_size` in Linux).
    pub fn span(&self) -> (u64, u64) {
        let low = self
            .segments
            .iter()
            .map(|s| page_start(s.vaddr))
            .min()
            .unwrap_or(0);
        let high = self
            .segments
            .iter()
            .map(|s| s.vaddr + s.mem_size)
            .max()
            .unwrap_or(0);
        (low, high.saturating_sub(low))
    }

    /// The alignment the image's placement must have: the largest power-of-two `p_align` of
    /// the `PT_LOAD`s, at least a page (`maximum_alignment` in Linux).
    pub fn max_align(&self) -> u64 {
        let align = self
            .segments
            .iter()
            .map(|s| s.align)
            .filter(|a| a.is_power_of_two())
            .max()
            .unwrap_or(0);
        page_align(align).max(PAGE_SIZE)
    }

    /// The load bias Linux picks without randomisation, or `None` when the caller must place the
    /// image in its mmap area (a static PIE, or an interpreter, both `ET_DYN` without
    /// `PT_INTERP`): 0 for `ET_EXEC`; for a PIE with an interpreter,
    /// `page_start((ELF_ET_DYN_BASE & !(max_align - 1)) - first p_vaddr)`.
    pub fn default_bias(&self) -> Option<u64> {
        match (self.kind, self.interpreter) {
            (ElfKind::Executable, _) => Some(0),
            (ElfKind::SharedObject, Some(_)) => {
                let base = ELF_ET_DYN_BASE & !(self.max_align() - 1);
                let first = self.segments.first().map_or(0, |s| s.vaddr);
                Some(page_start(base.wrapping_sub(first)))
            }
            (ElfKind::SharedObject, None) => None,
        }
    }

    /// The bias that puts the image's lowest page at `address` (for `ET_DYN`); `address` must be
    /// aligned to [`Self::max_align`]. For `ET_EXEC` only `address == span().0` is valid.
    pub fn bias_for_address(&self, address: u64) -> Result<u64, ElfError> {
        let align = self.max_align();
        let (low, _) = self.span();
        if !address.is_multiple_of(align) || (self.kind == ElfKind::Executable && address != low) {
            return Err(ElfError::MisalignedPlacement { address, align });
        }
        Ok(address.wrapping_sub(low))
    }

    /// Applies `bias`: checks every segment and the entry stay inside the user address space,
    /// and derives the auxv and `mm` fields.
    pub fn place(&self, bias: u64) -> Result<PlacedImage, ElfError> {
        if self.kind == ElfKind::Executable && bias != 0 {
            return Err(ElfError::MisalignedPlacement {
                address: bias,
                align: 0,
            });
        }
        if !bias.is_multiple_of(PAGE_SIZE) {
            return Err(ElfError::MisalignedPlacement {
                address: bias,
                align: PAGE_SIZE,
            });
        }
        let mut placed = PlacedImage {
            bias,
            entry: self.entry.wrapping_add(bias),
            phdr: self.phdr_vaddr.unwrap_or(0).wrapping_add(bias),
            phent: ELF64_PHDR_SIZE,
            phnum: u64::from(self.phnum),
            start_code: u64::MAX,
            end_code: 0,
            start_data: 0,
            end_data: 0,
            brk_start: 0,
        };
        let mut brk = 0;
        for segment in &self.segments {
            let start = segment.vaddr.checked_add(bias).filter(|&a| a < TASK_SIZE);
            let end = start.and_then(|s| s.checked_add(segment.mem_size));
            let (Some(start), Some(end)) = (start, end.filter(|&e| e <= TASK_SIZE)) else {
                return Err(ElfError::SegmentOutOfRange {
                    index: segment.index,
                    vaddr: segment.vaddr.wrapping_add(bias),
                    mem_size: segment.mem_size,
                });
            };
            let file_end = start + segment.file_size;
            if segment.flags.contains(SegmentFlags::EXECUTE) {
                placed.start_code = placed.start_code.min(start);
                placed.end_code = placed.end_code.max(file_end);
            }
            placed.start_data = placed.start_data.max(start);
            placed.end_data = placed.end_data.max(file_end);
            brk = brk.max(end);
        }
        if placed.start_code == u64::MAX {
            // No executable segment: Linux keeps ~0 + bias; keep the same wrap-around value.
            placed.start_code = u64::MAX.wrapping_add(bias);
        }
        if placed.entry >= TASK_SIZE {
            return Err(ElfError::BadEntry {
                entry: placed.entry,
            });
        }
        placed.brk_start = if self.kind == ElfKind::SharedObject && self.interpreter.is_none() {
            page_align(ELF_ET_DYN_BASE)
        } else {
            page_align(brk)
        };
        Ok(placed)
    }
}
