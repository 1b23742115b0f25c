//! The virtual file system contract (filled in by the userspace issue).

use crate::Errno;

/// The kind of a file-system object, as `st_mode`'s type bits tell it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileType {
    /// A regular file.
    Regular,
    /// A directory.
    Directory,
    /// A symbolic link.
    Symlink,
    /// A character device.
    CharDevice,
    /// A block device.
    BlockDevice,
    /// A FIFO.
    Fifo,
    /// A socket.
    Socket,
}

/// A file-system object.
///
/// Invariants: offsets are bytes from the start; reads past the end return 0 bytes; errors are
/// Linux errnos the syscall layer passes on unchanged.
pub trait Inode: Send + Sync {
    /// The object's kind.
    fn file_type(&self) -> FileType;
    /// Size in bytes.
    fn size(&self) -> u64;
    /// Reads at `offset`, returning the bytes read.
    fn read_at(&self, offset: u64, buffer: &mut [u8]) -> Result<usize, Errno>;
    /// Writes at `offset`, returning the bytes written.
    fn write_at(&self, offset: u64, buffer: &[u8]) -> Result<usize, Errno>;
}
