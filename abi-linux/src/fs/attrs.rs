//! Attribute syscalls: `fchmod`, `fchmodat`, `fchown`, `fchownat`, `utimensat`, `truncate`,
//! `ftruncate`.

use crate::args::{Fd, UserPtr};
use crate::context::{path_lookup, read_path, SyscallContext};
use alloc::vec::Vec;
use kernel_core::services::vfs::{AtFlags, TimeChange, Timespec};
use kernel_core::Errno;

/// `utimensat`'s "now" nanoseconds value.
const UTIME_NOW: i64 = (1 << 30) - 1;
/// `utimensat`'s "leave it" nanoseconds value.
const UTIME_OMIT: i64 = (1 << 30) - 2;

/// `-1` (as `uid_t`/`gid_t`) leaves the ID.
fn id_change(id: u32) -> Option<u32> {
    (id != u32::MAX).then_some(id)
}

/// `fchmod(fd, mode)`: `fchmodat` on the descriptor itself.
pub fn fchmod(ctx: &dyn SyscallContext, fd: Fd, mode: u32) -> Result<usize, Errno> {
    let lookup = ctx.fs().path_context(fd.0 as i32)?;
    ctx.fs()
        .vfs()
        .chmod(&lookup.borrow(), b"", mode, AtFlags::AT_EMPTY_PATH)?;
    Ok(0)
}

/// `fchmodat(dirfd, path, mode)` (Linux 6.1 takes no flags).
pub fn fchmodat(
    ctx: &dyn SyscallContext,
    dirfd: i32,
    path: UserPtr<u8>,
    mode: u32,
) -> Result<usize, Errno> {
    let path = read_path(ctx, path)?;
    let lookup = path_lookup(ctx, dirfd, &path)?;
    ctx.fs()
        .vfs()
        .chmod(&lookup.borrow(), &path, mode, AtFlags::empty())?;
    Ok(0)
}

/// `fchown(fd, uid, gid)`.
pub fn fchown(ctx: &dyn SyscallContext, fd: Fd, uid: u32, gid: u32) -> Result<usize, Errno> {
    let lookup = ctx.fs().path_context(fd.0 as i32)?;
    ctx.fs().vfs().chown(
        &lookup.borrow(),
        b"",
        id_change(uid),
        id_change(gid),
        AtFlags::AT_EMPTY_PATH,
    )?;
    Ok(0)
}

/// `fchownat(dirfd, path, uid, gid, flags)`: `AT_SYMLINK_NOFOLLOW`, `AT_EMPTY_PATH`.
pub fn fchownat(
    ctx: &dyn SyscallContext,
    dirfd: i32,
    path: UserPtr<u8>,
    uid: u32,
    gid: u32,
    flags: u32,
) -> Result<usize, Errno> {
    let flags = AtFlags::from_bits(flags).ok_or(Errno::EINVAL)?;
    let path = read_path(ctx, path)?;
    let lookup = path_lookup(ctx, dirfd, &path)?;
    ctx.fs().vfs().chown(
        &lookup.borrow(),
        &path,
        id_change(uid),
        id_change(gid),
        flags,
    )?;
    Ok(0)
}

/// One `struct timespec` of `utimensat` as a change.
fn time_change(bytes: &[u8]) -> Result<TimeChange, Errno> {
    let mut sec = [0u8; 8];
    let mut nsec = [0u8; 8];
    sec.copy_from_slice(&bytes[..8]);
    nsec.copy_from_slice(&bytes[8..16]);
    let (sec, nsec) = (i64::from_le_bytes(sec), i64::from_le_bytes(nsec));
    match nsec {
        UTIME_NOW => Ok(TimeChange::Now),
        UTIME_OMIT => Ok(TimeChange::Omit),
        0..=999_999_999 => Ok(TimeChange::Set(Timespec::new(sec, nsec as u32))),
        _ => Err(Errno::EINVAL),
    }
}

/// `utimensat(dirfd, path, times, flags)`: `times` NULL sets both to now; `path` NULL works on
/// `dirfd` itself (`futimens`).
pub fn utimensat(
    ctx: &dyn SyscallContext,
    dirfd: i32,
    path: UserPtr<u8>,
    times: UserPtr<u8>,
    flags: u32,
) -> Result<usize, Errno> {
    let mut flags = AtFlags::from_bits(flags)
        .filter(|f| (AtFlags::AT_SYMLINK_NOFOLLOW | AtFlags::AT_EMPTY_PATH).contains(*f))
        .ok_or(Errno::EINVAL)?;
    let (atime, mtime) = if times.is_null() {
        (TimeChange::Now, TimeChange::Now)
    } else {
        let mut bytes = [0u8; 32];
        ctx.user().copy_in(times.addr, &mut bytes)?;
        (time_change(&bytes[..16])?, time_change(&bytes[16..])?)
    };
    let path: Vec<u8> = if path.is_null() {
        if dirfd == crate::context::AT_FDCWD {
            return Err(Errno::EFAULT); // Linux looks a NULL name up then
        }
        if !flags.is_empty() {
            return Err(Errno::EINVAL); // `futimens` takes no flags
        }
        if atime == TimeChange::Omit && mtime == TimeChange::Omit {
            return Ok(0);
        }
        flags |= AtFlags::AT_EMPTY_PATH;
        Vec::new()
    } else {
        read_path(ctx, path)?
    };
    let lookup = path_lookup(ctx, dirfd, &path)?;
    ctx.fs()
        .vfs()
        .utimens(&lookup.borrow(), &path, atime, mtime, flags)?;
    Ok(0)
}

/// `truncate(path, length)`.
pub fn truncate(ctx: &dyn SyscallContext, path: UserPtr<u8>, length: u64) -> Result<usize, Errno> {
    let length = i64::try_from(length).map_err(|_| Errno::EINVAL)?;
    let path = read_path(ctx, path)?;
    let lookup = path_lookup(ctx, crate::context::AT_FDCWD, &path)?;
    ctx.fs().vfs().truncate(&lookup.borrow(), &path, length)?;
    Ok(0)
}

/// `ftruncate(fd, length)`: `EINVAL` unless a regular file open for writing.
pub fn ftruncate(ctx: &dyn SyscallContext, fd: Fd, length: u64) -> Result<usize, Errno> {
    let file = ctx.files().get(fd)?;
    let length = i64::try_from(length).map_err(|_| Errno::EINVAL)?;
    file.truncate(length)?;
    Ok(0)
}
