//! Name syscalls: `mknodat`, `symlinkat`, `linkat`, `renameat`, `renameat2`.

use crate::args::UserPtr;
use crate::context::{path_lookup, read_path, SyscallContext};
use kernel_core::services::vfs::{AtFlags, DeviceId, RenameFlags};
use kernel_core::Errno;

/// `mknodat(dirfd, path, mode, dev)`: `mode`'s type bits choose the kind (0: regular).
pub fn mknodat(
    ctx: &dyn SyscallContext,
    dirfd: i32,
    path: UserPtr<u8>,
    mode: u32,
    dev: u64,
) -> Result<usize, Errno> {
    let path = read_path(ctx, path)?;
    let lookup = path_lookup(ctx, dirfd, &path)?;
    ctx.fs()
        .vfs()
        .mknod(&lookup.borrow(), &path, mode, DeviceId::from_linux(dev))?;
    Ok(0)
}

/// `symlinkat(target, newdirfd, linkpath)`.
pub fn symlinkat(
    ctx: &dyn SyscallContext,
    target: UserPtr<u8>,
    newdirfd: i32,
    linkpath: UserPtr<u8>,
) -> Result<usize, Errno> {
    let target = read_path(ctx, target)?;
    let path = read_path(ctx, linkpath)?;
    let lookup = path_lookup(ctx, newdirfd, &path)?;
    ctx.fs().vfs().symlink(&lookup.borrow(), &target, &path)?;
    Ok(0)
}

/// `linkat(olddirfd, oldpath, newdirfd, newpath, flags)`: `AT_SYMLINK_FOLLOW` and
/// `AT_EMPTY_PATH` only (`EINVAL` otherwise).
pub fn linkat(
    ctx: &dyn SyscallContext,
    olddirfd: i32,
    oldpath: UserPtr<u8>,
    newdirfd: i32,
    newpath: UserPtr<u8>,
    flags: u32,
) -> Result<usize, Errno> {
    let allowed = AtFlags::AT_SYMLINK_FOLLOW | AtFlags::AT_EMPTY_PATH;
    let flags = AtFlags::from_bits(flags)
        .filter(|f| allowed.contains(*f))
        .ok_or(Errno::EINVAL)?;
    let old_path = read_path(ctx, oldpath)?;
    let new_path = read_path(ctx, newpath)?;
    let old = path_lookup(ctx, olddirfd, &old_path)?;
    let new = path_lookup(ctx, newdirfd, &new_path)?;
    ctx.fs()
        .vfs()
        .link(&old.borrow(), &old_path, &new.borrow(), &new_path, flags)?;
    Ok(0)
}

/// `renameat(olddirfd, oldpath, newdirfd, newpath)`.
pub fn renameat(
    ctx: &dyn SyscallContext,
    olddirfd: i32,
    oldpath: UserPtr<u8>,
    newdirfd: i32,
    newpath: UserPtr<u8>,
) -> Result<usize, Errno> {
    renameat2(ctx, olddirfd, oldpath, newdirfd, newpath, 0)
}

/// `renameat2(olddirfd, oldpath, newdirfd, newpath, flags)`: `RENAME_NOREPLACE`,
/// `RENAME_EXCHANGE` (not both: `EINVAL`).
pub fn renameat2(
    ctx: &dyn SyscallContext,
    olddirfd: i32,
    oldpath: UserPtr<u8>,
    newdirfd: i32,
    newpath: UserPtr<u8>,
    flags: u32,
) -> Result<usize, Errno> {
    let flags = RenameFlags::from_bits(flags).ok_or(Errno::EINVAL)?;
    let old_path = read_path(ctx, oldpath)?;
    let new_path = read_path(ctx, newpath)?;
    let old = path_lookup(ctx, olddirfd, &old_path)?;
    let new = path_lookup(ctx, newdirfd, &new_path)?;
    ctx.fs()
        .vfs()
        .rename(&old.borrow(), &old_path, &new.borrow(), &new_path, flags)?;
    Ok(0)
}
