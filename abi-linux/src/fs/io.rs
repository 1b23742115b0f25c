//! Positioned and directory I/O: `lseek`, `getdents64`, `pread64`, `pwrite64`; and the
//! blocking retry shared with `read`/`write`.

use crate::args::{Fd, UserPtr};
use crate::context::SyscallContext;
use alloc::sync::Arc;
use alloc::vec;
use kernel_core::services::vfs::{File, OpenFlags, PollEvents, SeekWhence};
use kernel_core::Errno;

/// Bytes moved per step of a positioned transfer or directory read.
const CHUNK: usize = 64 * 1024;

/// Runs `op` until it stops returning `EAGAIN`; on a file without `O_NONBLOCK` each
/// `EAGAIN` sleeps until the file reports `interest` (see `kernel_core::services::vfs::wait`).
pub(crate) fn blocking<R>(
    ctx: &dyn SyscallContext,
    file: &Arc<dyn File>,
    interest: PollEvents,
    mut op: impl FnMut() -> Result<R, Errno>,
) -> Result<R, Errno> {
    loop {
        match op() {
            Err(Errno::EAGAIN) if !file.status_flags().contains(OpenFlags::O_NONBLOCK) => {
                ctx.wait_ready(file, interest)?
            }
            other => return other,
        }
    }
}

/// `lseek(fd, offset, whence)`.
pub fn lseek(ctx: &dyn SyscallContext, fd: Fd, offset: u64, whence: u32) -> Result<usize, Errno> {
    let file = ctx.files().get(fd)?;
    let whence = SeekWhence::from_raw(whence).ok_or(Errno::EINVAL)?;
    file.seek(offset as i64, whence).map(|at| at as usize)
}

/// `getdents64(fd, dirp, count)`: whole `linux_dirent64` records, at most `count` bytes.
pub fn getdents64(
    ctx: &dyn SyscallContext,
    fd: Fd,
    dirp: UserPtr<u8>,
    count: u32,
) -> Result<usize, Errno> {
    let file = ctx.files().get(fd)?;
    let mut buffer = vec![0u8; (count as usize).min(CHUNK)];
    let got = file.getdents64(&mut buffer)?;
    ctx.user().copy_out(dirp.addr, &buffer[..got])?;
    Ok(got)
}

/// `pread64(fd, buf, count, offset)`: `EINVAL` for a negative offset.
pub fn pread64(
    ctx: &dyn SyscallContext,
    fd: Fd,
    buf: UserPtr<u8>,
    count: u64,
    offset: u64,
) -> Result<usize, Errno> {
    let file = ctx.files().get(fd)?;
    let offset = i64::try_from(offset).map_err(|_| Errno::EINVAL)?;
    let mut chunk = vec![0u8; (count as usize).min(CHUNK)];
    let got = blocking(ctx, &file, PollEvents::READABLE, || {
        file.read_at(offset, &mut chunk)
    })?;
    ctx.user().copy_out(buf.addr, &chunk[..got])?;
    Ok(got)
}

/// `pwrite64(fd, buf, count, offset)`: `EINVAL` for a negative offset.
pub fn pwrite64(
    ctx: &dyn SyscallContext,
    fd: Fd,
    buf: UserPtr<u8>,
    count: u64,
    offset: u64,
) -> Result<usize, Errno> {
    let file = ctx.files().get(fd)?;
    let offset = i64::try_from(offset).map_err(|_| Errno::EINVAL)?;
    let count = super::fsize::allowed(ctx, &file, Some(offset as u64), count as usize)?;
    let mut chunk = vec![0u8; count.min(CHUNK)];
    ctx.user().copy_in(buf.addr, &mut chunk)?;
    blocking(ctx, &file, PollEvents::WRITABLE, || {
        file.write_at(offset, &chunk)
    })
}
