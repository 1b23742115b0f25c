//! The inode behind an anonymous pipe (what `fstat` on a pipe reports).

use crate::clock::WallClock;
use core::any::Any;
use kernel_core::services::vfs::{mode, DeviceId, FileType, Inode, Metadata, SetAttributes};
use kernel_core::sync::SpinLock;
use kernel_core::Errno;

/// A pipefs inode: `S_IFIFO | 0600`, owned by the creator, size 0.
pub(crate) struct PipeInode {
    device: DeviceId,
    ino: u64,
    clock: WallClock,
    metadata: SpinLock<Metadata>,
}

impl PipeInode {
    /// The inode of a new pipe made by `uid`/`gid`.
    pub fn new(device: DeviceId, ino: u64, uid: u32, gid: u32, clock: WallClock) -> Self {
        let now = clock.now();
        Self {
            device,
            ino,
            clock,
            metadata: SpinLock::new(Metadata {
                uid,
                gid,
                atime: now,
                mtime: now,
                ctime: now,
                ..Metadata::pseudo(device, ino, mode::S_IFIFO | 0o600)
            }),
        }
    }
}

impl Inode for PipeInode {
    fn metadata(&self) -> Metadata {
        let mut metadata = *self.metadata.lock();
        metadata.dev = self.device;
        metadata.ino = self.ino;
        metadata
    }

    fn file_type(&self) -> FileType {
        FileType::Fifo
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn set_attributes(&self, change: &SetAttributes) -> Result<(), Errno> {
        let now = self.clock.now();
        let mut metadata = self.metadata.lock();
        if let Some(permissions) = change.permissions {
            metadata.mode = mode::S_IFIFO | (permissions & mode::PERMISSION_MASK);
        }
        if let Some(uid) = change.uid {
            metadata.uid = uid;
        }
        if let Some(gid) = change.gid {
            metadata.gid = gid;
        }
        if let Some(atime) = change.atime {
            metadata.atime = atime;
        }
        if let Some(mtime) = change.mtime {
            metadata.mtime = mtime;
        }
        metadata.ctime = now;
        Ok(())
    }
}
