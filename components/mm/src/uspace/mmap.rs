//! mmap and munmap, and the placement of new mappings (`get_unmapped_area`).

use super::layout::{self, MAX_MAP_COUNT, MMAP_MIN_ADDR, PAGE_BYTES, TASK_SIZE};
use super::space::AddressSpace;
use super::vma::{Backing, SharedPages, Vma, VmaFlags, PROT_RIGHTS};
use alloc::sync::Arc;
use kernel_core::services::mm::{FaultAccess, FileBacking, MapFlags, Prot};
use kernel_core::{Errno, UserAddr};

/// The flags plain MAP_SHARED and MAP_PRIVATE accept (Linux `LEGACY_MAP_MASK`); others are
/// ignored, except under MAP_SHARED_VALIDATE, which rejects them.
const LEGACY_MAP_MASK: MapFlags = MapFlags::SHARED
    .union(MapFlags::PRIVATE)
    .union(MapFlags::FIXED)
    .union(MapFlags::ANONYMOUS)
    .union(MapFlags::DENYWRITE)
    .union(MapFlags::EXECUTABLE)
    .union(MapFlags::UNINITIALIZED)
    .union(MapFlags::GROWSDOWN)
    .union(MapFlags::LOCKED)
    .union(MapFlags::NORESERVE)
    .union(MapFlags::POPULATE)
    .union(MapFlags::NONBLOCK)
    .union(MapFlags::STACK)
    .union(MapFlags::HUGETLB);

/// The mapping-type field of the flags.
const MAP_TYPE: u64 = 0x0f;

impl AddressSpace {
    /// mmap, with Linux's checks in Linux's order (arm64 `sys_mmap`, `ksys_mmap_pgoff`,
    /// `do_mmap`, `mmap_region`). `offset` must be page aligned even for anonymous memory;
    /// `file` is used unless MAP_ANONYMOUS is set (`EBADF` if it is missing). A shared file
    /// mapping may be writable when its source has a page cache (`ENODEV` otherwise) and
    /// the file was opened for writing (the caller checks PROT_WRITE against that; without
    /// it, mprotect cannot add PROT_WRITE later).
    pub fn mmap(
        &mut self,
        addr: UserAddr,
        len: u64,
        prot: Prot,
        flags: MapFlags,
        offset: u64,
        file: Option<FileBacking>,
    ) -> Result<UserAddr, Errno> {
        if !layout::is_page_aligned(offset) {
            return Err(Errno::EINVAL);
        }
        let anonymous = flags.contains(MapFlags::ANONYMOUS);
        let file = match (anonymous, file) {
            (true, _) => None,
            (false, None) => return Err(Errno::EBADF),
            (false, Some(file)) => Some(file),
        };
        if flags.contains(MapFlags::HUGETLB) {
            // No huge pages are reserved; a regular file cannot be mapped with huge pages.
            return Err(if anonymous {
                Errno::ENOMEM
            } else {
                Errno::EINVAL
            });
        }
        if len == 0 {
            return Err(Errno::EINVAL);
        }
        let fixed = flags.intersects(MapFlags::FIXED | MapFlags::FIXED_NOREPLACE);
        let hint = if fixed {
            addr.as_u64()
        } else {
            round_hint_to_min(addr.as_u64())
        };
        let len = layout::page_align_up(len).ok_or(Errno::ENOMEM)?;
        if self.vmas.len() > MAX_MAP_COUNT {
            return Err(Errno::ENOMEM);
        }
        let start = self.get_unmapped_area(hint, len, fixed)?;
        let end = start + len;
        if flags.contains(MapFlags::FIXED_NOREPLACE) && self.vmas.intersects(start, end) {
            return Err(Errno::EEXIST);
        }
        let map_type = flags.bits() & MAP_TYPE;
        let shared = match (anonymous, map_type) {
            (_, 0x02) => false,
            (false, 0x01) => true,
            (false, 0x03) if flags.difference(LEGACY_MAP_MASK).is_empty() => true,
            (false, 0x03) => return Err(Errno::EOPNOTSUPP),
            (true, 0x01) if !flags.contains(MapFlags::GROWSDOWN) => true,
            _ => return Err(Errno::EINVAL),
        };
        let prot = prot & PROT_RIGHTS;
        // Shared writes need a page cache to land in; without one only reading is shared.
        let cached = file
            .as_ref()
            .is_some_and(|file| file.source.has_page_cache());
        if shared && file.is_some() && !cached && prot.contains(Prot::WRITE) {
            return Err(Errno::ENODEV);
        }
        let accountable = !flags.contains(MapFlags::NORESERVE)
            && if shared {
                anonymous
            } else {
                prot.contains(Prot::WRITE)
            };
        if accountable && !self.context.enough_memory(len / PAGE_BYTES) {
            return Err(Errno::ENOMEM);
        }
        self.unmap_range(start, end)?;
        let mut vma_flags = VmaFlags::empty();
        vma_flags.set(VmaFlags::SHARED, shared);
        vma_flags.set(VmaFlags::GROWS_DOWN, flags.contains(MapFlags::GROWSDOWN));
        let may_write = match &file {
            Some(file) if shared => cached && file.source.opened_for_writing(),
            _ => true,
        };
        vma_flags.set(VmaFlags::MAY_WRITE, may_write);
        let backing = match file {
            Some(file) => Backing::File {
                source: file.source,
                offset,
                file_end: file
                    .file_bytes
                    .map_or(u64::MAX, |bytes| offset.saturating_add(bytes)),
            },
            None if shared => Backing::Shared {
                object: Arc::new(SharedPages::default()),
                first_page: 0,
            },
            None => Backing::Anonymous,
        };
        self.insert_vma(Vma {
            start,
            end,
            prot,
            flags: vma_flags,
            backing,
        });
        let populate = flags.intersects(MapFlags::POPULATE | MapFlags::LOCKED)
            && !flags.contains(MapFlags::NONBLOCK);
        if populate {
            self.populate(start, end);
        }
        Ok(UserAddr::new(start))
    }

    /// munmap: unaligned, out-of-range or empty requests are `EINVAL`; holes are fine.
    pub fn munmap(&mut self, addr: UserAddr, len: u64) -> Result<(), Errno> {
        let start = addr.as_u64();
        if !layout::is_page_aligned(start) || start > TASK_SIZE || len > TASK_SIZE - start {
            return Err(Errno::EINVAL);
        }
        let len = layout::page_align_up(len).ok_or(Errno::EINVAL)?;
        if len == 0 {
            return Err(Errno::EINVAL);
        }
        self.unmap_range(start, start + len)
    }

    /// Linux `get_unmapped_area`: a MAP_FIXED address as given (checked), else the hint if
    /// its range is free, else the highest free range below `mmap_base`, falling back to a
    /// bottom-up search from `TASK_UNMAPPED_BASE` (the legacy layout searches only that way).
    pub(crate) fn get_unmapped_area(&self, hint: u64, len: u64, fixed: bool) -> Result<u64, Errno> {
        if len > TASK_SIZE - MMAP_MIN_ADDR {
            return Err(Errno::ENOMEM);
        }
        let addr = if fixed {
            hint
        } else {
            self.find_area(hint, len).ok_or(Errno::ENOMEM)?
        };
        if addr > TASK_SIZE - len {
            return Err(Errno::ENOMEM);
        }
        if !layout::is_page_aligned(addr) {
            return Err(Errno::EINVAL);
        }
        if addr < layout::DAC_MMAP_MIN_ADDR && !self.limits.map_low_allowed {
            return Err(Errno::EPERM);
        }
        Ok(addr)
    }

    /// Placement without MAP_FIXED.
    fn find_area(&self, hint: u64, len: u64) -> Option<u64> {
        if hint != 0 {
            let addr = layout::page_align_up(hint)?;
            if TASK_SIZE - len >= addr && addr >= MMAP_MIN_ADDR && self.vmas.is_free(addr, len) {
                return Some(addr);
            }
        }
        let low = PAGE_BYTES.max(MMAP_MIN_ADDR);
        let bottom_up = || {
            self.vmas
                .find_gap_bottom_up(len, layout::TASK_UNMAPPED_BASE, TASK_SIZE)
        };
        if layout::is_legacy(self.limits.stack_limit_bytes) {
            return self.vmas.find_gap_bottom_up(len, self.mmap_base, TASK_SIZE);
        }
        self.vmas
            .find_gap_top_down(len, low, self.mmap_base)
            .or_else(bottom_up)
    }

    /// MAP_POPULATE: faults every page in now (writable private pages for writing, as Linux
    /// does); failures are ignored, as in Linux.
    fn populate(&mut self, start: u64, end: u64) {
        let mut page = start;
        while page < end {
            let Some(vma) = self.vmas.find(page).cloned() else {
                break;
            };
            let access = if vma.prot.contains(Prot::WRITE) && !vma.is_shared() {
                FaultAccess::Write
            } else {
                FaultAccess::Read
            };
            let stop = vma.end.min(end);
            if vma.is_accessible() {
                while page < stop {
                    if self.fault_page(&vma, page, access).is_err() {
                        return;
                    }
                    page += PAGE_BYTES;
                }
            }
            page = stop;
        }
    }
}

/// Linux `round_hint_to_min`: a hint is rounded down to a page, and a non-zero hint below
/// `mmap_min_addr` is raised to it.
fn round_hint_to_min(hint: u64) -> u64 {
    let hint = layout::page_align_down(hint);
    if hint != 0 && hint < MMAP_MIN_ADDR {
        MMAP_MIN_ADDR
    } else {
        hint
    }
}
