//! A tmpfs inode: attributes plus a body (file pages, directory entries, link target...).

use super::data::FileData;
use super::dir::DirData;
use super::Shared;
use crate::clock::relatime_needs_update;
use alloc::sync::{Arc, Weak};
use alloc::vec::Vec;
use kernel_core::services::vfs::{
    mode, DeviceId, FileType, NewNode, NodeKind, Timespec, WriteCount,
};
use kernel_core::sync::SpinLock;
use kernel_core::Errno;

/// Symlink targets up to this length live in the inode; longer ones take a page (`st_blocks`).
pub(crate) const SHORT_SYMLINK_LEN: usize = 128;

/// The attributes `chmod`, `chown`, `utimensat` and link counting change.
pub(crate) struct Attributes {
    pub permissions: u32,
    pub nlink: u32,
    pub uid: u32,
    pub gid: u32,
    pub atime: Timespec,
    pub mtime: Timespec,
    pub ctime: Timespec,
}

/// What the inode holds besides attributes.
pub(crate) enum Body {
    File(SpinLock<FileData>),
    Dir(SpinLock<DirData>),
    Symlink(Vec<u8>),
    Device(DeviceId),
    Plain,
}

/// An object of a tmpfs.
pub struct TmpInode {
    pub(crate) shared: Arc<Shared>,
    pub(crate) this: Weak<TmpInode>,
    ino: u64,
    kind: FileType,
    pub(crate) attributes: SpinLock<Attributes>,
    pub(crate) body: Body,
    /// Writers and running programs (`ETXTBSY`), as Linux's `i_writecount`.
    pub(crate) write_count: WriteCount,
}

impl TmpInode {
    /// A new inode of `kind` in the file system `shared`; directories hang under `parent`.
    pub(crate) fn new(
        shared: &Arc<Shared>,
        kind: NodeKind<'_>,
        node: NewNode,
        parent: Weak<TmpInode>,
    ) -> Result<Arc<TmpInode>, Errno> {
        shared.inodes.take(1)?;
        let body = match kind {
            NodeKind::Regular => Body::File(SpinLock::new(FileData::new(
                shared.pages.clone(),
                shared.pool.clone(),
            ))),
            NodeKind::Directory => Body::Dir(SpinLock::new(DirData::new(parent))),
            NodeKind::Symlink(target) => {
                if target.len() > SHORT_SYMLINK_LEN {
                    if let Err(error) = shared.pages.take(1) {
                        shared.inodes.give(1);
                        return Err(error);
                    }
                }
                Body::Symlink(target.to_vec())
            }
            NodeKind::CharDevice(device) | NodeKind::BlockDevice(device) => Body::Device(device),
            NodeKind::Fifo | NodeKind::Socket => Body::Plain,
        };
        let now = shared.clock.now();
        let nlink = if matches!(kind, NodeKind::Directory) {
            2
        } else {
            1
        };
        Ok(Arc::new_cyclic(|this| TmpInode {
            shared: shared.clone(),
            this: this.clone(),
            ino: shared.allocate_ino(),
            kind: kind.file_type(),
            attributes: SpinLock::new(Attributes {
                permissions: node.permissions & mode::PERMISSION_MASK,
                nlink,
                uid: node.uid,
                gid: node.gid,
                atime: now,
                mtime: now,
                ctime: now,
            }),
            body,
            write_count: WriteCount::new(),
        }))
    }

    /// The inode number.
    pub fn ino(&self) -> u64 {
        self.ino
    }

    /// The object's kind.
    pub fn kind(&self) -> FileType {
        self.kind
    }

    /// The directory entries, for a directory.
    pub(crate) fn dir(&self) -> Option<&SpinLock<DirData>> {
        match &self.body {
            Body::Dir(entries) => Some(entries),
            _ => None,
        }
    }

    /// An `Arc` to this inode.
    pub(crate) fn arc(&self) -> Result<Arc<TmpInode>, Errno> {
        self.this.upgrade().ok_or(Errno::ENOENT)
    }

    /// Sets `mtime` and `ctime` to now (content changed).
    pub(crate) fn touch_modified(&self) {
        let now = self.shared.clock.now();
        let mut attributes = self.attributes.lock();
        attributes.mtime = now;
        attributes.ctime = now;
    }

    /// Sets `ctime` to now and adds `nlink_delta` to the link count.
    pub(crate) fn touch_changed(&self, nlink_delta: i32) {
        let now = self.shared.clock.now();
        let mut attributes = self.attributes.lock();
        attributes.ctime = now;
        attributes.nlink = attributes.nlink.saturating_add_signed(nlink_delta);
    }

    /// Sets the link count to zero (a removed directory).
    pub(crate) fn clear_links(&self) {
        let now = self.shared.clock.now();
        let mut attributes = self.attributes.lock();
        attributes.nlink = 0;
        attributes.ctime = now;
    }

    /// Updates `atime` by the relatime rule (a read happened).
    pub(crate) fn touch_accessed(&self) {
        let now = self.shared.clock.now();
        let mut attributes = self.attributes.lock();
        if relatime_needs_update(attributes.atime, attributes.mtime, attributes.ctime, now) {
            attributes.atime = now;
        }
    }

    /// The file data; `EISDIR` for a directory, `EINVAL` for other kinds.
    pub(crate) fn file(&self) -> Result<&SpinLock<FileData>, Errno> {
        match &self.body {
            Body::File(data) => Ok(data),
            Body::Dir(_) => Err(Errno::EISDIR),
            _ => Err(Errno::EINVAL),
        }
    }
}

impl Drop for TmpInode {
    fn drop(&mut self) {
        self.shared.inodes.give(1);
        if let Body::Symlink(target) = &self.body {
            if target.len() > SHORT_SYMLINK_LEN {
                self.shared.pages.give(1);
            }
        }
    }
}
