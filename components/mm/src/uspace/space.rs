//! The address space of one process: its tables, its VMAs, its break; teardown.

use super::context::Context;
use super::layout::{self, MAX_MAP_COUNT};
use super::reclaim::Reclaim;
use super::tables::UserTables;
use super::vma::Vma;
use super::vmas::VmaTree;
use alloc::sync::Arc;
use alloc::vec::Vec;
use kernel_core::services::mm::{SpaceLimits, VmaInfo};
use kernel_core::{Errno, PhysAddr, UserAddr};

/// One process's user address space.
///
/// Invariants: VMAs are page aligned, non-empty and disjoint; every mapped page lies inside
/// a VMA and maps a frame holding one reference for that mapping; a private page is writable
/// in the tables only while its frame has no other reference.
pub struct AddressSpace {
    pub(crate) context: Arc<Context>,
    pub(crate) tables: UserTables,
    pub(crate) vmas: VmaTree,
    pub(crate) limits: SpaceLimits,
    pub(crate) mmap_base: u64,
    pub(crate) start_brk: u64,
    pub(crate) brk: u64,
}

impl AddressSpace {
    /// An empty address space; `mmap_base` follows from the stack limit, as at Linux's exec.
    pub(crate) fn new(context: Arc<Context>, limits: SpaceLimits) -> Result<Self, Errno> {
        let tables = UserTables::new(&context)?;
        Ok(Self {
            context,
            tables,
            vmas: VmaTree::default(),
            limits,
            mmap_base: layout::mmap_base(limits.stack_limit_bytes),
            start_brk: 0,
            brk: 0,
        })
    }

    /// The root table, for TTBR0_EL1.
    pub fn root(&self) -> PhysAddr {
        self.tables.root()
    }

    /// Where top-down mmap placement starts (bottom-up, in the legacy layout).
    pub fn mmap_base(&self) -> UserAddr {
        UserAddr::new(self.mmap_base)
    }

    /// Changes RLIMIT_STACK for later stack growth (`mmap_base` stays, as in Linux).
    pub fn set_stack_limit(&mut self, bytes: u64) {
        self.limits.stack_limit_bytes = bytes;
    }

    /// Allows or forbids MAP_FIXED below 4 KiB (CAP_SYS_RAWIO).
    pub fn set_map_low_allowed(&mut self, allowed: bool) {
        self.limits.map_low_allowed = allowed;
    }

    /// The mappings in address order.
    pub fn vmas(&self) -> Vec<VmaInfo> {
        let brk_set = self.start_brk != 0;
        self.vmas
            .iter()
            .map(|vma| {
                let heap = brk_set && vma.start <= self.brk && vma.end >= self.start_brk;
                vma.info(heap)
            })
            .collect()
    }

    /// Pages currently mapped.
    pub fn resident_pages(&self) -> u64 {
        self.tables.resident()
    }

    /// Removes everything in `[start, end)` (page aligned): VMAs are cut, pages unmapped and
    /// their references dropped. `ENOMEM` when cutting a hole would exceed the VMA limit.
    pub(crate) fn unmap_range(&mut self, start: u64, end: u64) -> Result<(), Errno> {
        if self.vmas.len() + self.vmas.growth_from_hole(start, end) > MAX_MAP_COUNT {
            return Err(Errno::ENOMEM);
        }
        let mut reclaim = Reclaim::default();
        for vma in self.vmas.take_range(start, end) {
            self.release_pages(vma.start, vma.end, &mut reclaim);
            reclaim.discard(vma);
        }
        reclaim.finish(&self.context, self.root());
        Ok(())
    }

    /// Unmaps the pages in `[start, end)`, queueing their references on `reclaim`.
    pub(crate) fn release_pages(&mut self, start: u64, end: u64, reclaim: &mut Reclaim) {
        let pages = self.tables.pages(start, end);
        if pages.is_empty() {
            return;
        }
        self.tables.unmap(start, end);
        reclaim.invalidate(start, end);
        for page in pages {
            reclaim.release(page.frame);
        }
    }

    /// Adds a VMA over a free range and merges it with like neighbours.
    pub(crate) fn insert_vma(&mut self, vma: Vma) {
        let (start, end) = (vma.start, vma.end);
        self.vmas.insert(vma);
        self.vmas.merge_at(end);
        self.vmas.merge_at(start);
    }
}

impl Drop for AddressSpace {
    /// Teardown: every page's reference, every shared object's hold, every table page.
    fn drop(&mut self) {
        let mut reclaim = Reclaim::default();
        for page in self.tables.pages(0, layout::TASK_SIZE) {
            reclaim.release(page.frame);
        }
        reclaim.invalidate(0, layout::TASK_SIZE);
        let everything = self.vmas.take_range(0, layout::TASK_SIZE);
        for vma in everything {
            reclaim.discard(vma);
        }
        let root = self.root();
        reclaim.finish(&self.context, root);
        self.tables.free_tables();
    }
}
