//! The [`Inode`] contract for tmpfs inodes: data, directory entries, links, attributes.

use super::data::PAGE;
use super::inode::{Body, TmpInode, SHORT_SYMLINK_LEN};
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::any::Any;
use kernel_core::services::pagecache::{PagePiece, PageRef, PageSink};
use kernel_core::services::vfs::{
    mode, DeviceId, DirSink, FileType, Inode, Metadata, NewNode, NodeKind, RenameFlags,
    SetAttributes,
};
use kernel_core::Errno;

impl Inode for TmpInode {
    fn metadata(&self) -> Metadata {
        let (size, blocks, rdev) = match &self.body {
            Body::File(data) => {
                let data = data.lock();
                (data.size(), data.blocks(), DeviceId::default())
            }
            Body::Dir(entries) => (entries.lock().size(), 0, DeviceId::default()),
            Body::Symlink(target) => {
                let blocks = if target.len() > SHORT_SYMLINK_LEN {
                    PAGE / 512
                } else {
                    0
                };
                (target.len() as u64, blocks, DeviceId::default())
            }
            Body::Device(device) => (0, 0, *device),
            Body::Plain => (0, 0, DeviceId::default()),
        };
        let attributes = self.attributes.lock();
        Metadata {
            dev: self.shared.device,
            ino: self.ino(),
            mode: self.kind().mode_bits() | attributes.permissions,
            nlink: attributes.nlink,
            uid: attributes.uid,
            gid: attributes.gid,
            rdev,
            size,
            blksize: PAGE as u32,
            blocks,
            atime: attributes.atime,
            mtime: attributes.mtime,
            ctime: attributes.ctime,
        }
    }

    fn file_type(&self) -> FileType {
        self.kind()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn write_count(&self) -> Option<&kernel_core::services::vfs::WriteCount> {
        Some(&self.write_count)
    }

    fn read_at(&self, offset: u64, buffer: &mut [u8]) -> Result<usize, Errno> {
        let count = self.file()?.lock().read(offset, buffer);
        if !buffer.is_empty() {
            self.touch_accessed();
        }
        Ok(count)
    }

    fn write_at(&self, offset: u64, buffer: &[u8]) -> Result<usize, Errno> {
        let count = self.file()?.lock().write(offset, buffer)?;
        if count > 0 {
            self.touch_modified();
        }
        Ok(count)
    }

    fn append(&self, buffer: &[u8]) -> Result<(u64, usize), Errno> {
        let (offset, count) = {
            let mut data = self.file()?.lock();
            let offset = data.size();
            (offset, data.write(offset, buffer)?)
        };
        if count > 0 {
            self.touch_modified();
        }
        Ok((offset, count))
    }

    fn truncate(&self, size: u64) -> Result<(), Errno> {
        self.file()?.lock().truncate(size)?;
        self.touch_modified();
        Ok(())
    }

    fn seek_data_or_hole(&self, offset: u64, hole: bool) -> Result<u64, Errno> {
        self.file()?.lock().seek_data_or_hole(offset, hole)
    }

    fn has_page_cache(&self) -> bool {
        self.file().is_ok()
    }

    fn cached_page(&self, offset: u64, create: bool) -> Result<Option<PageRef>, Errno> {
        self.file()
            .map_err(|_| Errno::ENODEV)?
            .lock()
            .cached_page(offset / PAGE, create)
    }

    fn read_pages(&self, offset: u64, len: usize, sink: &mut PageSink<'_>) -> Result<usize, Errno> {
        let file = self.file().map_err(|_| Errno::ENODEV)?;
        let mut done = 0;
        while done < len {
            let position = offset.saturating_add(done as u64);
            let within = (position % PAGE) as usize;
            // The page is held by reference, not by the lock, while the sink copies it: the
            // copy may fault in a mapping of this very file.
            let (page, chunk) = {
                let mut data = file.lock();
                let left = data.size().saturating_sub(position);
                if left == 0 {
                    break;
                }
                let chunk = (PAGE as usize - within)
                    .min(len - done)
                    .min(usize::try_from(left).unwrap_or(usize::MAX));
                (data.cached_page(position / PAGE, false)?, chunk)
            };
            let took = sink(PagePiece {
                frame: page.as_ref().map(PageRef::frame),
                offset: within,
                len: chunk,
            });
            done += took.min(chunk);
            if took < chunk {
                break;
            }
        }
        if len > 0 {
            self.touch_accessed();
        }
        Ok(done)
    }

    fn lookup(&self, name: &[u8]) -> Result<Arc<dyn Inode>, Errno> {
        let entries = self.dir().ok_or(Errno::ENOTDIR)?.lock();
        // `..` still leads out of a removed directory (a working directory that was removed).
        let found = if name == b".." {
            match entries.parent.upgrade() {
                Some(parent) => parent,
                None => self.arc()?,
            }
        } else if entries.removed {
            return Err(Errno::ENOENT);
        } else {
            entries.get(name).ok_or(Errno::ENOENT)?
        };
        Ok(found)
    }

    fn create(
        &self,
        name: &[u8],
        kind: NodeKind<'_>,
        node: NewNode,
    ) -> Result<Arc<dyn Inode>, Errno> {
        Ok(super::namespace::create(self, name, kind, node)?)
    }

    fn link(&self, name: &[u8], target: &Arc<dyn Inode>) -> Result<(), Errno> {
        super::namespace::link(self, name, target)
    }

    fn unlink(&self, name: &[u8]) -> Result<(), Errno> {
        super::namespace::remove(self, name, false)
    }

    fn rmdir(&self, name: &[u8]) -> Result<(), Errno> {
        super::namespace::remove(self, name, true)
    }

    fn rename(
        &self,
        old_name: &[u8],
        new_dir: &Arc<dyn Inode>,
        new_name: &[u8],
        flags: RenameFlags,
    ) -> Result<(), Errno> {
        super::rename::rename(self, old_name, new_dir, new_name, flags)
    }

    fn readlink(&self) -> Result<Vec<u8>, Errno> {
        match &self.body {
            Body::Symlink(target) => Ok(target.clone()),
            _ => Err(Errno::EINVAL),
        }
    }

    fn read_dir(&self, cursor: u64, sink: &mut DirSink<'_>) -> Result<u64, Errno> {
        let next = {
            let entries = self.dir().ok_or(Errno::ENOTDIR)?.lock();
            if entries.removed {
                return Err(Errno::ENOENT);
            }
            let parent_ino = entries
                .parent
                .upgrade()
                .map_or(self.ino(), |parent| parent.ino());
            entries.list(self.ino(), parent_ino, cursor, sink)
        };
        self.touch_accessed();
        Ok(next)
    }

    fn set_attributes(&self, change: &SetAttributes) -> Result<(), Errno> {
        let now = self.shared.clock.now();
        let mut attributes = self.attributes.lock();
        if let Some(permissions) = change.permissions {
            attributes.permissions = permissions & mode::PERMISSION_MASK;
        }
        if let Some(uid) = change.uid {
            attributes.uid = uid;
        }
        if let Some(gid) = change.gid {
            attributes.gid = gid;
        }
        if let Some(atime) = change.atime {
            attributes.atime = atime;
        }
        if let Some(mtime) = change.mtime {
            attributes.mtime = mtime;
        }
        attributes.ctime = now;
        Ok(())
    }
}
