//! Vectored I/O: `readv`, `writev`, `preadv`, `pwritev`, `preadv2`, `pwritev2`.

use crate::args::{Fd, UserPtr};
use crate::context::SyscallContext;
use alloc::vec;
use kernel_core::Errno;

/// Linux's `UIO_MAXIOV`.
const UIO_MAXIOV: u64 = 1024;
/// `preadv2`/`pwritev2` flags Linux knows (`RWF_HIPRI` ... `RWF_APPEND`); others `EOPNOTSUPP`.
const RWF_SUPPORTED: u32 = 0x1f;

/// `readv(fd, iov, iovcnt)`.
pub fn readv(
    ctx: &dyn SyscallContext,
    fd: Fd,
    iov: UserPtr<u8>,
    iovcnt: u64,
) -> Result<usize, Errno> {
    vectored(ctx, fd, iov, iovcnt, &mut |buf, len| {
        super::read(ctx, fd, buf, len)
    })
}

/// `writev(fd, iov, iovcnt)`.
pub fn writev(
    ctx: &dyn SyscallContext,
    fd: Fd,
    iov: UserPtr<u8>,
    iovcnt: u64,
) -> Result<usize, Errno> {
    vectored(ctx, fd, iov, iovcnt, &mut |buf, len| {
        super::write(ctx, fd, buf, len)
    })
}

/// `preadv(fd, iov, iovcnt, offset)`: `EINVAL` for a negative offset.
pub fn preadv(
    ctx: &dyn SyscallContext,
    fd: Fd,
    iov: UserPtr<u8>,
    iovcnt: u64,
    offset: u64,
) -> Result<usize, Errno> {
    positioned(ctx, fd, iov, iovcnt, offset, false)
}

/// `pwritev(fd, iov, iovcnt, offset)`.
pub fn pwritev(
    ctx: &dyn SyscallContext,
    fd: Fd,
    iov: UserPtr<u8>,
    iovcnt: u64,
    offset: u64,
) -> Result<usize, Errno> {
    positioned(ctx, fd, iov, iovcnt, offset, true)
}

/// `preadv2(fd, iov, iovcnt, offset_low, offset_high, flags)`: offset -1 uses the file offset.
pub fn preadv2(
    ctx: &dyn SyscallContext,
    fd: Fd,
    iov: UserPtr<u8>,
    iovcnt: u64,
    offset: u64,
    _offset_high: u64,
    flags: u32,
) -> Result<usize, Errno> {
    if flags & !RWF_SUPPORTED != 0 {
        return Err(Errno::EOPNOTSUPP);
    }
    match offset as i64 {
        -1 => readv(ctx, fd, iov, iovcnt),
        _ => preadv(ctx, fd, iov, iovcnt, offset),
    }
}

/// `pwritev2(fd, iov, iovcnt, offset_low, offset_high, flags)`: offset -1 uses the file
/// offset.
pub fn pwritev2(
    ctx: &dyn SyscallContext,
    fd: Fd,
    iov: UserPtr<u8>,
    iovcnt: u64,
    offset: u64,
    _offset_high: u64,
    flags: u32,
) -> Result<usize, Errno> {
    if flags & !RWF_SUPPORTED != 0 {
        return Err(Errno::EOPNOTSUPP);
    }
    match offset as i64 {
        -1 => writev(ctx, fd, iov, iovcnt),
        _ => pwritev(ctx, fd, iov, iovcnt, offset),
    }
}

fn positioned(
    ctx: &dyn SyscallContext,
    fd: Fd,
    iov: UserPtr<u8>,
    iovcnt: u64,
    offset: u64,
    write: bool,
) -> Result<usize, Errno> {
    if (offset as i64) < 0 {
        return Err(Errno::EINVAL);
    }
    let mut at = offset;
    vectored(ctx, fd, iov, iovcnt, &mut |buf, len| {
        let done = if write {
            super::pwrite64(ctx, fd, buf, len, at)?
        } else {
            super::pread64(ctx, fd, buf, len, at)?
        };
        at = at.saturating_add(done as u64);
        Ok(done)
    })
}

type Transfer<'a> = dyn FnMut(UserPtr<u8>, u64) -> Result<usize, Errno> + 'a;

/// One `transfer` per `struct iovec` (16 bytes: base, length) until one comes up short.
fn vectored(
    ctx: &dyn SyscallContext,
    fd: Fd,
    iov: UserPtr<u8>,
    iovcnt: u64,
    transfer: &mut Transfer<'_>,
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
        match transfer(UserPtr::new(u64::from_le_bytes(base)), len) {
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
