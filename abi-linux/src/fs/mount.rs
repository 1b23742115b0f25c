//! `mount` and `umount2`.

use crate::args::UserPtr;
use crate::context::{path_lookup, read_path, SyscallContext, AT_FDCWD};
use alloc::vec::Vec;
use kernel_core::services::vfs::{MountFlags, UnmountFlags};
use kernel_core::Errno;

/// Reads an optional NUL-terminated string (NULL is empty).
fn optional_string(ctx: &dyn SyscallContext, at: UserPtr<u8>) -> Result<Vec<u8>, Errno> {
    if at.is_null() {
        Ok(Vec::new())
    } else {
        read_path(ctx, at)
    }
}

/// `mount(source, target, fstype, flags, data)`: `data` is read as a string of options, as the
/// file systems Lichen mounts (tmpfs, devtmpfs, proc) take them.
pub fn mount(
    ctx: &dyn SyscallContext,
    source: UserPtr<u8>,
    target: UserPtr<u8>,
    fstype: UserPtr<u8>,
    flags: u64,
    data: UserPtr<u8>,
) -> Result<usize, Errno> {
    let source = optional_string(ctx, source)?;
    let target = read_path(ctx, target)?;
    let fstype = optional_string(ctx, fstype)?;
    let data = optional_string(ctx, data)?;
    let flags = MountFlags::from_bits_retain(flags);
    let lookup = path_lookup(ctx, AT_FDCWD, &target)?;
    ctx.fs()
        .vfs()
        .mount(&lookup.borrow(), &source, &target, &fstype, flags, &data)?;
    Ok(0)
}

/// `umount2(target, flags)`.
pub fn umount2(ctx: &dyn SyscallContext, target: UserPtr<u8>, flags: u32) -> Result<usize, Errno> {
    let flags = UnmountFlags::from_bits(flags).ok_or(Errno::EINVAL)?;
    let target = read_path(ctx, target)?;
    let lookup = path_lookup(ctx, AT_FDCWD, &target)?;
    ctx.fs().vfs().unmount(&lookup.borrow(), &target, flags)?;
    Ok(0)
}
