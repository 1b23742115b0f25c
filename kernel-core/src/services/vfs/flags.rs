//! Flag sets of the file system calls, with arm64 Linux's values.

use bitflags::bitflags;

bitflags! {
    /// `open` flags and file status flags (`<asm/fcntl.h>` as arm64 defines them).
    ///
    /// The access mode is the two low bits: read-only is the absence of both, so use
    /// [`OpenFlags::access`] rather than `contains(O_RDONLY)`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct OpenFlags: u32 {
        /// Open for writing only.
        const O_WRONLY = 0o1;
        /// Open for reading and writing.
        const O_RDWR = 0o2;
        /// Create the file if it does not exist.
        const O_CREAT = 0o100;
        /// With `O_CREAT`: fail with `EEXIST` if it exists.
        const O_EXCL = 0o200;
        /// Do not make the terminal the controlling terminal.
        const O_NOCTTY = 0o400;
        /// Truncate a regular file to length 0.
        const O_TRUNC = 0o1000;
        /// Every write goes to the end of the file.
        const O_APPEND = 0o2000;
        /// Never wait: `EAGAIN` instead.
        const O_NONBLOCK = 0o4000;
        /// Synchronous data writes.
        const O_DSYNC = 0o10000;
        /// Signal-driven I/O (`FASYNC`).
        const O_ASYNC = 0o20000;
        /// Fail with `ENOTDIR` unless the path names a directory.
        const O_DIRECTORY = 0o40000;
        /// Fail with `ELOOP` if the last component is a symbolic link.
        const O_NOFOLLOW = 0o100000;
        /// Direct I/O hint (ignored).
        const O_DIRECT = 0o200000;
        /// Large-file support (always on for 64-bit).
        const O_LARGEFILE = 0o400000;
        /// Do not update the access time.
        const O_NOATIME = 0o1000000;
        /// Close on `execve` (a descriptor flag; the fd table keeps it).
        const O_CLOEXEC = 0o2000000;
        /// Synchronous writes (`__O_SYNC`; `O_SYNC` is this with `O_DSYNC`).
        const O_SYNC = 0o4000000;
        /// A location-only description: no reads or writes.
        const O_PATH = 0o10000000;
        /// An unnamed temporary file (`__O_TMPFILE`, given with `O_DIRECTORY`).
        const O_TMPFILE = 0o20000000;
    }
}

impl OpenFlags {
    /// The bits `fcntl(F_SETFL)` may change; the others keep their value.
    pub const SETTABLE: OpenFlags = OpenFlags::O_APPEND
        .union(OpenFlags::O_ASYNC)
        .union(OpenFlags::O_DIRECT)
        .union(OpenFlags::O_NOATIME)
        .union(OpenFlags::O_NONBLOCK);

    /// The access mode (`flags & O_ACCMODE`).
    pub const fn access(self) -> AccessMode {
        match self.bits() & 0o3 {
            0 => AccessMode::ReadOnly,
            1 => AccessMode::WriteOnly,
            2 => AccessMode::ReadWrite,
            _ => AccessMode::Invalid,
        }
    }
}

/// The access mode of an open (`O_ACCMODE`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccessMode {
    /// `O_RDONLY`.
    ReadOnly,
    /// `O_WRONLY`.
    WriteOnly,
    /// `O_RDWR`.
    ReadWrite,
    /// Both bits (3): Linux checks read and write permission but allows neither.
    Invalid,
}

impl AccessMode {
    /// Whether reads are allowed.
    pub const fn readable(self) -> bool {
        matches!(self, AccessMode::ReadOnly | AccessMode::ReadWrite)
    }

    /// Whether writes are allowed.
    pub const fn writable(self) -> bool {
        matches!(self, AccessMode::WriteOnly | AccessMode::ReadWrite)
    }
}

bitflags! {
    /// `poll` events (`<asm-generic/poll.h>`).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct PollEvents: u16 {
        /// Data to read.
        const POLLIN = 0x001;
        /// Urgent data.
        const POLLPRI = 0x002;
        /// Writing will not block.
        const POLLOUT = 0x004;
        /// Error (a pipe's write end with no readers).
        const POLLERR = 0x008;
        /// Hang-up (a pipe's read end with no writers).
        const POLLHUP = 0x010;
        /// Invalid descriptor (set by the syscall layer).
        const POLLNVAL = 0x020;
        /// Normal data to read.
        const POLLRDNORM = 0x040;
        /// Priority band data to read.
        const POLLRDBAND = 0x080;
        /// Normal data may be written.
        const POLLWRNORM = 0x100;
        /// Priority data may be written.
        const POLLWRBAND = 0x200;
        /// Peer closed its writing half (sockets).
        const POLLRDHUP = 0x2000;
    }
}

impl PollEvents {
    /// Readable: `POLLIN | POLLRDNORM`.
    pub const READABLE: PollEvents = PollEvents::POLLIN.union(PollEvents::POLLRDNORM);
    /// Writable: `POLLOUT | POLLWRNORM`.
    pub const WRITABLE: PollEvents = PollEvents::POLLOUT.union(PollEvents::POLLWRNORM);
}

bitflags! {
    /// The `AT_*` flags of the `*at` calls.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct AtFlags: u32 {
        /// Do not follow a symbolic link in the last component.
        const AT_SYMLINK_NOFOLLOW = 0x100;
        /// `unlinkat`: remove a directory (`rmdir`).
        const AT_REMOVEDIR = 0x200;
        /// `linkat`: follow a symbolic link in the old path's last component.
        const AT_SYMLINK_FOLLOW = 0x400;
        /// Do not automount (accepted, no effect).
        const AT_NO_AUTOMOUNT = 0x800;
        /// An empty path means the descriptor itself.
        const AT_EMPTY_PATH = 0x1000;
    }
}

bitflags! {
    /// `faccessat` mode bits; the empty set is `F_OK` (existence).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct AccessCheck: u32 {
        /// `X_OK`.
        const EXECUTE = 1;
        /// `W_OK`.
        const WRITE = 2;
        /// `R_OK`.
        const READ = 4;
    }
}

bitflags! {
    /// `renameat2` flags.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct RenameFlags: u32 {
        /// Fail with `EEXIST` if the new name exists.
        const NOREPLACE = 1;
        /// Swap the two names; both must exist.
        const EXCHANGE = 2;
        /// Leave a whiteout (overlay file systems; refused here with `EINVAL`).
        const WHITEOUT = 4;
    }
}

bitflags! {
    /// `mount` flags (`MS_*`).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct MountFlags: u64 {
        /// Read-only.
        const RDONLY = 1;
        /// Ignore set-user-ID and set-group-ID bits.
        const NOSUID = 2;
        /// Device nodes cannot be opened.
        const NODEV = 4;
        /// No execution.
        const NOEXEC = 8;
        /// Synchronous writes.
        const SYNCHRONOUS = 16;
        /// Change the flags of an existing mount.
        const REMOUNT = 32;
        /// Mandatory locking (obsolete).
        const MANDLOCK = 64;
        /// Synchronous directory changes.
        const DIRSYNC = 128;
        /// Do not follow symbolic links.
        const NOSYMFOLLOW = 256;
        /// Never update access times.
        const NOATIME = 1024;
        /// Never update directory access times.
        const NODIRATIME = 2048;
        /// Bind mount: make a directory visible at another place.
        const BIND = 4096;
        /// Move a mount.
        const MOVE = 8192;
        /// Recursive (with `BIND`).
        const REC = 16384;
        /// Suppress some messages.
        const SILENT = 32768;
        /// Update access times relative to modification (the default).
        const RELATIME = 1 << 21;
        /// Always update access times.
        const STRICTATIME = 1 << 24;
        /// Lazy time updates.
        const LAZYTIME = 1 << 25;
    }
}

bitflags! {
    /// `umount2` flags.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct UnmountFlags: u32 {
        /// Force (accepted; tmpfs has nothing to abort).
        const FORCE = 1;
        /// Lazy: detach now even if busy.
        const DETACH = 2;
        /// Mark for expiry.
        const EXPIRE = 4;
        /// Do not follow a symbolic link in the target.
        const NOFOLLOW = 8;
    }
}

/// Where `lseek` measures from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeekWhence {
    /// `SEEK_SET`: from the start.
    Set,
    /// `SEEK_CUR`: from the current offset.
    Current,
    /// `SEEK_END`: from the end.
    End,
    /// `SEEK_DATA`: the next data at or after the offset.
    Data,
    /// `SEEK_HOLE`: the next hole at or after the offset.
    Hole,
}

impl SeekWhence {
    /// Decodes the `whence` argument; `None` (so `EINVAL`) for unknown values.
    pub const fn from_raw(whence: u32) -> Option<SeekWhence> {
        match whence {
            0 => Some(SeekWhence::Set),
            1 => Some(SeekWhence::Current),
            2 => Some(SeekWhence::End),
            3 => Some(SeekWhence::Data),
            4 => Some(SeekWhence::Hole),
            _ => None,
        }
    }
}
