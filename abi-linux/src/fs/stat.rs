//! `newfstatat`, `fstat` and `readlinkat`.

use crate::args::{Fd, UserPtr};
use crate::context::{read_path, write_user, SyscallContext, UserBytes};
use kernel_core::services::vfs::{AtFlags, Metadata};
use kernel_core::Errno;

/// Linux's arm64 `struct stat` (asm-generic layout, 128 bytes).
pub struct Stat(pub Metadata);

impl UserBytes for Stat {
    fn with_bytes<R>(&self, write: impl FnOnce(&[u8]) -> R) -> R {
        let m = &self.0;
        let mut out = [0u8; 128];
        let mut put = |at: usize, bytes: &[u8]| out[at..at + bytes.len()].copy_from_slice(bytes);
        put(0, &m.dev.to_linux().to_le_bytes());
        put(8, &m.ino.to_le_bytes());
        put(16, &m.mode.to_le_bytes());
        put(20, &m.nlink.to_le_bytes());
        put(24, &m.uid.to_le_bytes());
        put(28, &m.gid.to_le_bytes());
        put(32, &m.rdev.to_linux().to_le_bytes());
        put(48, &(m.size as i64).to_le_bytes());
        put(56, &(m.blksize as i32).to_le_bytes());
        put(64, &(m.blocks as i64).to_le_bytes());
        for (at, time) in [(72, m.atime), (88, m.mtime), (104, m.ctime)] {
            put(at, &time.sec.to_le_bytes());
            put(at + 8, &(time.nsec as u64).to_le_bytes());
        }
        write(&out)
    }
}

/// `newfstatat(dirfd, path, statbuf, flags)`.
pub fn newfstatat(
    ctx: &dyn SyscallContext,
    dirfd: i32,
    path: UserPtr<u8>,
    statbuf: UserPtr<Stat>,
    flags: u64,
) -> Result<usize, Errno> {
    let flags = AtFlags::from_bits(flags as u32).ok_or(Errno::EINVAL)?;
    let path = read_path(ctx, path)?;
    let lookup = ctx.fs().path_context(dirfd)?;
    let metadata = ctx.fs().vfs().stat(&lookup.borrow(), &path, flags)?;
    write_user(ctx, statbuf, &Stat(metadata))?;
    Ok(0)
}

/// `fstat(fd, statbuf)`.
pub fn fstat(ctx: &dyn SyscallContext, fd: Fd, statbuf: UserPtr<Stat>) -> Result<usize, Errno> {
    let metadata = ctx.files().get(fd)?.metadata()?;
    write_user(ctx, statbuf, &Stat(metadata))?;
    Ok(0)
}

/// `readlinkat(dirfd, path, buf, size)`: the target, not NUL-terminated, truncated to `size`.
pub fn readlinkat(
    ctx: &dyn SyscallContext,
    dirfd: i32,
    path: UserPtr<u8>,
    buf: UserPtr<u8>,
    size: u64,
) -> Result<usize, Errno> {
    if (size as i32) <= 0 {
        return Err(Errno::EINVAL);
    }
    let path = read_path(ctx, path)?;
    let lookup = ctx.fs().path_context(dirfd)?;
    let target = ctx.fs().vfs().readlink(&lookup.borrow(), &path)?;
    let len = target.len().min(size as usize);
    ctx.user().copy_out(buf.addr, &target[..len])?;
    Ok(len)
}
