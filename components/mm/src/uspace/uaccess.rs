//! Kernel access to user memory for system calls: page by page through the tables, faulting
//! pages in as the user's own access would, `EFAULT` where that fails.

use super::fault::satisfies;
use super::layout::{PAGE_BYTES, TASK_SIZE};
use super::space::AddressSpace;
use alloc::vec::Vec;
use kernel_core::services::mm::FaultAccess;
use kernel_core::{Errno, PhysAddr, UserAddr};

impl AddressSpace {
    /// Fills `buffer` from user memory at `addr`. `EFAULT` if any byte is not readable from
    /// user space; `buffer` may then be partly filled.
    pub fn copy_in(&mut self, addr: UserAddr, buffer: &mut [u8]) -> Result<(), Errno> {
        let start = checked_range(addr, buffer.len())?;
        let mut done = 0;
        while done < buffer.len() {
            let at = start + done as u64;
            let (frame, offset, chunk) =
                self.user_chunk(at, buffer.len() - done, FaultAccess::Read)?;
            self.context
                .memory
                .read_bytes(frame, offset, &mut buffer[done..done + chunk]);
            done += chunk;
        }
        Ok(())
    }

    /// Writes `bytes` to user memory at `addr` (copy-on-write and demand paging included).
    /// `EFAULT` if any byte is not writable from user space; a prefix may have been written.
    pub fn copy_out(&mut self, addr: UserAddr, bytes: &[u8]) -> Result<(), Errno> {
        let start = checked_range(addr, bytes.len())?;
        let mut done = 0;
        while done < bytes.len() {
            let at = start + done as u64;
            let (frame, offset, chunk) =
                self.user_chunk(at, bytes.len() - done, FaultAccess::Write)?;
            self.context
                .memory
                .write_bytes(frame, offset, &bytes[done..done + chunk]);
            done += chunk;
        }
        Ok(())
    }

    /// Copies `len` bytes from `offset` in `frame` (zeros for `None`) to user memory at
    /// `addr`, page by page, up to the first byte user space could not write; returns the
    /// bytes written.
    pub fn copy_out_frame(
        &mut self,
        addr: UserAddr,
        frame: Option<PhysAddr>,
        offset: usize,
        len: usize,
    ) -> usize {
        const ZEROS: [u8; PAGE_BYTES as usize] = [0; PAGE_BYTES as usize];
        let start = addr.as_u64();
        let mut done = 0;
        while done < len {
            let Some(at) = start.checked_add(done as u64).filter(|&at| at < TASK_SIZE) else {
                break;
            };
            let Ok((target, target_offset, chunk)) =
                self.user_chunk(at, len - done, FaultAccess::Write)
            else {
                break;
            };
            let memory = &self.context.memory;
            match frame {
                Some(frame) if frame == target => {
                    // Read into a shared mapping of the same page: the ranges may overlap.
                    let mut bounce = alloc::vec![0u8; chunk];
                    memory.read_bytes(frame, offset + done, &mut bounce);
                    memory.write_bytes(target, target_offset, &bounce);
                }
                Some(frame) => {
                    memory.copy_bytes(frame, offset + done, target, target_offset, chunk)
                }
                None => memory.write_bytes(target, target_offset, &ZEROS[..chunk]),
            }
            done += chunk;
        }
        done
    }

    /// The NUL-terminated string at `addr`, without its NUL. `ENAMETOOLONG` if there is no
    /// NUL in the first `max` bytes; `EFAULT` if a byte before the NUL is unreadable.
    pub fn read_cstr(&mut self, addr: UserAddr, max: usize) -> Result<Vec<u8>, Errno> {
        let start = addr.as_u64();
        let mut string = Vec::new();
        let mut page_bytes = [0u8; PAGE_BYTES as usize];
        while string.len() < max {
            let at = start
                .checked_add(string.len() as u64)
                .filter(|&at| at < TASK_SIZE)
                .ok_or(Errno::EFAULT)?;
            let wanted = max - string.len();
            let (frame, offset, chunk) = self.user_chunk(at, wanted, FaultAccess::Read)?;
            let piece = &mut page_bytes[..chunk];
            self.context.memory.read_bytes(frame, offset, piece);
            match piece.iter().position(|&byte| byte == 0) {
                Some(nul) => {
                    string.extend_from_slice(&piece[..nul]);
                    return Ok(string);
                }
                None => string.extend_from_slice(piece),
            }
        }
        Err(Errno::ENAMETOOLONG)
    }

    /// How many bytes from `addr` (at most `len`) user space could access with `access`,
    /// faulting pages in as the access would: the part a copy would move before it faults.
    pub fn accessible_prefix(&mut self, addr: UserAddr, len: usize, access: FaultAccess) -> usize {
        let start = addr.as_u64();
        let mut done = 0;
        while done < len {
            let Some(at) = start.checked_add(done as u64).filter(|&at| at < TASK_SIZE) else {
                break;
            };
            match self.user_chunk(at, len - done, access) {
                Ok((_, _, chunk)) => done += chunk,
                Err(_) => break,
            }
        }
        done
    }

    /// The frame under `at`, the offset into it and how many of `wanted` bytes lie in that
    /// page, after making the page allow `access` from user space.
    fn user_chunk(
        &mut self,
        at: u64,
        wanted: usize,
        access: FaultAccess,
    ) -> Result<(PhysAddr, usize, usize), Errno> {
        let offset = (at % PAGE_BYTES) as usize;
        let chunk = wanted.min(PAGE_BYTES as usize - offset);
        let page = at - offset as u64;
        let frame = match self.tables.lookup(page) {
            Some(mapped) if satisfies(mapped.access, access) => mapped.frame,
            _ => {
                self.handle_fault(UserAddr::new(page), access)
                    .map_err(|_| Errno::EFAULT)?;
                self.tables
                    .lookup(page)
                    .filter(|mapped| satisfies(mapped.access, access))
                    .ok_or(Errno::EFAULT)?
                    .frame
            }
        };
        Ok((frame, offset, chunk))
    }
}

/// The start of `[addr, addr + len)` if the range lies in the user half.
fn checked_range(addr: UserAddr, len: usize) -> Result<u64, Errno> {
    let start = addr.as_u64();
    start
        .checked_add(len as u64)
        .filter(|&end| end <= TASK_SIZE)
        .map(|_| start)
        .ok_or(Errno::EFAULT)
}
