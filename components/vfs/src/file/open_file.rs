//! The open file description of files, directories and device nodes reached by path.

use super::dirent;
use crate::mount::{Location, MountPin};
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::any::Any;
use core::sync::atomic::{AtomicU32, Ordering};
use kernel_core::services::pagecache::PageSink;
use kernel_core::services::vfs::{
    AccessMode, CharDeviceOps, File, FileType, Inode, Metadata, OpenFlags, PollEvents, SeekWhence,
    Waker, WriteAccess,
};
use kernel_core::sync::SpinLock;
use kernel_core::Errno;

/// The largest offset `lseek` accepts (`MAX_LFS_FILESIZE`).
const MAX_OFFSET: i64 = i64::MAX;

/// Flags an open leaves out of the description (`do_dentry_open` drops them; `O_CLOEXEC`
/// belongs to the descriptor).
const OPEN_ONLY: OpenFlags = OpenFlags::O_CREAT
    .union(OpenFlags::O_EXCL)
    .union(OpenFlags::O_NOCTTY)
    .union(OpenFlags::O_TRUNC)
    .union(OpenFlags::O_CLOEXEC);

/// An open file, directory or device node.
pub struct OpenFile {
    location: Location,
    /// The directory and name it was opened by (paths of non-directories).
    name: Option<(Location, Vec<u8>)>,
    access: AccessMode,
    path_only: bool,
    flags: AtomicU32,
    offset: SpinLock<u64>,
    device: Option<Arc<dyn CharDeviceOps>>,
    /// Write access to a regular file opened for writing, given back at the last close.
    _writer: Option<WriteAccess>,
    _pin: MountPin,
}

impl OpenFile {
    /// A description of `location` opened with `flags`; `device` for device nodes.
    pub(crate) fn new(
        location: Location,
        flags: OpenFlags,
        device: Option<Arc<dyn CharDeviceOps>>,
        name: Option<(Location, Vec<u8>)>,
    ) -> Self {
        let pin = MountPin::new(&location.mount);
        let stored = (flags - OPEN_ONLY) | OpenFlags::O_LARGEFILE;
        Self {
            location,
            name,
            access: flags.access(),
            path_only: flags.contains(OpenFlags::O_PATH),
            flags: AtomicU32::new(stored.bits()),
            offset: SpinLock::new(0),
            device,
            _writer: None,
            _pin: pin,
        }
    }

    /// The description holding `writer`, the write access its file gave it (see
    /// [`WriteAccess`]), until it closes.
    pub(crate) fn holding(mut self, writer: Option<WriteAccess>) -> Self {
        self._writer = writer;
        self
    }

    /// Where the description points.
    pub(crate) fn location(&self) -> &Location {
        &self.location
    }

    /// The directory and name it was opened by.
    pub(crate) fn name(&self) -> Option<&(Location, Vec<u8>)> {
        self.name.as_ref()
    }

    fn nonblocking(&self) -> bool {
        self.status_flags().contains(OpenFlags::O_NONBLOCK)
    }

    fn check_read(&self) -> Result<(), Errno> {
        if self.path_only || !self.access.readable() {
            Err(Errno::EBADF)
        } else {
            Ok(())
        }
    }

    fn check_write(&self) -> Result<(), Errno> {
        if self.path_only || !self.access.writable() {
            Err(Errno::EBADF)
        } else {
            Ok(())
        }
    }

    fn positioned_device(&self) -> Result<Option<&Arc<dyn CharDeviceOps>>, Errno> {
        match &self.device {
            Some(device) if !device.seekable() => Err(Errno::ESPIPE),
            other => Ok(other.as_ref()),
        }
    }

    fn write_inode(&self, offset: Option<u64>, buffer: &[u8]) -> Result<(u64, usize), Errno> {
        let inode = &self.location.inode;
        if self.status_flags().contains(OpenFlags::O_APPEND) {
            return inode.append(buffer);
        }
        let offset = offset.unwrap_or(0);
        Ok((offset, inode.write_at(offset, buffer)?))
    }
}

impl File for OpenFile {
    fn read(&self, buffer: &mut [u8]) -> Result<usize, Errno> {
        self.check_read()?;
        if let Some(device) = &self.device {
            return device.read(buffer, self.nonblocking());
        }
        let mut offset = self.offset.lock();
        let count = self.location.inode.read_at(*offset, buffer)?;
        *offset += count as u64;
        Ok(count)
    }

    fn read_pages(&self, len: usize, sink: &mut PageSink<'_>) -> Option<Result<usize, Errno>> {
        if self.device.is_some() || !self.location.inode.has_page_cache() {
            return None;
        }
        Some(self.check_read().and_then(|()| {
            let mut offset = self.offset.lock();
            let count = self.location.inode.read_pages(*offset, len, sink)?;
            *offset += count as u64;
            Ok(count)
        }))
    }

    fn write(&self, buffer: &[u8]) -> Result<usize, Errno> {
        self.check_write()?;
        if let Some(device) = &self.device {
            return device.write(buffer, self.nonblocking());
        }
        let mut offset = self.offset.lock();
        let (at, count) = self.write_inode(Some(*offset), buffer)?;
        *offset = at + count as u64;
        Ok(count)
    }

    fn read_at(&self, offset: i64, buffer: &mut [u8]) -> Result<usize, Errno> {
        let offset = u64::try_from(offset).map_err(|_| Errno::EINVAL)?;
        if self.path_only {
            return Err(Errno::EBADF);
        }
        let device = self.positioned_device()?;
        self.check_read()?;
        match device {
            Some(device) => device.read(buffer, self.nonblocking()),
            None => self.location.inode.read_at(offset, buffer),
        }
    }

    fn write_at(&self, offset: i64, buffer: &[u8]) -> Result<usize, Errno> {
        let offset = u64::try_from(offset).map_err(|_| Errno::EINVAL)?;
        if self.path_only {
            return Err(Errno::EBADF);
        }
        let device = self.positioned_device()?;
        self.check_write()?;
        match device {
            Some(device) => device.write(buffer, self.nonblocking()),
            None => Ok(self.write_inode(Some(offset), buffer)?.1),
        }
    }

    fn seek(&self, offset: i64, whence: SeekWhence) -> Result<u64, Errno> {
        if self.path_only {
            return Err(Errno::EBADF);
        }
        if self.device.is_some() {
            self.positioned_device()?;
            *self.offset.lock() = 0;
            return Ok(0);
        }
        let inode = &self.location.inode;
        let mut position = self.offset.lock();
        let current = *position as i64;
        let target = if inode.file_type() == FileType::Directory {
            match whence {
                SeekWhence::Set => Some(offset),
                SeekWhence::Current => current.checked_add(offset),
                _ => None,
            }
        } else {
            match whence {
                SeekWhence::Set => Some(offset),
                SeekWhence::Current => current.checked_add(offset),
                SeekWhence::End => (inode.metadata().size as i64).checked_add(offset),
                SeekWhence::Data | SeekWhence::Hole => {
                    let start = u64::try_from(offset).map_err(|_| Errno::ENXIO)?;
                    let found = inode.seek_data_or_hole(start, whence == SeekWhence::Hole)?;
                    i64::try_from(found).ok()
                }
            }
        };
        let target = target
            .filter(|value| (0..=MAX_OFFSET).contains(value))
            .ok_or(Errno::EINVAL)?;
        *position = target as u64;
        Ok(target as u64)
    }

    fn getdents64(&self, buffer: &mut [u8]) -> Result<usize, Errno> {
        if self.path_only {
            return Err(Errno::EBADF);
        }
        let inode = &self.location.inode;
        if inode.file_type() != FileType::Directory {
            return Err(Errno::ENOTDIR);
        }
        let mut cursor = self.offset.lock();
        let (used, next) = dirent::fill(inode.as_ref(), *cursor, buffer)?;
        *cursor = next;
        Ok(used)
    }

    fn metadata(&self) -> Result<Metadata, Errno> {
        Ok(self.location.inode.metadata())
    }

    fn truncate(&self, size: i64) -> Result<(), Errno> {
        let size = u64::try_from(size).map_err(|_| Errno::EINVAL)?;
        if self.path_only {
            return Err(Errno::EBADF);
        }
        let inode = &self.location.inode;
        if !self.access.writable() || inode.file_type() != FileType::Regular {
            return Err(Errno::EINVAL);
        }
        inode.truncate(size)
    }

    fn status_flags(&self) -> OpenFlags {
        OpenFlags::from_bits_retain(self.flags.load(Ordering::Relaxed))
    }

    fn set_status_flags(&self, flags: OpenFlags) {
        let kept = self.status_flags() - OpenFlags::SETTABLE;
        self.flags.store(
            (kept | (flags & OpenFlags::SETTABLE)).bits(),
            Ordering::Relaxed,
        );
    }

    fn poll(&self, interest: PollEvents, waker: Option<&Arc<dyn Waker>>) -> PollEvents {
        match &self.device {
            Some(device) => device.poll(interest, waker),
            None => self.location.inode.poll(interest, waker),
        }
    }

    fn inode(&self) -> Arc<dyn Inode> {
        self.location.inode.clone()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
