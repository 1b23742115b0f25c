//! `openat`: resolving, creating with `O_CREAT`, checking access, and opening by file type.

use crate::file::OpenFile;
use crate::mount::{Location, MountPin};
use crate::path::{is_symlink, Last, Resolver};
use crate::perm::{self, MAY_EXEC, MAY_READ, MAY_WRITE};
use crate::pipe::{Pipe, PipeEnd};
use crate::vfs::{new_node, Vfs};
use alloc::sync::Arc;
use alloc::vec::Vec;
use kernel_core::services::vfs::{
    AccessMode, File, FileType, MountFlags, NodeKind, OpenFlags, PathContext, WriteAccess,
};
use kernel_core::Errno;

impl Vfs {
    /// `openat(2)`.
    pub(crate) fn do_open(
        &self,
        ctx: &PathContext<'_>,
        path: &[u8],
        flags: OpenFlags,
        mode: u32,
    ) -> Result<Arc<dyn File>, Errno> {
        if flags.contains(OpenFlags::O_TMPFILE) {
            return self.open_tmpfile(ctx, path, flags, mode);
        }
        let path_only = flags.contains(OpenFlags::O_PATH);
        let flags = if path_only {
            flags
                & (OpenFlags::O_PATH
                    | OpenFlags::O_DIRECTORY
                    | OpenFlags::O_NOFOLLOW
                    | OpenFlags::O_CLOEXEC)
        } else {
            flags
        };
        let mut resolver = self.resolver(ctx)?;
        let (location, name, created) = if flags.contains(OpenFlags::O_CREAT) {
            self.open_create(ctx, &mut resolver, path, flags, mode)?
        } else {
            let parent = resolver.parent(path)?;
            let follow = !flags.contains(OpenFlags::O_NOFOLLOW);
            let (location, name) = resolver.finish_named(parent, follow)?;
            (location, name, false)
        };
        let meta = location.inode.metadata();
        let kind = meta.file_type().ok_or(Errno::EIO)?;
        // Linux 6.1: `O_CREAT` on an existing directory is `EISDIR`; `O_CREAT | O_DIRECTORY`
        // creates a missing regular file and then fails with `ENOTDIR`.
        if flags.contains(OpenFlags::O_CREAT) && !created && kind == FileType::Directory {
            return Err(Errno::EISDIR);
        }
        if flags.contains(OpenFlags::O_DIRECTORY) && kind != FileType::Directory {
            return Err(Errno::ENOTDIR);
        }
        let name = name.filter(|_| kind != FileType::Directory);
        if path_only {
            return Ok(Arc::new(OpenFile::new(location, flags, None, name)));
        }
        if kind == FileType::Symlink {
            return Err(Errno::ELOOP);
        }
        let access = flags.access();
        let truncate = flags.contains(OpenFlags::O_TRUNC);
        let wants_write = access.writable() || access == AccessMode::Invalid || truncate;
        if kind == FileType::Directory && wants_write {
            return Err(Errno::EISDIR);
        }
        if !created {
            if wants_write && location.mount.read_only() && perm::write_needs_writable_mount(&meta)
            {
                return Err(Errno::EROFS);
            }
            let mut want = 0;
            if access.readable() || access == AccessMode::Invalid {
                want |= MAY_READ;
            }
            if wants_write {
                want |= MAY_WRITE;
            }
            perm::check(&meta, ctx.credentials, want)?;
        }
        match kind {
            FileType::Fifo => self.open_fifo(location, flags),
            FileType::CharDevice => {
                if location.mount.flags().contains(MountFlags::NODEV) {
                    return Err(Errno::EACCES);
                }
                let ops = self
                    .devices
                    .lock()
                    .get(&meta.rdev)
                    .cloned()
                    .ok_or(Errno::ENXIO)?;
                ops.open(flags)?;
                Ok(Arc::new(OpenFile::new(location, flags, Some(ops), name)))
            }
            FileType::BlockDevice | FileType::Socket => Err(Errno::ENXIO),
            _ => {
                // `get_write_access`: a running program is not opened for writing (ETXTBSY).
                let writer = match kind == FileType::Regular && (access.writable() || truncate) {
                    true => Some(WriteAccess::take(location.inode.clone())?),
                    false => None,
                };
                if kind == FileType::Regular && truncate && !created {
                    location.inode.truncate(0)?;
                }
                let writer = writer.filter(|_| access.writable());
                let file = OpenFile::new(location, flags, None, name).holding(writer);
                Ok(Arc::new(file))
            }
        }
    }

    /// The `O_CREAT` path: follows a symlink last component (unless `O_EXCL`/`O_NOFOLLOW`)
    /// and creates a missing regular file. Returns the location, its directory and name, and
    /// whether it was created.
    #[allow(clippy::type_complexity)]
    fn open_create(
        &self,
        ctx: &PathContext<'_>,
        resolver: &mut Resolver<'_>,
        path: &[u8],
        flags: OpenFlags,
        mode: u32,
    ) -> Result<(Location, Option<(Location, Vec<u8>)>, bool), Errno> {
        let mut parent = resolver.parent(path)?;
        loop {
            let Last::Normal(name) = &parent.last else {
                return Err(Errno::EISDIR);
            };
            if parent.trailing_slash {
                return Err(Errno::EISDIR);
            }
            match resolver.lookup(&parent.dir, name) {
                Ok(found) => {
                    if flags.contains(OpenFlags::O_EXCL) {
                        return Err(Errno::EEXIST);
                    }
                    if is_symlink(&found) && !flags.contains(OpenFlags::O_NOFOLLOW) {
                        parent = resolver.follow_link(&parent.dir, &found)?;
                        continue;
                    }
                    return Ok((found, Some((parent.dir.clone(), name.clone())), false));
                }
                Err(Errno::ENOENT) => {
                    let dir = &parent.dir;
                    if dir.mount.read_only() {
                        return Err(Errno::EROFS);
                    }
                    let dir_meta = dir.inode.metadata();
                    perm::check(&dir_meta, ctx.credentials, MAY_WRITE | MAY_EXEC)?;
                    let node = new_node(ctx.credentials, &dir_meta, mode & !ctx.umask, false);
                    let inode = dir.inode.create(name, NodeKind::Regular, node).map_err(
                        |error| match error {
                            Errno::EPERM => Errno::EACCES,
                            other => other,
                        },
                    )?;
                    let location = Location::new(dir.mount.clone(), inode);
                    return Ok((location, Some((dir.clone(), name.clone())), true));
                }
                Err(error) => return Err(error),
            }
        }
    }

    /// Opens a FIFO: `ENXIO` for a non-blocking writer with no reader; blocking opens
    /// complete through [`File::open_ready`].
    fn open_fifo(&self, location: Location, flags: OpenFlags) -> Result<Arc<dyn File>, Errno> {
        let meta = location.inode.metadata();
        let key = (meta.dev, meta.ino);
        let pipe = {
            let mut fifos = self.fifos.lock();
            fifos.retain(|_, pipe| pipe.strong_count() > 0);
            match fifos.get(&key).and_then(|pipe| pipe.upgrade()) {
                Some(pipe) => pipe,
                None => {
                    let pipe = Pipe::new();
                    fifos.insert(key, Arc::downgrade(&pipe));
                    pipe
                }
            }
        };
        let access = flags.access();
        if access == AccessMode::WriteOnly
            && flags.contains(OpenFlags::O_NONBLOCK)
            && pipe.readers() == 0
        {
            return Err(Errno::ENXIO);
        }
        if access == AccessMode::Invalid {
            return Err(Errno::EINVAL);
        }
        let pin = MountPin::new(&location.mount);
        Ok(Arc::new(PipeEnd::open(
            pipe,
            flags,
            location.inode,
            Some(pin),
        )))
    }
}
