//! `statfs`, `fstatfs` and the sync family (`sync`, `syncfs`, `fsync`, `fdatasync`): tmpfs
//! has nothing to write back, so syncing checks the descriptor and succeeds.

use crate::args::{Fd, UserPtr};
use crate::context::{path_lookup, read_path, SyscallContext, AT_FDCWD};
use kernel_core::services::vfs::{FileType, FsStats};
use kernel_core::Errno;

/// Linux's 64-bit `struct statfs` (120 bytes).
fn statfs_bytes(stats: &FsStats) -> [u8; 120] {
    let mut out = [0u8; 120];
    let fields = [
        stats.magic,
        stats.block_size,
        stats.blocks,
        stats.blocks_free,
        stats.blocks_available,
        stats.files,
        stats.files_free,
        0, // f_fsid
        stats.name_max,
        stats.block_size, // f_frsize
        stats.flags,
    ];
    for (index, value) in fields.iter().enumerate() {
        out[index * 8..index * 8 + 8].copy_from_slice(&value.to_le_bytes());
    }
    out
}

/// `statfs(path, buf)`.
pub fn statfs(
    ctx: &dyn SyscallContext,
    path: UserPtr<u8>,
    buf: UserPtr<u8>,
) -> Result<usize, Errno> {
    let path = read_path(ctx, path)?;
    if path.is_empty() {
        return Err(Errno::ENOENT);
    }
    let lookup = path_lookup(ctx, AT_FDCWD, &path)?;
    let stats = ctx.fs().vfs().statfs(&lookup.borrow(), &path)?;
    ctx.user().copy_out(buf.addr, &statfs_bytes(&stats))?;
    Ok(0)
}

/// `fstatfs(fd, buf)`.
pub fn fstatfs(ctx: &dyn SyscallContext, fd: Fd, buf: UserPtr<u8>) -> Result<usize, Errno> {
    let lookup = ctx.fs().path_context(fd.0 as i32)?;
    let stats = ctx.fs().vfs().statfs(&lookup.borrow(), b"")?;
    ctx.user().copy_out(buf.addr, &statfs_bytes(&stats))?;
    Ok(0)
}

/// `sync()`: nothing is cached for a device.
pub fn sync(_ctx: &dyn SyscallContext) -> Result<usize, Errno> {
    Ok(0)
}

/// `syncfs(fd)`: `EBADF` for a closed descriptor.
pub fn syncfs(ctx: &dyn SyscallContext, fd: Fd) -> Result<usize, Errno> {
    ctx.files().get(fd)?;
    Ok(0)
}

/// `fsync(fd)`: `EINVAL` for objects without a sync operation (pipes, sockets, `O_PATH`
/// descriptions are `EBADF`).
pub fn fsync(ctx: &dyn SyscallContext, fd: Fd) -> Result<usize, Errno> {
    let file = ctx.files().get(fd)?;
    if file
        .status_flags()
        .contains(kernel_core::services::vfs::OpenFlags::O_PATH)
    {
        return Err(Errno::EBADF);
    }
    match file.metadata()?.file_type() {
        Some(FileType::Fifo | FileType::Socket | FileType::CharDevice) => Err(Errno::EINVAL),
        _ => Ok(0),
    }
}

/// `fdatasync(fd)`: as `fsync`.
pub fn fdatasync(ctx: &dyn SyscallContext, fd: Fd) -> Result<usize, Errno> {
    fsync(ctx, fd)
}
