//! Path syscalls: `mkdirat`, `unlinkat`, `faccessat`.

use crate::args::UserPtr;
use crate::context::{path_lookup, read_path, SyscallContext};
use kernel_core::services::vfs::{AccessCheck, AtFlags};
use kernel_core::Errno;

/// `mkdirat(dirfd, path, mode)`.
pub fn mkdirat(
    ctx: &dyn SyscallContext,
    dirfd: i32,
    path: UserPtr<u8>,
    mode: u32,
) -> Result<usize, Errno> {
    let path = read_path(ctx, path)?;
    let lookup = path_lookup(ctx, dirfd, &path)?;
    ctx.fs().vfs().mkdir(&lookup.borrow(), &path, mode)?;
    Ok(0)
}

/// `unlinkat(dirfd, path, flags)`: `AT_REMOVEDIR` is the only flag (`EINVAL` otherwise).
pub fn unlinkat(
    ctx: &dyn SyscallContext,
    dirfd: i32,
    path: UserPtr<u8>,
    flags: u32,
) -> Result<usize, Errno> {
    let flags = AtFlags::from_bits(flags)
        .filter(|f| AtFlags::AT_REMOVEDIR.contains(*f))
        .ok_or(Errno::EINVAL)?;
    let path = read_path(ctx, path)?;
    let lookup = path_lookup(ctx, dirfd, &path)?;
    ctx.fs().vfs().unlink(&lookup.borrow(), &path, flags)?;
    Ok(0)
}

/// `faccessat(dirfd, path, mode)`: `mode` is `F_OK` or a mix of `R_OK`, `W_OK`, `X_OK`.
pub fn faccessat(
    ctx: &dyn SyscallContext,
    dirfd: i32,
    path: UserPtr<u8>,
    mode: u32,
) -> Result<usize, Errno> {
    let check = AccessCheck::from_bits(mode).ok_or(Errno::EINVAL)?;
    let path = read_path(ctx, path)?;
    let lookup = path_lookup(ctx, dirfd, &path)?;
    ctx.fs()
        .vfs()
        .access(&lookup.borrow(), &path, check, AtFlags::empty())?;
    Ok(0)
}

/// `faccessat2(dirfd, path, mode, flags)`: `AT_EACCESS`, `AT_SYMLINK_NOFOLLOW`,
/// `AT_EMPTY_PATH` (the caller's IDs are its effective ones here, so `AT_EACCESS` changes
/// nothing).
pub fn faccessat2(
    ctx: &dyn SyscallContext,
    dirfd: i32,
    path: UserPtr<u8>,
    mode: u32,
    flags: u32,
) -> Result<usize, Errno> {
    let check = AccessCheck::from_bits(mode).ok_or(Errno::EINVAL)?;
    let allowed = AtFlags::AT_REMOVEDIR | AtFlags::AT_SYMLINK_NOFOLLOW | AtFlags::AT_EMPTY_PATH;
    let flags = AtFlags::from_bits(flags)
        .filter(|f| allowed.contains(*f))
        .ok_or(Errno::EINVAL)?;
    let path = read_path(ctx, path)?;
    let lookup = path_lookup(ctx, dirfd, &path)?;
    ctx.fs()
        .vfs()
        .access(&lookup.borrow(), &path, check, flags)?;
    Ok(0)
}
