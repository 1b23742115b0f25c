//! Plain data of the VFS contract: times, `stat` and `statfs` fields, directory entries, new
//! nodes.

use super::kind::{mode, DeviceId, FileType};

/// A point in time: seconds and nanoseconds since the Unix epoch (`struct timespec`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timespec {
    /// Whole seconds.
    pub sec: i64,
    /// Nanoseconds, `0..1_000_000_000`.
    pub nsec: u32,
}

impl Timespec {
    /// Nanoseconds per second.
    pub const NANOS_PER_SEC: u32 = 1_000_000_000;

    /// `sec` seconds and `nsec` nanoseconds.
    pub const fn new(sec: i64, nsec: u32) -> Self {
        Self { sec, nsec }
    }

    /// The time `nanos` nanoseconds after the epoch.
    pub const fn from_nanos(nanos: u64) -> Self {
        Self {
            sec: (nanos / Self::NANOS_PER_SEC as u64) as i64,
            nsec: (nanos % Self::NANOS_PER_SEC as u64) as u32,
        }
    }

    /// Whether `nsec` is in range (`utimensat` refuses others with `EINVAL`).
    pub const fn is_valid(&self) -> bool {
        self.nsec < Self::NANOS_PER_SEC
    }
}

/// What `utimensat` asks for one timestamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeChange {
    /// `UTIME_NOW`: the current time.
    Now,
    /// `UTIME_OMIT`: leave it.
    Omit,
    /// An explicit time.
    Set(Timespec),
}

/// What `stat` reports about an object.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    /// Device of the file system holding the object (`st_dev`).
    pub dev: DeviceId,
    /// Inode number, unique within the file system (`st_ino`).
    pub ino: u64,
    /// Type bits and permission bits (`st_mode`).
    pub mode: u32,
    /// Number of hard links; directories count `.` and each subdirectory's `..`.
    pub nlink: u32,
    /// Owner.
    pub uid: u32,
    /// Group.
    pub gid: u32,
    /// The device a device node stands for (`st_rdev`); zero otherwise.
    pub rdev: DeviceId,
    /// Size in bytes (a symlink: its target's length; a tmpfs directory: 20 per entry + 40).
    pub size: u64,
    /// Preferred I/O size.
    pub blksize: u32,
    /// Allocated storage in 512-byte units.
    pub blocks: u64,
    /// Last access.
    pub atime: Timespec,
    /// Last content change.
    pub mtime: Timespec,
    /// Last status (inode) change.
    pub ctime: Timespec,
}

impl Metadata {
    /// An object of an in-kernel pseudo file system (pipes, sockets, eventfd and friends):
    /// one link, owned by root, empty, 4 KiB blocks, zero timestamps.
    pub fn pseudo(dev: DeviceId, ino: u64, mode: u32) -> Self {
        Self {
            dev,
            ino,
            mode,
            nlink: 1,
            blksize: 4096,
            ..Self::default()
        }
    }

    /// The object's kind; `None` if the mode's type bits are corrupt.
    pub const fn file_type(&self) -> Option<FileType> {
        FileType::from_mode(self.mode)
    }

    /// Whether this is a directory.
    pub const fn is_dir(&self) -> bool {
        self.mode & mode::S_IFMT == mode::S_IFDIR
    }

    /// The permission bits (`mode & 07777`).
    pub const fn permissions(&self) -> u32 {
        self.mode & mode::PERMISSION_MASK
    }
}

/// A change to an object's attributes (`chmod`, `chown`, `utimensat`); `None` fields stay.
///
/// The VFS has already checked permissions and resolved `UTIME_NOW`; the inode stores the
/// values and sets `ctime` to the current time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SetAttributes {
    /// New permission bits (`& 07777`); the type bits never change.
    pub permissions: Option<u32>,
    /// New owner.
    pub uid: Option<u32>,
    /// New group.
    pub gid: Option<u32>,
    /// New access time.
    pub atime: Option<Timespec>,
    /// New modification time.
    pub mtime: Option<Timespec>,
}

/// What `statfs` reports about a file system.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FsStats {
    /// Magic number of the file-system type (`TMPFS_MAGIC` = 0x0102_1994...).
    pub magic: u64,
    /// Block size for the counts below.
    pub block_size: u64,
    /// Total blocks.
    pub blocks: u64,
    /// Free blocks.
    pub blocks_free: u64,
    /// Free blocks available to unprivileged users.
    pub blocks_available: u64,
    /// Total inodes.
    pub files: u64,
    /// Free inodes.
    pub files_free: u64,
    /// Longest file name.
    pub name_max: u64,
    /// Mount flags as `ST_*` bits (filled in by the VFS from the mount).
    pub flags: u64,
}

/// One directory entry as [`Inode::read_dir`](super::Inode::read_dir) reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DirEntry<'a> {
    /// The entry's inode number.
    pub ino: u64,
    /// The entry's kind.
    pub file_type: FileType,
    /// The entry's name (`.` and `..` included).
    pub name: &'a [u8],
    /// The cursor that continues after this entry (`d_off`).
    pub next_cursor: u64,
}

/// The kind of object [`Inode::create`](super::Inode::create) makes, with what it needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind<'a> {
    /// An empty regular file.
    Regular,
    /// An empty directory.
    Directory,
    /// A symbolic link holding this target.
    Symlink(&'a [u8]),
    /// A character device node for this device.
    CharDevice(DeviceId),
    /// A block device node for this device.
    BlockDevice(DeviceId),
    /// A FIFO.
    Fifo,
    /// A socket node.
    Socket,
}

impl NodeKind<'_> {
    /// The file type the node will have.
    pub const fn file_type(&self) -> FileType {
        match self {
            NodeKind::Regular => FileType::Regular,
            NodeKind::Directory => FileType::Directory,
            NodeKind::Symlink(_) => FileType::Symlink,
            NodeKind::CharDevice(_) => FileType::CharDevice,
            NodeKind::BlockDevice(_) => FileType::BlockDevice,
            NodeKind::Fifo => FileType::Fifo,
            NodeKind::Socket => FileType::Socket,
        }
    }
}

/// Ownership and permissions for a new node, decided by the VFS (umask, set-group-ID
/// directories) before the file system is asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NewNode {
    /// Permission bits (`& 07777`).
    pub permissions: u32,
    /// Owner.
    pub uid: u32,
    /// Group.
    pub gid: u32,
}
