//! `O_TMPFILE`: an unnamed regular file in a directory, open for writing, gone at the last
//! close.

use crate::file::OpenFile;
use crate::mount::Location;
use crate::perm::{self, MAY_EXEC, MAY_WRITE};
use crate::vfs::{new_node, Vfs};
use alloc::format;
use alloc::sync::Arc;
use core::sync::atomic::Ordering;
use kernel_core::services::vfs::{File, FileType, NodeKind, OpenFlags, PathContext, WriteAccess};
use kernel_core::Errno;

impl Vfs {
    /// `open(dir, O_TMPFILE | O_WRONLY or O_RDWR, mode)`: `EINVAL` without write access or
    /// with `O_CREAT`, `ENOTDIR` when `path` is not a directory. The file is created under a
    /// private name and unlinked at once, so it is never visible by name.
    pub(crate) fn open_tmpfile(
        &self,
        ctx: &PathContext<'_>,
        path: &[u8],
        flags: OpenFlags,
        mode: u32,
    ) -> Result<Arc<dyn File>, Errno> {
        if !flags.contains(OpenFlags::O_DIRECTORY)
            || flags.contains(OpenFlags::O_CREAT)
            || !flags.access().writable()
        {
            return Err(Errno::EINVAL);
        }
        let mut resolver = self.resolver(ctx)?;
        let dir = resolver.resolve(path, true)?;
        if dir.inode.file_type() != FileType::Directory {
            return Err(Errno::ENOTDIR);
        }
        if dir.mount.read_only() {
            return Err(Errno::EROFS);
        }
        let dir_meta = dir.inode.metadata();
        perm::check(&dir_meta, ctx.credentials, MAY_WRITE | MAY_EXEC)?;
        let node = new_node(ctx.credentials, &dir_meta, mode & !ctx.umask, false);
        let inode = loop {
            let serial = self.next_pipe_ino.fetch_add(1, Ordering::Relaxed);
            let name = format!(".#tmpfile.{serial}");
            match dir.inode.create(name.as_bytes(), NodeKind::Regular, node) {
                Ok(inode) => {
                    dir.inode.unlink(name.as_bytes())?;
                    break inode;
                }
                Err(Errno::EEXIST) => continue,
                Err(error) => return Err(error),
            }
        };
        let flags = flags - OpenFlags::O_TMPFILE - OpenFlags::O_DIRECTORY;
        let writer = WriteAccess::take(inode.clone())?;
        let location = Location::new(dir.mount.clone(), inode);
        let file = OpenFile::new(location, flags, None, None).holding(Some(writer));
        Ok(Arc::new(file))
    }
}
