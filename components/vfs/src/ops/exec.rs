//! Opening a program for `execve`: `do_open_execat`'s checks, and a description that reads it.

use crate::file::OpenFile;
use crate::perm::{self, MAY_EXEC};
use crate::vfs::Vfs;
use alloc::sync::Arc;
use kernel_core::services::vfs::{File, FileType, MountFlags, OpenFlags, PathContext};
use kernel_core::Errno;

impl Vfs {
    /// `open_exec`: the path is resolved following symbolic links; then, as `may_open` with
    /// `MAY_EXEC`, anything but a regular file is `EACCES`, so is a file on a `noexec` mount,
    /// then the execute permission is checked. Read permission is not needed: the kernel
    /// reads the program, the caller does not.
    pub(crate) fn do_open_exec(
        &self,
        ctx: &PathContext<'_>,
        path: &[u8],
    ) -> Result<Arc<dyn File>, Errno> {
        let mut resolver = self.resolver(ctx)?;
        let parent = resolver.parent(path)?;
        let (location, name) = resolver.finish_named(parent, true)?;
        let meta = location.inode.metadata();
        if meta.file_type() != Some(FileType::Regular)
            || location.mount.flags().contains(MountFlags::NOEXEC)
        {
            return Err(Errno::EACCES);
        }
        perm::check(&meta, ctx.credentials, MAY_EXEC)?;
        Ok(Arc::new(OpenFile::new(
            location,
            OpenFlags::empty(),
            None,
            name,
        )))
    }
}
