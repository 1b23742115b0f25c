//! madvise and msync: advice on a range (`MADV_DONTNEED` drops its pages) and the
//! synchronisation of file mappings, with Linux's argument checks.

use super::layout;
use super::reclaim::Reclaim;
use super::space::AddressSpace;
use kernel_core::{Errno, UserAddr};

/// `MADV_DONTNEED`: the next access finds zero-filled (or re-read file) pages.
pub const MADV_DONTNEED: i32 = 4;
/// `MADV_FREE`: the pages may be dropped; done at once here, as `MADV_DONTNEED`.
pub const MADV_FREE: i32 = 8;

/// `MS_ASYNC`, `MS_INVALIDATE`, `MS_SYNC`.
const MS_ASYNC: i32 = 1;
const MS_INVALIDATE: i32 = 2;
const MS_SYNC: i32 = 4;

/// The advice values Linux 6.1 accepts on arm64 (`madvise_behavior_valid`).
fn advice_is_valid(advice: i32) -> bool {
    matches!(advice, 0..=4 | 8..=23 | 100 | 101)
}

impl AddressSpace {
    /// `[start, end)` of a madvise/msync range: `EINVAL` for an unaligned start or a length
    /// that overflows; `None` for an empty range.
    fn advice_range(addr: UserAddr, len: u64) -> Result<Option<(u64, u64)>, Errno> {
        let start = addr.as_u64();
        if !layout::is_page_aligned(start) {
            return Err(Errno::EINVAL);
        }
        let len = layout::page_align_up(len).ok_or(Errno::EINVAL)?;
        let end = start.checked_add(len).ok_or(Errno::EINVAL)?;
        Ok((end > start).then_some((start, end)))
    }

    /// Whether `[start, end)` is covered by VMAs without a gap.
    fn fully_mapped(&self, start: u64, end: u64) -> bool {
        let mut at = start;
        while at < end {
            match self.vmas.find(at) {
                Some(vma) => at = vma.end,
                None => return false,
            }
        }
        true
    }

    /// madvise, as Linux's `do_madvise`: `EINVAL` for unknown advice or an unaligned start;
    /// `MADV_DONTNEED`/`MADV_FREE` drop the pages of the mapped parts; `ENOMEM` when part of
    /// the range is unmapped (after the mapped parts were advised).
    pub fn madvise(&mut self, addr: UserAddr, len: u64, advice: i32) -> Result<(), Errno> {
        if !advice_is_valid(advice) {
            return Err(Errno::EINVAL);
        }
        let Some((start, end)) = Self::advice_range(addr, len)? else {
            return Ok(());
        };
        if matches!(advice, MADV_DONTNEED | MADV_FREE) {
            let ranges: alloc::vec::Vec<(u64, u64)> = self
                .vmas
                .iter()
                .filter(|vma| vma.start < end && vma.end > start)
                .map(|vma| (vma.start.max(start), vma.end.min(end)))
                .collect();
            let mut reclaim = Reclaim::default();
            for (low, high) in ranges {
                self.release_pages(low, high, &mut reclaim);
            }
            reclaim.finish(&self.context, self.root());
        }
        if self.fully_mapped(start, end) {
            Ok(())
        } else {
            Err(Errno::ENOMEM)
        }
    }

    /// msync: `EINVAL` for an unaligned start, unknown flags or both `MS_ASYNC` and
    /// `MS_SYNC`; `ENOMEM` when part of the range is unmapped. Shared file mappings write
    /// through already, so there is nothing else to do.
    pub fn msync(&mut self, addr: UserAddr, len: u64, flags: i32) -> Result<(), Errno> {
        if flags & !(MS_ASYNC | MS_INVALIDATE | MS_SYNC) != 0
            || flags & (MS_ASYNC | MS_SYNC) == MS_ASYNC | MS_SYNC
        {
            return Err(Errno::EINVAL);
        }
        let Some((start, end)) = Self::advice_range(addr, len)? else {
            return Ok(());
        };
        if self.fully_mapped(start, end) {
            Ok(())
        } else {
            Err(Errno::ENOMEM)
        }
    }
}
