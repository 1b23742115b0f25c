//! Open file descriptions (what a file descriptor points to) and character-device drivers.

use super::flags::{OpenFlags, PollEvents, SeekWhence};
use super::inode::Inode;
use super::types::Metadata;
use super::wait::Waker;
use crate::services::events::{EpollOps, SignalFdOps, SocketOps, TimerOps};
use crate::services::pagecache::PageSink;
use crate::Errno;
use alloc::sync::Arc;
use core::any::Any;

/// An open file description: an object plus an offset and status flags, shared by every
/// descriptor `dup`/`fork` made from it. Dropping the last `Arc` closes it.
///
/// Invariants (Linux's):
/// - Reads need a readable access mode and writes a writable one (`EBADF`); `O_PATH`
///   descriptions allow neither. Reading a directory is `EISDIR`.
/// - Never blocks: where Linux would sleep it returns `EAGAIN`, with or without `O_NONBLOCK`;
///   the caller waits as [`super::wait`] describes unless `O_NONBLOCK` is set.
/// - `O_APPEND` writes land at the end of file, atomically; the offset then points past them.
/// - Pipes, FIFOs and terminals are not seekable: `seek`, `read_at`, `write_at` give `ESPIPE`.
/// - A negative resulting offset is `EINVAL`; `SEEK_DATA`/`SEEK_HOLE` at or past the end
///   are `ENXIO`.
/// - Pipe writes with no reader left give `EPIPE`; the caller raises `SIGPIPE`.
pub trait File: Send + Sync {
    /// Reads at the offset and advances it (`read`).
    fn read(&self, buffer: &mut [u8]) -> Result<usize, Errno>;
    /// `read` through the page cache: up to `len` bytes at the offset go to `sink` piece by
    /// piece (see [`Inode::read_pages`]) and the offset advances by what it took. `None` when
    /// the file has no page cache (the caller uses [`File::read`]).
    fn read_pages(&self, len: usize, sink: &mut PageSink<'_>) -> Option<Result<usize, Errno>> {
        let _ = (len, sink);
        None
    }
    /// Writes at the offset (or the end, with `O_APPEND`) and advances it (`write`).
    fn write(&self, buffer: &[u8]) -> Result<usize, Errno>;
    /// Reads at `offset` without touching the description's offset (`pread64`).
    fn read_at(&self, offset: i64, buffer: &mut [u8]) -> Result<usize, Errno>;
    /// Writes at `offset` without touching the offset (`pwrite64`; with `O_APPEND` Linux
    /// appends anyway).
    fn write_at(&self, offset: i64, buffer: &[u8]) -> Result<usize, Errno>;
    /// Moves the offset (`lseek`); returns the new offset.
    fn seek(&self, offset: i64, whence: SeekWhence) -> Result<u64, Errno>;
    /// Fills `buffer` with `struct linux_dirent64` records from the directory cursor (the
    /// offset); returns the bytes used, 0 at the end; `EINVAL` if not even one record fits,
    /// `ENOTDIR` for a non-directory.
    fn getdents64(&self, buffer: &mut [u8]) -> Result<usize, Errno>;
    /// `fstat`.
    fn metadata(&self) -> Result<Metadata, Errno>;
    /// `ftruncate`: `EINVAL` unless a regular file opened for writing.
    fn truncate(&self, size: i64) -> Result<(), Errno>;
    /// The status flags and access mode (`fcntl(F_GETFL)`).
    fn status_flags(&self) -> OpenFlags;
    /// Changes the [`OpenFlags::SETTABLE`] bits (`fcntl(F_SETFL)`); others are ignored.
    fn set_status_flags(&self, flags: OpenFlags);
    /// Readiness for `interest`; registers `waker` before looking (see [`super::wait`]).
    fn poll(&self, interest: PollEvents, waker: Option<&Arc<dyn Waker>>) -> PollEvents;
    /// Whether the open has completed. A FIFO opened without `O_NONBLOCK` completes when the
    /// other end has been opened; until then the caller parks with `waker` and asks again
    /// (or drops the description if interrupted). Everything else is complete at once.
    fn open_ready(&self, waker: Option<&Arc<dyn Waker>>) -> bool {
        let _ = waker;
        true
    }
    /// The inode behind the description (anonymous pipes have one too).
    fn inode(&self) -> Arc<dyn Inode>;
    /// This description as `Any`, so the VFS can recognise its own descriptions (directory
    /// descriptors used as `dirfd`, working and root directories).
    fn as_any(&self) -> &dyn Any;
    /// The uptime (ns) at which readiness may change without a wake (a timerfd's next
    /// expiry): a waiter sleeps no longer than this.
    fn wake_deadline_ns(&self) -> Option<u64> {
        None
    }
    /// A pipe's capacity in bytes (`F_GETPIPE_SZ`); `EBADF` for other files.
    fn pipe_capacity(&self) -> Result<usize, Errno> {
        Err(Errno::EBADF)
    }
    /// `F_SETPIPE_SZ`: rounds `size` up to a power-of-two number of pages (at least one);
    /// `EBUSY` if the data held does not fit; returns the new capacity.
    fn set_pipe_capacity(&self, size: usize) -> Result<usize, Errno> {
        let _ = size;
        Err(Errno::EBADF)
    }
    /// A timerfd's operations.
    fn as_timer(&self) -> Option<&dyn TimerOps> {
        None
    }
    /// An epoll instance's operations.
    fn as_epoll(&self) -> Option<&dyn EpollOps> {
        None
    }
    /// A signalfd's operations.
    fn as_signalfd(&self) -> Option<&dyn SignalFdOps> {
        None
    }
    /// A socket's operations (`ENOTSOCK` for everything else).
    fn as_socket(&self) -> Option<&dyn SocketOps> {
        None
    }
}

/// A character-device driver as the VFS sees it: what opening a device node with this
/// `st_rdev` reaches. Registered with the VFS by device number (as Linux's `cdev` map).
///
/// Invariants: never blocks (`EAGAIN` instead, with readiness through `poll`); `nonblocking`
/// only tells drivers that distinguish (a terminal in `VMIN` mode); offsets do not exist for
/// these devices.
pub trait CharDeviceOps: Send + Sync {
    /// Called at each open; an error fails the open.
    fn open(&self, flags: OpenFlags) -> Result<(), Errno> {
        let _ = flags;
        Ok(())
    }
    /// Reads what is available; `EAGAIN` when nothing is yet.
    fn read(&self, buffer: &mut [u8], nonblocking: bool) -> Result<usize, Errno>;
    /// Writes; returns the bytes accepted.
    fn write(&self, buffer: &[u8], nonblocking: bool) -> Result<usize, Errno>;
    /// Readiness for `interest`; registers `waker` before looking.
    fn poll(&self, interest: PollEvents, waker: Option<&Arc<dyn Waker>>) -> PollEvents;
    /// Whether `lseek` succeeds (memory devices: always to offset 0) or fails with `ESPIPE`
    /// (terminals).
    fn seekable(&self) -> bool {
        false
    }
}
