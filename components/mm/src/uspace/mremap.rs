//! mremap: shrink in place, grow in place, or move (with MREMAP_MAYMOVE / FIXED / DONTUNMAP).

use super::layout::{self, MAX_MAP_COUNT, PAGE_BYTES, TASK_SIZE};
use super::space::AddressSpace;
use super::vma::Vma;
use kernel_core::services::mm::{MremapFlags, Prot};
use kernel_core::{Errno, UserAddr};

/// Linux `PAGE_ALIGN`, which wraps to 0 near the top.
fn page_align_wrapping(value: u64) -> u64 {
    value.wrapping_add(PAGE_BYTES - 1) & !(PAGE_BYTES - 1)
}

impl AddressSpace {
    /// mremap, as Linux 6.1: shrinking always succeeds in place (an equal size even on an
    /// unmapped address); growing extends the VMA when the space after it is free, else
    /// moves it with MREMAP_MAYMOVE (`ENOMEM` without); the old range must lie in one VMA
    /// (`EFAULT`); a zero `old_len` duplicates a shared mapping (`EINVAL` for a private one).
    pub fn mremap(
        &mut self,
        old: UserAddr,
        old_len: u64,
        new_len: u64,
        flags: MremapFlags,
        new_addr: UserAddr,
    ) -> Result<UserAddr, Errno> {
        if !MremapFlags::all().contains(flags) {
            return Err(Errno::EINVAL);
        }
        let may_move = flags.contains(MremapFlags::MAYMOVE);
        if flags.contains(MremapFlags::FIXED) && !may_move {
            return Err(Errno::EINVAL);
        }
        if flags.contains(MremapFlags::DONTUNMAP) && (!may_move || old_len != new_len) {
            return Err(Errno::EINVAL);
        }
        let addr = old.as_u64();
        if !layout::is_page_aligned(addr) {
            return Err(Errno::EINVAL);
        }
        let old_len = page_align_wrapping(old_len);
        let new_len = page_align_wrapping(new_len);
        if new_len == 0 {
            return Err(Errno::EINVAL);
        }
        if flags.intersects(MremapFlags::FIXED | MremapFlags::DONTUNMAP) {
            return self.mremap_to(addr, old_len, new_addr.as_u64(), new_len, flags);
        }
        if old_len >= new_len {
            let tail = addr.checked_add(new_len).ok_or(Errno::EINVAL)?;
            // Linux ignores the unmap's error when the size does not change.
            match self.munmap(UserAddr::new(tail), old_len - new_len) {
                Err(error) if old_len != new_len => return Err(error),
                _ => return Ok(old),
            }
        }
        let vma = self.vma_to_resize(addr, old_len)?;
        if old_len == vma.end - addr && self.vma_expandable(&vma, new_len - old_len) {
            if accounted(&vma) && !self.context.enough_memory((new_len - old_len) / PAGE_BYTES) {
                return Err(Errno::ENOMEM);
            }
            let new_end = addr + new_len;
            if let Some(grown) = self.vmas.get_mut(vma.start) {
                grown.end = new_end; // Not merged with what follows, as Linux's `vma_adjust`.
            }
            return Ok(old);
        }
        if !may_move {
            return Err(Errno::ENOMEM);
        }
        let target = self.get_unmapped_area(0, new_len, false)?;
        self.move_vma(&vma, addr, old_len, new_len, target, false)
    }

    /// MREMAP_FIXED and MREMAP_DONTUNMAP (Linux `mremap_to`).
    fn mremap_to(
        &mut self,
        addr: u64,
        mut old_len: u64,
        new_addr: u64,
        new_len: u64,
        flags: MremapFlags,
    ) -> Result<UserAddr, Errno> {
        if !layout::is_page_aligned(new_addr) {
            return Err(Errno::EINVAL);
        }
        if new_len > TASK_SIZE || new_addr > TASK_SIZE - new_len {
            return Err(Errno::EINVAL);
        }
        let overlap = u128::from(addr) + u128::from(old_len) > u128::from(new_addr)
            && u128::from(new_addr) + u128::from(new_len) > u128::from(addr);
        if overlap {
            return Err(Errno::EINVAL);
        }
        let dont_unmap = flags.contains(MremapFlags::DONTUNMAP);
        if dont_unmap && self.vmas.len() + 2 >= MAX_MAP_COUNT - 3 {
            return Err(Errno::ENOMEM);
        }
        let fixed = flags.contains(MremapFlags::FIXED);
        if fixed {
            self.munmap(UserAddr::new(new_addr), new_len)?;
        }
        if old_len > new_len {
            let tail = addr.checked_add(new_len).ok_or(Errno::EINVAL)?;
            self.munmap(UserAddr::new(tail), old_len - new_len)?;
            old_len = new_len;
        }
        let vma = self.vma_to_resize(addr, old_len)?;
        let target = self.get_unmapped_area(new_addr, new_len, fixed)?;
        self.move_vma(&vma, addr, old_len, new_len, target, dont_unmap)
    }

    /// The VMA holding the old range (Linux `vma_to_resize`; its page-offset overflow check
    /// cannot trigger with 64-bit offsets, and there is no RLIMIT_AS or mlock to check).
    fn vma_to_resize(&self, addr: u64, old_len: u64) -> Result<Vma, Errno> {
        let vma = self.vmas.find(addr).ok_or(Errno::EFAULT)?;
        if old_len == 0 && !vma.is_shared() {
            return Err(Errno::EINVAL);
        }
        if old_len > vma.end - addr {
            return Err(Errno::EFAULT);
        }
        Ok(vma.clone())
    }

    /// Whether `vma` can grow by `delta` bytes where it is.
    fn vma_expandable(&self, vma: &Vma, delta: u64) -> bool {
        let Some(end) = vma.end.checked_add(delta).filter(|&end| end <= TASK_SIZE) else {
            return false;
        };
        self.vmas
            .find_next(vma.end)
            .is_none_or(|next| next.start >= end)
    }

    /// Moves `[addr, addr + old_len)` of `vma` to a free `new_addr`, as `new_len` bytes;
    /// the old range is unmapped unless `dont_unmap`, which leaves it mapped but empty.
    fn move_vma(
        &mut self,
        vma: &Vma,
        addr: u64,
        old_len: u64,
        new_len: u64,
        new_addr: u64,
        dont_unmap: bool,
    ) -> Result<UserAddr, Errno> {
        if self.vmas.len() >= MAX_MAP_COUNT - 3 {
            return Err(Errno::ENOMEM);
        }
        let growth = new_len.saturating_sub(old_len) / PAGE_BYTES;
        if accounted(vma) && !self.context.enough_memory(growth) {
            return Err(Errno::ENOMEM);
        }
        let moved = Vma {
            start: new_addr,
            end: new_addr + new_len,
            prot: vma.prot,
            flags: vma.flags,
            backing: vma.backing.advanced(addr - vma.start),
        };
        self.move_pages(addr, old_len, new_addr)?;
        self.insert_vma(moved);
        if old_len > 0 {
            if !dont_unmap {
                if let Err(error) = self.unmap_range(addr, addr + old_len) {
                    log::error!("uspace: mremap left {addr:#x} mapped: {error}");
                }
            }
            self.context
                .tlb
                .invalidate(self.root(), UserAddr::new(addr), old_len);
        }
        Ok(UserAddr::new(new_addr))
    }

    /// Moves the page entries of `[from, from + len)` to start at `to`; on running out of
    /// table memory, puts back what moved and fails with `ENOMEM`.
    fn move_pages(&mut self, from: u64, len: u64, to: u64) -> Result<(), Errno> {
        let pages = self.tables.pages(from, from + len);
        for (index, page) in pages.iter().enumerate() {
            self.tables.unmap(page.virt, page.virt + PAGE_BYTES);
            if let Err(error) = self
                .tables
                .map(to + (page.virt - from), page.frame, page.access)
            {
                for (undo, moved) in pages[..=index].iter().enumerate() {
                    if undo < index {
                        let target = to + (moved.virt - from);
                        self.tables.unmap(target, target + PAGE_BYTES);
                    }
                    // The old last-level table is still there: this cannot fail.
                    let _ = self.tables.map(moved.virt, moved.frame, moved.access);
                }
                self.context
                    .tlb
                    .invalidate(self.root(), UserAddr::new(to), len);
                return Err(error);
            }
        }
        self.context.tlb.publish(self.root());
        Ok(())
    }
}

/// Whether growth of `vma` is charged against memory (Linux `VM_ACCOUNT`: private writable).
fn accounted(vma: &Vma) -> bool {
    !vma.is_shared() && vma.prot.contains(Prot::WRITE)
}
