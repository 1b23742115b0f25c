//! Memory syscalls: `brk`, `mmap`, `munmap`, `mprotect`, `mremap`, `madvise`, `msync`.

mod file_source;

use crate::args::Fd;
use crate::context::SyscallContext;
use alloc::sync::Arc;
pub use file_source::FileSource;
use kernel_core::services::mm::{FileBacking, MapFlags, MremapFlags, Prot};
use kernel_core::services::vfs::File;
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
        check_file_access(&file, prot, flags, length, offset)?;
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

/// `do_mmap`'s checks of the open file (once the offset and length passed theirs): a shared
/// writable mapping needs a writable file, every mapping a readable one (`EACCES`), and the
/// file must be mappable (`ENODEV` for a directory).
fn check_file_access(
    file: &alloc::sync::Arc<dyn File>,
    prot: Prot,
    flags: MapFlags,
    length: u64,
    offset: u64,
) -> Result<(), Errno> {
    if !offset.is_multiple_of(4096) || length == 0 {
        return Ok(()); // the address space reports these first
    }
    let access = file.status_flags().access();
    let shared = matches!(flags.bits() & 0x0f, 0x01 | 0x03);
    if shared && prot.contains(Prot::WRITE) && !access.writable() {
        return Err(Errno::EACCES);
    }
    if !access.readable() {
        return Err(Errno::EACCES);
    }
    if file.metadata().is_ok_and(|metadata| metadata.is_dir()) {
        return Err(Errno::ENODEV);
    }
    Ok(())
}

/// `mremap(old_address, old_size, new_size, flags, new_address)`.
pub fn mremap(
    ctx: &dyn SyscallContext,
    old_address: u64,
    old_size: u64,
    new_size: u64,
    flags: u64,
    new_address: u64,
) -> Result<usize, Errno> {
    let flags = MremapFlags::from_bits(flags).ok_or(Errno::EINVAL)?;
    let moved = ctx.space().lock().mremap(
        UserAddr::new(old_address),
        old_size,
        new_size,
        flags,
        UserAddr::new(new_address),
    )?;
    Ok(moved.as_usize())
}

/// `madvise(addr, length, advice)`.
pub fn madvise(
    ctx: &dyn SyscallContext,
    addr: u64,
    length: u64,
    advice: i32,
) -> Result<usize, Errno> {
    ctx.space()
        .lock()
        .madvise(UserAddr::new(addr), length, advice)?;
    Ok(0)
}

/// `msync(addr, length, flags)`.
pub fn msync(ctx: &dyn SyscallContext, addr: u64, length: u64, flags: i32) -> Result<usize, Errno> {
    ctx.space()
        .lock()
        .msync(UserAddr::new(addr), length, flags)?;
    Ok(0)
}
