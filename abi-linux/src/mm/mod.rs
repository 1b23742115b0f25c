//! Memory syscalls: `brk`, `mmap`, `munmap`, `mprotect`.

mod file_source;

use crate::args::Fd;
use crate::context::SyscallContext;
use alloc::sync::Arc;
use file_source::FileSource;
use kernel_core::services::mm::{FileBacking, MapFlags, Prot};
use kernel_core::{Errno, UserAddr};

/// `brk(addr)`: the new break, or the current one when the request cannot be met.
pub fn brk(ctx: &dyn SyscallContext, addr: u64) -> Result<usize, Errno> {
    Ok(ctx.space().lock().brk(UserAddr::new(addr)).as_usize())
}

/// `mmap(addr, length, prot, flags, fd, offset)`.
pub fn mmap(
    ctx: &dyn SyscallContext,
    addr: u64,
    length: u64,
    prot: u64,
    flags: u64,
    fd: i32,
    offset: u64,
) -> Result<usize, Errno> {
    let prot = Prot::from_bits(prot).ok_or(Errno::EINVAL)?;
    let flags = MapFlags::from_bits_retain(flags);
    let backing = if flags.contains(MapFlags::ANONYMOUS) {
        None
    } else {
        let file = ctx
            .files()
            .get(Fd(u32::try_from(fd).map_err(|_| Errno::EBADF)?))?;
        Some(FileBacking {
            source: Arc::new(FileSource(file)),
            file_bytes: None,
        })
    };
    let mapped =
        ctx.space()
            .lock()
            .mmap(UserAddr::new(addr), length, prot, flags, offset, backing)?;
    Ok(mapped.as_usize())
}

/// `munmap(addr, length)`.
pub fn munmap(ctx: &dyn SyscallContext, addr: u64, length: u64) -> Result<usize, Errno> {
    ctx.space().lock().munmap(UserAddr::new(addr), length)?;
    Ok(0)
}

/// `mprotect(addr, length, prot)`.
pub fn mprotect(
    ctx: &dyn SyscallContext,
    addr: u64,
    length: u64,
    prot: u64,
) -> Result<usize, Errno> {
    let prot = Prot::from_bits(prot).ok_or(Errno::EINVAL)?;
    ctx.space()
        .lock()
        .mprotect(UserAddr::new(addr), length, prot)?;
    Ok(0)
}
