//! mprotect: new rights for a range of VMAs, split and merged, with their page entries.

use super::layout::{self, MAX_MAP_COUNT};
use super::reclaim::Reclaim;
use super::space::AddressSpace;
use super::vma::{VmaFlags, PROT_RIGHTS};
use kernel_core::paging::Access;
use kernel_core::services::mm::Prot;
use kernel_core::{Errno, UserAddr};

/// The `prot` bits mprotect accepts on this machine (arm64 `arch_validate_prot` on a CPU
/// without BTI or MTE, such as QEMU's cortex-a72).
const SUPPORTED: Prot = PROT_RIGHTS.union(Prot::SEM);

impl AddressSpace {
    /// mprotect, as Linux's `do_mprotect_pkey`: `EINVAL` for an unaligned start, unknown bits
    /// or both grow directions; `ENOMEM` when the range is not fully mapped; `EACCES` when a
    /// VMA may not become writable. VMAs before the failing point keep their new rights, as
    /// in Linux.
    pub fn mprotect(&mut self, addr: UserAddr, len: u64, prot: Prot) -> Result<(), Errno> {
        let grows = prot & (Prot::GROWSDOWN | Prot::GROWSUP);
        let prot = prot - grows;
        if grows == Prot::GROWSDOWN | Prot::GROWSUP {
            return Err(Errno::EINVAL);
        }
        let mut start = addr.as_u64();
        if !layout::is_page_aligned(start) {
            return Err(Errno::EINVAL);
        }
        if len == 0 {
            return Ok(());
        }
        let len = layout::page_align_up(len).ok_or(Errno::ENOMEM)?;
        let end = start.checked_add(len).ok_or(Errno::ENOMEM)?;
        if !SUPPORTED.contains(prot) {
            return Err(Errno::EINVAL);
        }
        let first = self.vmas.find_next(start).ok_or(Errno::ENOMEM)?;
        if grows.contains(Prot::GROWSDOWN) {
            if first.start >= end {
                return Err(Errno::ENOMEM);
            }
            start = first.start;
            if !first.flags.contains(VmaFlags::GROWS_DOWN) {
                return Err(Errno::EINVAL);
            }
        } else if first.start > start {
            return Err(Errno::ENOMEM);
        }
        if grows.contains(Prot::GROWSUP) {
            return Err(Errno::EINVAL); // arm64 has no grows-up mappings.
        }
        let rights = prot & PROT_RIGHTS;
        let mut reclaim = Reclaim::default();
        let result = self.protect_vmas(start, end, rights, &mut reclaim);
        reclaim.finish(&self.context, self.root());
        result
    }

    /// Applies `rights` VMA by VMA over `[start, end)`, which begins inside a VMA.
    fn protect_vmas(
        &mut self,
        start: u64,
        end: u64,
        rights: Prot,
        reclaim: &mut Reclaim,
    ) -> Result<(), Errno> {
        let mut next = start;
        loop {
            let vma = self.vmas.find(next).ok_or(Errno::ENOMEM)?;
            if rights.contains(Prot::WRITE) && !vma.flags.contains(VmaFlags::MAY_WRITE) {
                return Err(Errno::EACCES);
            }
            let piece_end = vma.end.min(end);
            if vma.prot != rights {
                let splits = usize::from(vma.start < next) + usize::from(piece_end < vma.end);
                if splits > 0 && self.vmas.len() >= MAX_MAP_COUNT {
                    return Err(Errno::ENOMEM);
                }
                self.vmas.split_at(next);
                self.vmas.split_at(piece_end);
                if let Some(piece) = self.vmas.get_mut(next) {
                    piece.prot = rights;
                }
                self.protect_pages(next, piece_end, reclaim);
                self.vmas.merge_at(piece_end);
                self.vmas.merge_at(next);
            }
            if piece_end >= end {
                return Ok(());
            }
            next = piece_end;
        }
    }

    /// Rewrites the entries of the mapped pages in `[start, end)` (inside one VMA) for its
    /// rights.
    fn protect_pages(&mut self, start: u64, end: u64, reclaim: &mut Reclaim) {
        let Some(vma) = self.vmas.find(start).cloned() else {
            return;
        };
        for page in self.tables.pages(start, end) {
            let cow = !vma.is_shared() && self.context.is_shared(page.frame);
            let rights = vma.pte_access(cow);
            if rights == page.access {
                continue;
            }
            if rights.contains(Access::EXECUTE) && !page.access.contains(Access::EXECUTE) {
                self.context.memory.sync_instructions(page.frame);
            }
            if self.tables.protect(page, rights).is_err() {
                // Cannot happen (the table exists); should it, the page is gone: drop it.
                reclaim.release(page.frame);
            }
            reclaim.invalidate(page.virt, page.virt + layout::PAGE_BYTES);
        }
    }
}
