//! `mount`, `umount2`, the mount list, and absolute paths of places (`getcwd`).

use crate::file::OpenFile;
use crate::mount::{Location, Mount};
use crate::pipe::PipeEnd;
use crate::vfs::{location_of, Vfs};
use alloc::format;
use alloc::sync::Arc;
use alloc::vec::Vec;
use kernel_core::services::vfs::{
    File, FileType, MountFlags, MountInfo, PathContext, UnmountFlags, PATH_MAX,
};
use kernel_core::Errno;

/// Flags that belong to a mount (the rest are requests such as `REMOUNT` or `BIND`).
const PER_MOUNT: MountFlags = MountFlags::RDONLY
    .union(MountFlags::NOSUID)
    .union(MountFlags::NODEV)
    .union(MountFlags::NOEXEC)
    .union(MountFlags::SYNCHRONOUS)
    .union(MountFlags::DIRSYNC)
    .union(MountFlags::NOSYMFOLLOW)
    .union(MountFlags::NOATIME)
    .union(MountFlags::NODIRATIME)
    .union(MountFlags::RELATIME)
    .union(MountFlags::STRICTATIME)
    .union(MountFlags::LAZYTIME);

/// The flags a new mount keeps: relatime unless noatime or strictatime was asked for.
fn mount_flags(flags: MountFlags) -> MountFlags {
    let mut kept = flags & PER_MOUNT;
    if !kept.intersects(MountFlags::NOATIME | MountFlags::STRICTATIME) {
        kept |= MountFlags::RELATIME;
    }
    kept - MountFlags::STRICTATIME
}

impl Vfs {
    /// `mount(2)`: a new file system, a bind mount (`MS_BIND`) or new flags (`MS_REMOUNT`).
    /// Moving mounts is not supported (`EINVAL`).
    pub(crate) fn do_mount(
        &self,
        ctx: &PathContext<'_>,
        source: &[u8],
        target: &[u8],
        fs_type: &[u8],
        flags: MountFlags,
        data: &[u8],
    ) -> Result<(), Errno> {
        if !ctx.credentials.is_root() {
            return Err(Errno::EPERM);
        }
        let mut resolver = self.resolver(ctx)?;
        let place = resolver.resolve(target, true)?;
        if flags.contains(MountFlags::REMOUNT) {
            if !place.is_mount_root() {
                return Err(Errno::EINVAL);
            }
            place.mount.set_flags(mount_flags(flags));
            return Ok(());
        }
        if flags.contains(MountFlags::MOVE) {
            return Err(Errno::EINVAL);
        }
        let (fs, root) = if flags.contains(MountFlags::BIND) {
            let from = resolver.resolve(source, true)?;
            let from_dir = from.inode.file_type() == FileType::Directory;
            let onto_dir = place.inode.file_type() == FileType::Directory;
            if from_dir != onto_dir {
                return Err(Errno::ENOTDIR);
            }
            (from.mount.fs.clone(), from.inode)
        } else {
            let fs_type = self
                .fs_types
                .lock()
                .get(fs_type)
                .cloned()
                .ok_or(Errno::ENODEV)?;
            if place.inode.file_type() != FileType::Directory {
                return Err(Errno::ENOTDIR);
            }
            let fs = fs_type.mount(source, flags, data)?;
            let root = fs.root();
            (fs, root)
        };
        let mut mounts = self.mounts.lock();
        let id = mounts.allocate_id();
        let parent = Some((place.mount.clone(), place.inode.clone()));
        let mount = Mount::new(id, fs, root, parent, source.to_vec(), mount_flags(flags));
        mounts.attach(Arc::new(mount));
        Ok(())
    }

    /// `umount2(2)`: `EBUSY` while something is mounted inside or a description (a working
    /// directory included) is open inside, unless `MNT_DETACH`.
    pub(crate) fn do_unmount(
        &self,
        ctx: &PathContext<'_>,
        target: &[u8],
        flags: UnmountFlags,
    ) -> Result<(), Errno> {
        if flags.contains(UnmountFlags::EXPIRE) {
            return Err(Errno::EINVAL);
        }
        if !ctx.credentials.is_root() {
            return Err(Errno::EPERM);
        }
        let follow = !flags.contains(UnmountFlags::NOFOLLOW);
        let place = self.resolver(ctx)?.resolve(target, follow)?;
        if !place.is_mount_root() || !place.mount.attached() {
            return Err(Errno::EINVAL);
        }
        let mut mounts = self.mounts.lock();
        if place.mount.parent.is_none() {
            return Err(Errno::EBUSY);
        }
        let busy = mounts.has_children(&place.mount) || place.mount.open_count() > 0;
        if busy && !flags.contains(UnmountFlags::DETACH) {
            return Err(Errno::EBUSY);
        }
        mounts.detach(&place.mount);
        Ok(())
    }

    /// The attached mounts, parents first, as `/proc/mounts` lists them.
    pub(crate) fn do_mounts(&self) -> Vec<MountInfo> {
        let order = self.mounts.lock().in_order();
        let root = self.root_location();
        order
            .into_iter()
            .map(|mount| {
                let place = Location::new(mount.clone(), mount.root.clone());
                let path = self
                    .absolute_path(&root, &place)
                    .unwrap_or_else(|_| b"?".to_vec());
                MountInfo {
                    source: mount.source.clone(),
                    path,
                    fs_type: mount.fs.name().as_bytes().to_vec(),
                    flags: mount.flags(),
                }
            })
            .collect()
    }

    /// The absolute path of `file` seen from `ctx.root`: directories by walking `..`, other
    /// files by the directory and name they were opened with; pipes as `pipe:[ino]`.
    pub(crate) fn do_path_of(
        &self,
        ctx: &PathContext<'_>,
        file: &Arc<dyn File>,
    ) -> Result<Vec<u8>, Errno> {
        let root = location_of(ctx.root).ok_or(Errno::EINVAL)?;
        if let Some(open) = file.as_any().downcast_ref::<OpenFile>() {
            let location = open.location();
            if location.inode.file_type() == FileType::Directory {
                return self.absolute_path(&root, location);
            }
            let (dir, name) = open.name().ok_or(Errno::ENOENT)?;
            let mut path = self.absolute_path(&root, dir)?;
            if path != b"/" {
                path.push(b'/');
            }
            path.extend_from_slice(name);
            if location.inode.metadata().nlink == 0 {
                path.extend_from_slice(b" (deleted)");
            }
            return Ok(path);
        }
        if file.as_any().downcast_ref::<PipeEnd>().is_some() {
            let ino = file.inode().metadata().ino;
            return Ok(format!("pipe:[{ino}]").into_bytes());
        }
        Err(Errno::ENOENT)
    }

    /// `/`-joined names from `root` down to the directory `place`; `ENOENT` once removed.
    fn absolute_path(&self, root: &Location, place: &Location) -> Result<Vec<u8>, Errno> {
        let mut names: Vec<Vec<u8>> = Vec::new();
        let mut current = place.clone();
        loop {
            if current.same(root) {
                break;
            }
            if current.is_mount_root() {
                match &current.mount.parent {
                    Some((mount, inode)) => {
                        current = Location::new(mount.clone(), inode.clone());
                        continue;
                    }
                    None => break,
                }
            }
            if names.len() > PATH_MAX / 2 {
                return Err(Errno::ENAMETOOLONG);
            }
            let parent = Location::new(current.mount.clone(), current.inode.lookup(b"..")?);
            names.push(name_in(&parent, current.ino())?);
            current = parent;
        }
        let mut path = Vec::new();
        for name in names.iter().rev() {
            path.push(b'/');
            path.extend_from_slice(name);
        }
        if path.is_empty() {
            path.push(b'/');
        }
        Ok(path)
    }
}

/// The name under which directory `dir` lists inode `ino` (not `.` or `..`).
fn name_in(dir: &Location, ino: u64) -> Result<Vec<u8>, Errno> {
    let mut found = None;
    dir.inode.read_dir(0, &mut |entry| {
        if entry.ino == ino && entry.name != b"." && entry.name != b".." {
            found = Some(entry.name.to_vec());
            return false;
        }
        true
    })?;
    found.ok_or(Errno::ENOENT)
}
