//! The caller's file-system view: `fchdir`, `umask`.

use crate::args::Fd;
use crate::context::SyscallContext;
use kernel_core::Errno;

/// `fchdir(fd)`: the directory behind `fd` (search permission needed) becomes the working
/// directory.
pub fn fchdir(ctx: &dyn SyscallContext, fd: Fd) -> Result<usize, Errno> {
    let lookup = ctx.fs().path_context(fd.0 as i32)?;
    let directory = ctx.fs().vfs().open_directory(&lookup.borrow(), b".")?;
    ctx.set_cwd(directory)?;
    Ok(0)
}

/// `umask(mask)`: returns the previous mask.
pub fn umask(ctx: &dyn SyscallContext, mask: u32) -> Result<usize, Errno> {
    ctx.umask(mask).map(|old| old as usize)
}
