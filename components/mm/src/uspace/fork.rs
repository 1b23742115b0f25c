//! fork: a copy of an address space sharing private pages copy-on-write.

use super::layout::PAGE_BYTES;
use super::reclaim::Reclaim;
use super::space::AddressSpace;
use kernel_core::paging::Access;
use kernel_core::Errno;

impl AddressSpace {
    /// A copy for a child process. Every VMA is copied; every mapped page is mapped in the
    /// child onto the same frame, with one more reference. Private pages lose write access on
    /// both sides, so the first store on either side copies (or, once the other side is gone,
    /// simply regains write access). Shared pages stay writable on both sides.
    ///
    /// On `ENOMEM` the partial child is torn down; pages the parent lost write access to get
    /// it back on their next store.
    pub fn fork(&mut self) -> Result<AddressSpace, Errno> {
        let mut child = AddressSpace::new(self.context.clone(), self.limits)?;
        child.mmap_base = self.mmap_base;
        child.start_brk = self.start_brk;
        child.brk = self.brk;
        child.vmas = self.vmas.clone();
        let mut reclaim = Reclaim::default();
        let result = self.share_pages_with(&mut child, &mut reclaim);
        reclaim.finish(&self.context, self.root());
        result.map(|()| child)
    }

    /// Maps every page of `self` into `child`, downgrading private writable pages.
    fn share_pages_with(
        &mut self,
        child: &mut AddressSpace,
        reclaim: &mut Reclaim,
    ) -> Result<(), Errno> {
        let vmas: alloc::vec::Vec<_> = self.vmas.iter().cloned().collect();
        for vma in vmas {
            for page in self.tables.pages(vma.start, vma.end) {
                self.context.share(page.frame);
                let rights = if vma.is_shared() {
                    page.access
                } else {
                    page.access - Access::WRITE
                };
                if let Err(error) = child.tables.map(page.virt, page.frame, rights) {
                    self.context.release(page.frame);
                    return Err(error);
                }
                if rights != page.access {
                    if let Err(error) = self.tables.protect(page, rights) {
                        // Cannot happen (the table exists); should it, the page is gone.
                        reclaim.release(page.frame);
                        log::error!("uspace: fork lost {:#x}: {error}", page.virt);
                    }
                    reclaim.invalidate(page.virt, page.virt + PAGE_BYTES);
                }
            }
        }
        self.context.tlb.publish(child.root());
        Ok(())
    }
}
