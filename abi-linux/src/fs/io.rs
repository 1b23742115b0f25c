//! Positioned, vectored and directory I/O: `lseek`, `getdents64`, `pread64`, `pwrite64`,
//! `readv`, `writev`; and the blocking retry shared with `read`/`write`.

use crate::args::{Fd, UserPtr};
use crate::context::SyscallContext;
use alloc::sync::Arc;
use alloc::vec;
use kernel_core::services::vfs::{File, OpenFlags, PollEvents, SeekWhence};
use kernel_core::Errno;

/// Bytes moved per step of a positioned transfer or directory read.
const CHUNK: usize = 64 * 1024;
/// Linux's `UIO_MAXIOV`.
const UIO_MAXIOV: u64 = 1024;

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
    let mut chunk = vec![0u8; (count as usize).min(CHUNK)];
    ctx.user().copy_in(buf.addr, &mut chunk)?;
    blocking(ctx, &file, PollEvents::WRITABLE, || {
        file.write_at(offset, &chunk)
    })
}

/// `readv(fd, iov, iovcnt)`.
pub fn readv(
    ctx: &dyn SyscallContext,
    fd: Fd,
    iov: UserPtr<u8>,
    iovcnt: u64,
) -> Result<usize, Errno> {
    vectored(ctx, fd, iov, iovcnt, super::read)
}

/// `writev(fd, iov, iovcnt)`.
pub fn writev(
    ctx: &dyn SyscallContext,
    fd: Fd,
    iov: UserPtr<u8>,
    iovcnt: u64,
) -> Result<usize, Errno> {
    vectored(ctx, fd, iov, iovcnt, super::write)
}

type Transfer = fn(&dyn SyscallContext, Fd, UserPtr<u8>, u64) -> Result<usize, Errno>;

/// One `transfer` per `struct iovec` (16 bytes: base, length) until one comes up short.
fn vectored(
    ctx: &dyn SyscallContext,
    fd: Fd,
    iov: UserPtr<u8>,
    iovcnt: u64,
    transfer: Transfer,
) -> Result<usize, Errno> {
    let iovcnt = iovcnt as u32 as u64; // an `int`
    if iovcnt > UIO_MAXIOV {
        return Err(Errno::EINVAL);
    }
    ctx.files().get(fd)?;
    let mut vectors = vec![0u8; iovcnt as usize * 16];
    ctx.user().copy_in(iov.addr, &mut vectors)?;
    let mut total: usize = 0;
    for entry in vectors.chunks_exact(16) {
        let mut base = [0u8; 8];
        let mut len = [0u8; 8];
        base.copy_from_slice(&entry[..8]);
        len.copy_from_slice(&entry[8..]);
        let len = u64::from_le_bytes(len);
        if len > isize::MAX as u64 {
            return Err(Errno::EINVAL);
        }
        if len == 0 {
            continue;
        }
        match transfer(ctx, fd, UserPtr::new(u64::from_le_bytes(base)), len) {
            Ok(done) => {
                total += done;
                if (done as u64) < len {
                    break;
                }
            }
            Err(_) if total > 0 => break,
            Err(error) => return Err(error),
        }
    }
    Ok(total)
}
