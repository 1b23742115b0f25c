//! Storage hints and reservations: `fallocate`, `fadvise64`. tmpfs allocates pages on write,
//! so reserving only grows the size (unless `FALLOC_FL_KEEP_SIZE`) and advice is checked and
//! ignored.

use crate::args::Fd;
use crate::context::SyscallContext;
use alloc::sync::Arc;
use alloc::vec;
use kernel_core::services::vfs::{File, FileType};
use kernel_core::Errno;

const FALLOC_FL_KEEP_SIZE: u32 = 1;
const FALLOC_FL_PUNCH_HOLE: u32 = 2;
/// Bytes zeroed per step of a punched hole.
const CHUNK: usize = 64 * 1024;

/// `ESPIPE` for pipes, `EISDIR` for directories, `ENODEV` for other non-regular files.
fn regular_only(file: &Arc<dyn File>) -> Result<(), Errno> {
    match file.metadata()?.file_type() {
        Some(FileType::Regular) => Ok(()),
        Some(FileType::Fifo) => Err(Errno::ESPIPE),
        Some(FileType::Directory) => Err(Errno::EISDIR),
        _ => Err(Errno::ENODEV),
    }
}

/// `fallocate(fd, mode, offset, len)`: mode 0 extends the size to `offset + len`;
/// `FALLOC_FL_KEEP_SIZE` keeps it; `FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE` zeroes the
/// range; other modes `EOPNOTSUPP`.
pub fn fallocate(
    ctx: &dyn SyscallContext,
    fd: Fd,
    mode: u32,
    offset: u64,
    len: u64,
) -> Result<usize, Errno> {
    let (offset, len) = (offset as i64, len as i64);
    if offset < 0 || len <= 0 {
        return Err(Errno::EINVAL);
    }
    let end = offset.checked_add(len).ok_or(Errno::EFBIG)?;
    let file = ctx.files().get(fd)?;
    if !file.status_flags().access().writable() {
        return Err(Errno::EBADF);
    }
    regular_only(&file)?;
    match mode {
        0 => {
            if end as u64 > file.metadata()?.size {
                file.truncate(end)?;
            }
        }
        FALLOC_FL_KEEP_SIZE => {}
        m if m == FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE => {
            let size = file.metadata()?.size as i64;
            let zeros = vec![0u8; CHUNK];
            let mut at = offset;
            while at < end.min(size) {
                let step = ((end.min(size) - at) as usize).min(CHUNK);
                at += file.write_at(at, &zeros[..step])? as i64;
            }
        }
        FALLOC_FL_PUNCH_HOLE => return Err(Errno::EOPNOTSUPP),
        _ => return Err(Errno::EOPNOTSUPP),
    }
    Ok(0)
}

/// `fadvise64(fd, offset, len, advice)`: `EINVAL` for unknown advice or a negative length,
/// `ESPIPE` on a pipe; otherwise accepted and ignored.
pub fn fadvise64(
    ctx: &dyn SyscallContext,
    fd: Fd,
    _offset: u64,
    len: u64,
    advice: i32,
) -> Result<usize, Errno> {
    let file = ctx.files().get(fd)?;
    if file.metadata()?.file_type() == Some(FileType::Fifo) {
        return Err(Errno::ESPIPE);
    }
    if (len as i64) < 0 || !(0..=5).contains(&advice) {
        return Err(Errno::EINVAL);
    }
    Ok(0)
}
