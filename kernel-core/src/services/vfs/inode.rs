//! Inodes: the objects a file system holds (files, directories, links, device nodes, FIFOs).

use super::flags::{PollEvents, RenameFlags};
use super::kind::FileType;
use super::types::{DirEntry, Metadata, NewNode, NodeKind, SetAttributes};
use super::wait::Waker;
use super::write_count::WriteCount;
use crate::services::pagecache::{PageRef, PageSink};
use crate::Errno;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::any::Any;

/// The errno for a directory operation the object lacks: `EPERM` for a directory (Linux's
/// answer when a directory has no such inode operation), `ENOTDIR` for anything else.
fn unsupported(inode: &(impl Inode + ?Sized)) -> Errno {
    match inode.file_type() {
        FileType::Directory => Errno::EPERM,
        _ => Errno::ENOTDIR,
    }
}

/// Receives directory entries from [`Inode::read_dir`]; returns `false` to stop (the entry it
/// was given is then not consumed).
pub type DirSink<'a> = dyn FnMut(&DirEntry<'_>) -> bool + 'a;

/// A file-system object.
///
/// Invariants:
/// - Errors are Linux errnos the syscall layer passes on unchanged. Defaults answer as Linux
///   does for an object that lacks the operation: `ENOTDIR` for directory operations on a
///   non-directory, `EPERM` for changes to a directory that does not support them (a
///   generated file system; the VFS turns it into `EACCES` for `O_CREAT`, as `vfs_create`
///   does), `EINVAL` for `readlink` of a non-link.
/// - Names are single path components: never empty, never containing `/`, at most 255 bytes
///   (the VFS checks). `lookup` understands `..` (the parent within this file system; the root
///   is its own parent); the VFS handles `.` and mount crossings itself.
/// - Permission checks, `umask`, sticky directories and mount boundaries are the VFS's job;
///   the inode enforces what only it can see: entry existence (`EEXIST`/`ENOENT`), directory
///   emptiness (`ENOTEMPTY`), type agreement in rename (`EISDIR`/`ENOTDIR`), moving a
///   directory under itself (`EINVAL`), space (`ENOSPC`) and size limits (`EFBIG`).
/// - Timestamps follow Linux: `write_at`/`truncate` set `mtime` and `ctime`; creating,
///   linking, unlinking and renaming set the directories' `mtime` and `ctime` and the moved or
///   linked inode's `ctime`; `set_attributes` sets `ctime`; reads update `atime` by the file
///   system's policy (tmpfs: relatime).
/// - A directory that has been removed answers `ENOENT` to `lookup` and `create`.
pub trait Inode: Send + Sync {
    /// What `stat` reports.
    fn metadata(&self) -> Metadata;

    /// The object's kind.
    fn file_type(&self) -> FileType {
        self.metadata().file_type().unwrap_or(FileType::Regular)
    }

    /// This inode as `Any`, so a file system can recognise its own inodes in `link`/`rename`.
    fn as_any(&self) -> &dyn Any;

    /// Reads at `offset`; 0 bytes at or past the end. Holes read as zeros.
    fn read_at(&self, offset: u64, buffer: &mut [u8]) -> Result<usize, Errno> {
        let _ = (offset, buffer);
        Err(match self.file_type() {
            FileType::Directory => Errno::EISDIR,
            _ => Errno::EINVAL,
        })
    }

    /// Writes at `offset`, growing the file as needed; returns the bytes written.
    fn write_at(&self, offset: u64, buffer: &[u8]) -> Result<usize, Errno> {
        let _ = (offset, buffer);
        Err(match self.file_type() {
            FileType::Directory => Errno::EISDIR,
            _ => Errno::EINVAL,
        })
    }

    /// Writes at the current end of file atomically with respect to other appends; returns
    /// the offset written at and the bytes written.
    fn append(&self, buffer: &[u8]) -> Result<(u64, usize), Errno> {
        let offset = self.metadata().size;
        Ok((offset, self.write_at(offset, buffer)?))
    }

    /// Sets the size: shrinking discards data, growing adds a hole.
    fn truncate(&self, size: u64) -> Result<(), Errno> {
        let _ = size;
        Err(match self.file_type() {
            FileType::Directory => Errno::EISDIR,
            _ => Errno::EINVAL,
        })
    }

    /// Whether the data lives in page-cache frames ([`Inode::cached_page`] and
    /// [`Inode::read_pages`] work), so mappings share it and reads copy straight from it.
    fn has_page_cache(&self) -> bool {
        false
    }

    /// A reference to the page-cache frame holding the page at `offset` (page aligned).
    /// A hole is `None`, unless `create` makes it a zeroed page (for a shared mapping,
    /// `ENOSPC`/`ENOMEM` if it cannot). Offsets past the end of file are the caller's to
    /// refuse. `ENODEV` without a page cache.
    fn cached_page(&self, offset: u64, create: bool) -> Result<Option<PageRef>, Errno> {
        let _ = (offset, create);
        Err(Errno::ENODEV)
    }

    /// Reads up to `len` bytes at `offset` by handing the page-cache pieces to `sink` (no
    /// lock of the inode is held while it runs: it may fault user pages in); returns the
    /// bytes the sink took, 0 at or past the end. Updates `atime` as `read_at` does.
    /// `ENODEV` without a page cache.
    fn read_pages(&self, offset: u64, len: usize, sink: &mut PageSink<'_>) -> Result<usize, Errno> {
        let _ = (offset, len, sink);
        Err(Errno::ENODEV)
    }

    /// `SEEK_DATA` (`hole == false`) or `SEEK_HOLE`: the first offset `>= offset` that is data
    /// (or a hole; the end of file counts as a hole). `ENXIO` when `offset >= size`.
    fn seek_data_or_hole(&self, offset: u64, hole: bool) -> Result<u64, Errno> {
        let size = self.metadata().size;
        if offset >= size {
            return Err(Errno::ENXIO);
        }
        Ok(if hole { size } else { offset })
    }

    /// The entry `name` of this directory (`..` included).
    fn lookup(&self, name: &[u8]) -> Result<Arc<dyn Inode>, Errno> {
        let _ = name;
        Err(Errno::ENOTDIR)
    }

    /// Makes a new entry `name` in this directory.
    fn create(
        &self,
        name: &[u8],
        kind: NodeKind<'_>,
        node: NewNode,
    ) -> Result<Arc<dyn Inode>, Errno> {
        let _ = (name, kind, node);
        Err(unsupported(self))
    }

    /// Adds the entry `name` for `target`, an inode of the same file system (else `EXDEV`).
    fn link(&self, name: &[u8], target: &Arc<dyn Inode>) -> Result<(), Errno> {
        let _ = (name, target);
        Err(unsupported(self))
    }

    /// Removes the non-directory entry `name` (`EISDIR` for a directory).
    fn unlink(&self, name: &[u8]) -> Result<(), Errno> {
        let _ = name;
        Err(unsupported(self))
    }

    /// Removes the empty directory `name` (`ENOTDIR`, `ENOTEMPTY`).
    fn rmdir(&self, name: &[u8]) -> Result<(), Errno> {
        let _ = name;
        Err(unsupported(self))
    }

    /// Moves entry `old_name` of this directory to `new_name` in `new_dir` (same file system,
    /// else `EXDEV`), replacing a compatible target as `rename(2)` does.
    fn rename(
        &self,
        old_name: &[u8],
        new_dir: &Arc<dyn Inode>,
        new_name: &[u8],
        flags: RenameFlags,
    ) -> Result<(), Errno> {
        let _ = (old_name, new_dir, new_name, flags);
        Err(unsupported(self))
    }

    /// A symbolic link's target.
    fn readlink(&self) -> Result<Vec<u8>, Errno> {
        Err(Errno::EINVAL)
    }

    /// Lists entries from `cursor` (0 = the start; `.` and `..` come first, as Linux lists
    /// them) into `sink`; returns the cursor after the last entry consumed. Cursors stay valid
    /// while entries are added or removed: an entry present throughout is listed exactly once.
    fn read_dir(&self, cursor: u64, sink: &mut DirSink<'_>) -> Result<u64, Errno> {
        let _ = (cursor, sink);
        Err(Errno::ENOTDIR)
    }

    /// Stores attribute changes already allowed by the VFS; sets `ctime`.
    fn set_attributes(&self, change: &SetAttributes) -> Result<(), Errno> {
        let _ = change;
        Err(Errno::EPERM)
    }

    /// Readiness for `interest`; registers `waker` (see [`super::wait`]) before looking.
    /// Ordinary files and directories are always ready.
    fn poll(&self, interest: PollEvents, waker: Option<&Arc<dyn Waker>>) -> PollEvents {
        let _ = waker;
        interest & (PollEvents::READABLE | PollEvents::WRITABLE)
    }

    /// The count of writers and running programs (Linux's `i_writecount`) that makes opening
    /// a running program for writing, or running a file open for writing, `ETXTBSY`. `None`
    /// (the default): the file system does not keep one and never answers `ETXTBSY`.
    fn write_count(&self) -> Option<&WriteCount> {
        None
    }
}
