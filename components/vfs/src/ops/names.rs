//! Making and removing names: `mkdirat`, `mknodat`, `symlinkat`, `linkat`, `unlinkat`.

use crate::mount::Location;
use crate::path::{Last, Resolver};
use crate::perm::{self, MAY_EXEC, MAY_WRITE};
use crate::vfs::{new_node, Vfs};
use alloc::vec::Vec;
use kernel_core::services::vfs::{
    mode, AtFlags, Credentials, DeviceId, FileType, Metadata, NodeKind, PathContext, PATH_MAX,
};
use kernel_core::Errno;

impl Vfs {
    /// Linux's `filename_create`: the directory and name a new entry goes to. `EEXIST` when
    /// the name exists or is `.`/`..`/`/`; a trailing slash is only for directories
    /// (`ENOENT` otherwise); `EROFS` on a read-only mount.
    pub(crate) fn prepare_create(
        &self,
        resolver: &mut Resolver<'_>,
        path: &[u8],
        want_dir: bool,
    ) -> Result<(Location, Vec<u8>), Errno> {
        let parent = resolver.parent(path)?;
        let Last::Normal(name) = parent.last else {
            return Err(Errno::EEXIST);
        };
        match resolver.lookup_uncrossed(&parent.dir, &name) {
            Ok(_) => return Err(Errno::EEXIST),
            Err(Errno::ENOENT) => {}
            Err(error) => return Err(error),
        }
        if parent.trailing_slash && !want_dir {
            return Err(Errno::ENOENT);
        }
        if parent.dir.mount.read_only() {
            return Err(Errno::EROFS);
        }
        Ok((parent.dir, name))
    }

    /// `mkdirat(2)`.
    pub(crate) fn do_mkdir(
        &self,
        ctx: &PathContext<'_>,
        path: &[u8],
        permissions: u32,
    ) -> Result<(), Errno> {
        let mut resolver = self.resolver(ctx)?;
        let (dir, name) = self.prepare_create(&mut resolver, path, true)?;
        let dir_meta = may_create(&dir, ctx.credentials)?;
        let permissions = permissions & (0o777 | mode::S_ISVTX) & !ctx.umask;
        let node = new_node(ctx.credentials, &dir_meta, permissions, true);
        dir.inode
            .create(&name, NodeKind::Directory, node)
            .map(|_| ())
    }

    /// `mknodat(2)`.
    pub(crate) fn do_mknod(
        &self,
        ctx: &PathContext<'_>,
        path: &[u8],
        mode_value: u32,
        device: DeviceId,
    ) -> Result<(), Errno> {
        let kind = match mode_value & mode::S_IFMT {
            0 | mode::S_IFREG => NodeKind::Regular,
            mode::S_IFCHR => NodeKind::CharDevice(device),
            mode::S_IFBLK => NodeKind::BlockDevice(device),
            mode::S_IFIFO => NodeKind::Fifo,
            mode::S_IFSOCK => NodeKind::Socket,
            mode::S_IFDIR => return Err(Errno::EPERM),
            _ => return Err(Errno::EINVAL),
        };
        let mut resolver = self.resolver(ctx)?;
        let (dir, name) = self.prepare_create(&mut resolver, path, false)?;
        let dir_meta = may_create(&dir, ctx.credentials)?;
        if matches!(kind, NodeKind::CharDevice(_) | NodeKind::BlockDevice(_))
            && !ctx.credentials.is_root()
        {
            return Err(Errno::EPERM);
        }
        let node = new_node(ctx.credentials, &dir_meta, mode_value & !ctx.umask, false);
        dir.inode.create(&name, kind, node).map(|_| ())
    }

    /// `symlinkat(2)`.
    pub(crate) fn do_symlink(
        &self,
        ctx: &PathContext<'_>,
        target: &[u8],
        path: &[u8],
    ) -> Result<(), Errno> {
        if target.is_empty() {
            return Err(Errno::ENOENT);
        }
        if target.len() >= PATH_MAX {
            return Err(Errno::ENAMETOOLONG);
        }
        let mut resolver = self.resolver(ctx)?;
        let (dir, name) = self.prepare_create(&mut resolver, path, false)?;
        let dir_meta = may_create(&dir, ctx.credentials)?;
        let node = new_node(ctx.credentials, &dir_meta, 0o777, false);
        dir.inode
            .create(&name, NodeKind::Symlink(target), node)
            .map(|_| ())
    }

    /// `linkat(2)`.
    pub(crate) fn do_link(
        &self,
        old: &PathContext<'_>,
        old_path: &[u8],
        new: &PathContext<'_>,
        new_path: &[u8],
        flags: AtFlags,
    ) -> Result<(), Errno> {
        if !(AtFlags::AT_SYMLINK_FOLLOW | AtFlags::AT_EMPTY_PATH).contains(flags) {
            return Err(Errno::EINVAL);
        }
        if flags.contains(AtFlags::AT_EMPTY_PATH) && !old.credentials.is_root() {
            return Err(Errno::ENOENT);
        }
        let source = self.object(
            old,
            old_path,
            flags,
            flags.contains(AtFlags::AT_SYMLINK_FOLLOW),
        )?;
        let mut resolver = self.resolver(new)?;
        let (dir, name) = self.prepare_create(&mut resolver, new_path, false)?;
        let source_mount = source.mount.as_ref().ok_or(Errno::EXDEV)?;
        if source_mount.id != dir.mount.id {
            return Err(Errno::EXDEV);
        }
        may_create(&dir, new.credentials)?;
        if source.inode.file_type() == FileType::Directory {
            return Err(Errno::EPERM);
        }
        dir.inode.link(&name, &source.inode)
    }

    /// `unlinkat(2)`: `unlink`, or `rmdir` with `AT_REMOVEDIR`.
    pub(crate) fn do_unlink(
        &self,
        ctx: &PathContext<'_>,
        path: &[u8],
        flags: AtFlags,
    ) -> Result<(), Errno> {
        if !AtFlags::AT_REMOVEDIR.contains(flags) {
            return Err(Errno::EINVAL);
        }
        let remove_dir = flags.contains(AtFlags::AT_REMOVEDIR);
        let mut resolver = self.resolver(ctx)?;
        let parent = resolver.parent(path)?;
        let name = match (&parent.last, remove_dir) {
            (Last::Normal(name), _) => name.clone(),
            (Last::Dot, true) => return Err(Errno::EINVAL),
            (Last::DotDot, true) => return Err(Errno::ENOTEMPTY),
            (Last::Root, true) => return Err(Errno::EBUSY),
            (_, false) => return Err(Errno::EISDIR),
        };
        if parent.dir.mount.read_only() {
            return Err(Errno::EROFS);
        }
        let victim = resolver.lookup_uncrossed(&parent.dir, &name)?;
        let victim_meta = victim.inode.metadata();
        if parent.trailing_slash && !remove_dir {
            return Err(if victim_meta.is_dir() {
                Errno::EISDIR
            } else {
                Errno::ENOTDIR
            });
        }
        let dir_meta = parent.dir.inode.metadata();
        perm::may_delete(&dir_meta, &victim_meta, ctx.credentials, remove_dir)?;
        if self.is_mountpoint(&victim) {
            return Err(Errno::EBUSY);
        }
        if remove_dir {
            parent.dir.inode.rmdir(&name)
        } else {
            parent.dir.inode.unlink(&name)
        }
    }
}

/// Linux's `may_create`: write and search permission on the directory; returns its metadata.
pub(crate) fn may_create(dir: &Location, credentials: &Credentials) -> Result<Metadata, Errno> {
    let meta = dir.inode.metadata();
    perm::check(&meta, credentials, MAY_WRITE | MAY_EXEC)?;
    Ok(meta)
}
