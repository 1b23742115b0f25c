//! Page faults: demand zero, file pages, stack growth, copy-on-write.

use super::layout::{self, PAGE_BYTES, STACK_GUARD_GAP, TASK_SIZE};
use super::space::AddressSpace;
use super::vma::{Backing, Vma, VmaFlags};
use alloc::vec;
use kernel_core::paging::Access;
use kernel_core::services::mm::{Fault, FaultAccess, PageSource, SegvCode};
use kernel_core::{Errno, PhysAddr, UserAddr};

const MAP_ERROR: Fault = Fault::Segv(SegvCode::MapErr);
const ACCESS_ERROR: Fault = Fault::Segv(SegvCode::AccErr);

impl AddressSpace {
    /// Resolves a fault at `addr`, as arm64 Linux's `do_page_fault`: the VMA containing it,
    /// or a grows-down VMA above it that may extend (SEGV_MAPERR otherwise); the VMA's rights
    /// (SEGV_ACCERR); then the page is brought in or made writable.
    pub fn handle_fault(&mut self, addr: UserAddr, access: FaultAccess) -> Result<(), Fault> {
        let addr = addr.as_u64();
        if addr >= TASK_SIZE {
            return Err(MAP_ERROR);
        }
        let vma = self.vmas.find_next(addr).ok_or(MAP_ERROR)?;
        if vma.start > addr {
            if !vma.flags.contains(VmaFlags::GROWS_DOWN) {
                return Err(MAP_ERROR);
            }
            let start = vma.start;
            self.expand_stack(start, layout::page_align_down(addr))
                .map_err(|_| MAP_ERROR)?;
        }
        let vma = self.vmas.find(addr).ok_or(MAP_ERROR)?;
        if !vma.allows(access) {
            return Err(ACCESS_ERROR);
        }
        let vma = vma.clone();
        self.fault_page(&vma, layout::page_align_down(addr), access)
    }

    /// Extends the grows-down VMA starting at `start` down to `page` (Linux `expand_downwards`
    /// with `acct_stack_growth`): not below `MMAP_MIN_ADDR`, not within the guard gap of an
    /// accessible VMA below, not beyond RLIMIT_STACK.
    fn expand_stack(&mut self, start: u64, page: u64) -> Result<(), Errno> {
        if page < layout::MMAP_MIN_ADDR {
            return Err(Errno::EPERM);
        }
        if let Some(prev) = self.vmas.prev(start) {
            let guarded = !prev.flags.contains(VmaFlags::GROWS_DOWN) && prev.is_accessible();
            if page < prev.end || (guarded && page - prev.end < STACK_GUARD_GAP) {
                return Err(Errno::ENOMEM);
            }
        }
        let vma = self.vmas.find(start).ok_or(Errno::EFAULT)?;
        let growth = start - page;
        let backing = match &vma.backing {
            Backing::File {
                source,
                offset,
                file_end,
            } => offset.checked_sub(growth).map(|offset| Backing::File {
                source: source.clone(),
                offset,
                file_end: *file_end,
            }),
            Backing::Shared { .. } => None,
            Backing::Anonymous => Some(Backing::Anonymous),
        };
        let fits = vma.end - page <= self.limits.stack_limit_bytes
            && self.context.enough_memory(growth / PAGE_BYTES);
        let Some(backing) = backing.filter(|_| fits) else {
            return Err(Errno::ENOMEM);
        };
        let mut vma = self.vmas.remove(start).ok_or(Errno::EFAULT)?;
        vma.start = page;
        vma.backing = backing;
        self.vmas.insert(vma);
        Ok(())
    }

    /// Brings in (or upgrades) the page at `page` of `vma` for an access the VMA allows.
    pub(crate) fn fault_page(
        &mut self,
        vma: &Vma,
        page: u64,
        access: FaultAccess,
    ) -> Result<(), Fault> {
        let Some(present) = self.tables.lookup(page) else {
            return self.fault_in(vma, page, access);
        };
        if satisfies(present.access, access) {
            return Ok(()); // Another thread got here first.
        }
        let old = present.frame;
        let root = self.root();
        if access == FaultAccess::Write && !vma.is_shared() && self.context.is_shared(old) {
            // Copy-on-write: a private copy; the shared frame loses this reference.
            let copy = self.context.alloc().map_err(|_| Fault::OutOfMemory)?;
            self.context.memory.copy_frame(old, copy);
            // Break before make: the old translation leaves every TLB before the new exists.
            self.tables.unmap(page, page + PAGE_BYTES);
            self.context
                .tlb
                .invalidate(root, UserAddr::new(page), PAGE_BYTES);
            self.context.release(old);
            let result = self.install(vma, page, copy);
            if result.is_err() {
                self.context.release(copy);
            }
            return result;
        }
        // The same frame with more rights (say, its other sharers are gone): a permission
        // change, which needs no break-before-make.
        self.tables.unmap(page, page + PAGE_BYTES);
        let result = self.install(vma, page, old);
        self.context
            .tlb
            .invalidate(root, UserAddr::new(page), PAGE_BYTES);
        if result.is_err() {
            self.context.release(old);
        }
        result
    }

    /// Maps a new page at `page` (nothing mapped there yet).
    fn fault_in(&mut self, vma: &Vma, page: u64, access: FaultAccess) -> Result<(), Fault> {
        let frame = match &vma.backing {
            Backing::Anonymous => self.context.alloc_zeroed(),
            Backing::Shared { object, first_page } => {
                let index = first_page + (page - vma.start) / PAGE_BYTES;
                let mut pages = object.pages.lock();
                match pages.get(&index) {
                    Some(&frame) => Ok(frame),
                    None => self.context.alloc_zeroed().inspect(|&frame| {
                        pages.insert(index, frame);
                    }),
                }
                .inspect(|&frame| self.context.share(frame))
            }
            Backing::File {
                source,
                offset,
                file_end,
            } => {
                let file_offset = offset.saturating_add(page - vma.start);
                let whole_page = file_offset.saturating_add(PAGE_BYTES) <= *file_end;
                if source.has_page_cache() && whole_page {
                    return self.fault_in_cached(vma, page, &**source, file_offset, access);
                }
                let frame = self.context.alloc().map_err(|_| Fault::OutOfMemory)?;
                if let Err(fault) = self.fill_from_file(frame, &**source, file_offset, *file_end) {
                    self.context.release(frame);
                    return Err(fault);
                }
                Ok(frame)
            }
        }
        .map_err(|_| Fault::OutOfMemory)?;
        let result = self.install(vma, page, frame);
        if result.is_err() {
            self.context.release(frame);
        }
        result
    }

    /// Maps the page-cache page at `file_offset` of `source` at `page`: the cache's frame
    /// itself for a shared mapping and for a private read (copy-on-write then, as the cache
    /// holds a reference too); a private copy for a private write; a zeroed private page for a
    /// private access to a hole. A page wholly past the end of file is a SIGBUS, as is a page
    /// the file cannot supply.
    fn fault_in_cached(
        &mut self,
        vma: &Vma,
        page: u64,
        source: &dyn PageSource,
        file_offset: u64,
        access: FaultAccess,
    ) -> Result<(), Fault> {
        if layout::page_align_up(source.size()).is_some_and(|end| file_offset >= end) {
            return Err(Fault::Bus);
        }
        let shared = vma.is_shared();
        let cached = source
            .cached_page(file_offset, shared)
            .map_err(|_| Fault::Bus)?;
        let frame = match cached {
            Some(frame) if !shared && access == FaultAccess::Write => {
                let copy = self.context.alloc();
                if let Ok(copy) = copy {
                    self.context.memory.copy_frame(frame, copy);
                }
                self.context.release(frame);
                copy
            }
            Some(frame) => Ok(frame),
            None if shared => return Err(Fault::Bus),
            None => self.context.alloc_zeroed(),
        }
        .map_err(|_| Fault::OutOfMemory)?;
        let result = self.install(vma, page, frame);
        if result.is_err() {
            self.context.release(frame);
        }
        result
    }

    /// Maps `frame` at the unmapped `page` with the rights `vma` gives it; instructions are
    /// synchronised first when it is executable.
    pub(crate) fn install(&mut self, vma: &Vma, page: u64, frame: PhysAddr) -> Result<(), Fault> {
        let cow = !vma.is_shared() && self.context.is_shared(frame);
        let rights = vma.pte_access(cow);
        if rights.contains(Access::EXECUTE) {
            self.context.memory.sync_instructions(frame);
        }
        let result = self.tables.map(page, frame, rights);
        self.context.tlb.publish(self.root());
        result.map_err(|_| Fault::OutOfMemory)
    }

    /// Fills `frame` with the file page at `file_offset`: file bytes up to the end of file and
    /// `file_end`, zeros after. A page wholly past the end of file is a SIGBUS, as is a read
    /// error.
    fn fill_from_file(
        &self,
        frame: PhysAddr,
        source: &dyn PageSource,
        file_offset: u64,
        file_end: u64,
    ) -> Result<(), Fault> {
        let mut buffer = vec![0u8; PAGE_BYTES as usize];
        if file_offset < file_end {
            let size = source.size();
            if layout::page_align_up(size).is_some_and(|end| file_offset >= end) {
                return Err(Fault::Bus);
            }
            let wanted = (file_end - file_offset)
                .min(size.saturating_sub(file_offset))
                .min(PAGE_BYTES) as usize;
            let mut done = 0;
            while done < wanted {
                let read = source
                    .read_at(file_offset + done as u64, &mut buffer[done..wanted])
                    .map_err(|_| Fault::Bus)?;
                if read == 0 {
                    break;
                }
                done += read.min(wanted - done);
            }
        }
        self.context.memory.write_bytes(frame, 0, &buffer);
        Ok(())
    }
}

/// Whether a page mapped with `rights` already allows `access` from user space.
pub(crate) fn satisfies(rights: Access, access: FaultAccess) -> bool {
    rights.contains(Access::USER)
        && match access {
            FaultAccess::Read => true,
            FaultAccess::Write => rights.contains(Access::WRITE),
            FaultAccess::Execute => rights.contains(Access::EXECUTE),
        }
}
