//! User memory reached by walking the user page table and copying through the linear map:
//! an unmapped or forbidden address is `EFAULT`, never a kernel fault.

use abi_linux::context::UserMemory;
use kernel_core::layout::phys_to_linear;
use kernel_core::paging::{Access, LinearMapTables, PageTable, UserHalf};
use kernel_core::sync::IrqSpinLock;
use kernel_core::{Errno, UserAddr, PAGE_SIZE};

/// A user address space's page table.
pub type UserTable = PageTable<UserHalf, LinearMapTables<'static>>;

/// Checked copies in and out of one address space.
pub struct TableUserMemory<'a> {
    /// The address space.
    pub table: &'a IrqSpinLock<UserTable>,
}

impl TableUserMemory<'_> {
    /// Visits `[addr, addr + len)` page by page as (kernel pointer, chunk length), checking that
    /// each page is mapped for the user with `needed` rights.
    fn each_chunk(
        &self,
        addr: UserAddr,
        len: usize,
        needed: Access,
        mut visit: impl FnMut(*mut u8, usize),
    ) -> Result<(), Errno> {
        let table = self.table.lock();
        let mut at = addr.as_u64();
        let end = at.checked_add(len as u64).ok_or(Errno::EFAULT)?;
        while at < end {
            let translation = table.translate(UserAddr::new(at)).ok_or(Errno::EFAULT)?;
            if !translation.access.contains(needed | Access::USER) {
                return Err(Errno::EFAULT);
            }
            let page_left = PAGE_SIZE as u64 - (at % PAGE_SIZE as u64);
            let chunk = page_left.min(end - at) as usize;
            visit(phys_to_linear(translation.phys.as_u64()) as *mut u8, chunk);
            at += chunk as u64;
        }
        Ok(())
    }
}

impl UserMemory for TableUserMemory<'_> {
    fn copy_out(&self, to: UserAddr, bytes: &[u8]) -> Result<(), Errno> {
        let mut done = 0;
        self.each_chunk(to, bytes.len(), Access::WRITE, |dest, chunk| {
            // SAFETY: `dest` is the linear-map alias of a user page mapped writable, with at
            // least `chunk` bytes left in the page; user and kernel views never overlap `bytes`.
            unsafe { core::ptr::copy_nonoverlapping(bytes[done..].as_ptr(), dest, chunk) };
            done += chunk;
        })
    }

    fn copy_in(&self, from: UserAddr, buffer: &mut [u8]) -> Result<(), Errno> {
        let mut done = 0;
        self.each_chunk(from, buffer.len(), Access::READ, |src, chunk| {
            // SAFETY: as in `copy_out`, for a readable page.
            unsafe { core::ptr::copy_nonoverlapping(src, buffer[done..].as_mut_ptr(), chunk) };
            done += chunk;
        })
    }
}
