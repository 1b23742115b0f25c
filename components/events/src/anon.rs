//! The anonymous inode behind every event object, and the file boilerplate they share.

use core::any::Any;
use core::sync::atomic::{AtomicU32, Ordering};
use kernel_core::services::vfs::{DeviceId, FileType, Inode, Metadata, OpenFlags};

/// An `anon_inode:[...]` inode: no type bits, mode 0600, owned by root, size 0.
pub struct AnonInode {
    ino: u64,
}

impl AnonInode {
    /// The inode numbered `ino` on the anonymous-inode device.
    pub fn new(ino: u64) -> Self {
        Self { ino }
    }
}

impl Inode for AnonInode {
    fn metadata(&self) -> Metadata {
        Metadata::pseudo(DeviceId::new(0, 14), self.ino, 0o600)
    }

    fn file_type(&self) -> FileType {
        FileType::Regular
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Status flags of an event object: `O_RDWR` plus what `F_SETFL` may change.
pub(crate) struct StatusFlags(AtomicU32);

impl StatusFlags {
    /// `O_RDWR`, with `O_NONBLOCK` when the creation flags ask for it.
    pub fn new(nonblocking: bool) -> Self {
        let mut flags = OpenFlags::O_RDWR;
        if nonblocking {
            flags |= OpenFlags::O_NONBLOCK;
        }
        Self(AtomicU32::new(flags.bits()))
    }

    /// The current flags.
    pub fn get(&self) -> OpenFlags {
        OpenFlags::from_bits_retain(self.0.load(Ordering::Relaxed))
    }

    /// `F_SETFL`.
    pub fn set(&self, flags: OpenFlags) {
        let kept = self.get() - OpenFlags::SETTABLE;
        self.0.store(
            (kept | (flags & OpenFlags::SETTABLE)).bits(),
            Ordering::Relaxed,
        );
    }
}

/// The `File` methods every event object answers the same way (no offsets, no directory).
macro_rules! anon_file_common {
    () => {
        fn read_at(&self, _offset: i64, _buffer: &mut [u8]) -> Result<usize, Errno> {
            Err(Errno::ESPIPE)
        }
        fn write_at(&self, _offset: i64, _buffer: &[u8]) -> Result<usize, Errno> {
            Err(Errno::ESPIPE)
        }
        fn seek(
            &self,
            _offset: i64,
            _whence: kernel_core::services::vfs::SeekWhence,
        ) -> Result<u64, Errno> {
            Err(Errno::ESPIPE)
        }
        fn getdents64(&self, _buffer: &mut [u8]) -> Result<usize, Errno> {
            Err(Errno::ENOTDIR)
        }
        fn metadata(&self) -> Result<kernel_core::services::vfs::Metadata, Errno> {
            Ok(kernel_core::services::vfs::Inode::metadata(&*self.inode))
        }
        fn truncate(&self, _size: i64) -> Result<(), Errno> {
            Err(Errno::EINVAL)
        }
        fn status_flags(&self) -> kernel_core::services::vfs::OpenFlags {
            self.flags.get()
        }
        fn set_status_flags(&self, flags: kernel_core::services::vfs::OpenFlags) {
            self.flags.set(flags)
        }
        fn inode(&self) -> alloc::sync::Arc<dyn kernel_core::services::vfs::Inode> {
            self.inode.clone()
        }
        fn as_any(&self) -> &dyn core::any::Any {
            self
        }
    };
}
pub(crate) use anon_file_common;
