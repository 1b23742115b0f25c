//! The program break: the heap VMA above the loaded image, grown and shrunk by brk.

use super::layout::{self, MAX_MAP_COUNT, PAGE_BYTES, TASK_SIZE};
use super::space::AddressSpace;
use super::vma::{Backing, Vma, VmaFlags};
use kernel_core::services::mm::Prot;
use kernel_core::UserAddr;

impl AddressSpace {
    /// Sets the start of the heap (rounded up to a page); the break starts there. The loader
    /// calls it with the end of the highest segment.
    pub fn set_brk_start(&mut self, start: UserAddr) {
        let start = layout::page_align_up(start.as_u64()).unwrap_or(TASK_SIZE);
        self.start_brk = start;
        self.brk = start;
    }

    /// The current break.
    pub fn current_brk(&self) -> UserAddr {
        UserAddr::new(self.brk)
    }

    /// brk, as Linux 6.1: below the heap start, or when growing would collide with the next
    /// mapping (and its guard gap) or exceed memory, the break stays and is returned;
    /// shrinking unmaps whole pages above the new break; within a page only the value moves.
    /// Before [`AddressSpace::set_brk_start`] there is no heap and the break stays 0.
    pub fn brk(&mut self, addr: UserAddr) -> UserAddr {
        let requested = addr.as_u64();
        let refused = self.start_brk == 0 || requested < self.start_brk;
        if refused || self.grow_or_shrink(requested).is_none() {
            return UserAddr::new(self.brk);
        }
        self.brk = requested;
        UserAddr::new(requested)
    }

    /// Moves the heap's end page for a break at `requested`; `None` when it cannot.
    fn grow_or_shrink(&mut self, requested: u64) -> Option<()> {
        let new_end = layout::page_align_up(requested)?;
        let old_end = layout::page_align_up(self.brk)?;
        if new_end == old_end {
            return Some(());
        }
        if requested <= self.brk {
            return self.unmap_range(new_end, old_end).ok();
        }
        if new_end > TASK_SIZE {
            return None;
        }
        if let Some(next) = self.vmas.find_next(old_end) {
            if new_end + PAGE_BYTES > next.start_gap() {
                return None;
            }
        }
        if !self.context.enough_memory((new_end - old_end) / PAGE_BYTES) {
            return None;
        }
        let heap_rights = Prot::READ | Prot::WRITE;
        let extendable = self.vmas.prev(old_end).filter(|vma| {
            vma.end == old_end
                && vma.start >= self.start_brk
                && vma.prot == heap_rights
                && vma.flags == VmaFlags::MAY_WRITE
                && matches!(vma.backing, Backing::Anonymous)
        });
        match extendable.map(|vma| vma.start) {
            Some(start) => {
                let vma = self.vmas.get_mut(start)?;
                vma.end = new_end;
            }
            None => {
                if self.vmas.len() >= MAX_MAP_COUNT {
                    return None;
                }
                // A new heap VMA is not merged with what lies below (Linux `do_brk_flags`).
                self.vmas.insert(Vma {
                    start: old_end,
                    end: new_end,
                    prot: heap_rights,
                    flags: VmaFlags::MAY_WRITE,
                    backing: Backing::Anonymous,
                });
            }
        }
        Some(())
    }
}
