//! What an object is: `st_mode` bits, file types, device numbers.

/// `st_mode` bits, as Linux's `<linux/stat.h>` numbers them.
pub mod mode {
    /// Mask of the file-type bits.
    pub const S_IFMT: u32 = 0o170_000;
    /// Socket.
    pub const S_IFSOCK: u32 = 0o140_000;
    /// Symbolic link.
    pub const S_IFLNK: u32 = 0o120_000;
    /// Regular file.
    pub const S_IFREG: u32 = 0o100_000;
    /// Block device.
    pub const S_IFBLK: u32 = 0o060_000;
    /// Directory.
    pub const S_IFDIR: u32 = 0o040_000;
    /// Character device.
    pub const S_IFCHR: u32 = 0o020_000;
    /// FIFO.
    pub const S_IFIFO: u32 = 0o010_000;
    /// Set-user-ID on execution.
    pub const S_ISUID: u32 = 0o4000;
    /// Set-group-ID on execution; on a directory, new entries inherit its group.
    pub const S_ISGID: u32 = 0o2000;
    /// Sticky: in a directory, only an entry's owner (or the directory's) may remove it.
    pub const S_ISVTX: u32 = 0o1000;
    /// Group execute permission (decides whether `chown` clears `S_ISGID`).
    pub const S_IXGRP: u32 = 0o010;
    /// Every permission-like bit: `rwx` for user, group, others plus set-id and sticky.
    pub const PERMISSION_MASK: u32 = 0o7777;
}

/// The kind of a file-system object, as `st_mode`'s type bits tell it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
    /// A FIFO (named pipe, or the inode behind an anonymous pipe).
    Fifo,
    /// A socket.
    Socket,
}

impl FileType {
    /// The type bits of `st_mode` (`S_IFREG`...).
    pub const fn mode_bits(self) -> u32 {
        match self {
            FileType::Regular => mode::S_IFREG,
            FileType::Directory => mode::S_IFDIR,
            FileType::Symlink => mode::S_IFLNK,
            FileType::CharDevice => mode::S_IFCHR,
            FileType::BlockDevice => mode::S_IFBLK,
            FileType::Fifo => mode::S_IFIFO,
            FileType::Socket => mode::S_IFSOCK,
        }
    }

    /// The type named by `st_mode`'s type bits; `None` when they name none.
    pub const fn from_mode(mode_value: u32) -> Option<FileType> {
        match mode_value & mode::S_IFMT {
            mode::S_IFREG => Some(FileType::Regular),
            mode::S_IFDIR => Some(FileType::Directory),
            mode::S_IFLNK => Some(FileType::Symlink),
            mode::S_IFCHR => Some(FileType::CharDevice),
            mode::S_IFBLK => Some(FileType::BlockDevice),
            mode::S_IFIFO => Some(FileType::Fifo),
            mode::S_IFSOCK => Some(FileType::Socket),
            _ => None,
        }
    }

    /// The `d_type` byte `getdents64` reports (`DT_REG` = 8, `DT_DIR` = 4...).
    pub const fn dirent_type(self) -> u8 {
        match self {
            FileType::Fifo => 1,
            FileType::CharDevice => 2,
            FileType::Directory => 4,
            FileType::BlockDevice => 6,
            FileType::Regular => 8,
            FileType::Symlink => 10,
            FileType::Socket => 12,
        }
    }
}

/// A device number (`st_dev`, `st_rdev`): major and minor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DeviceId {
    /// Major number (the driver).
    pub major: u32,
    /// Minor number (the instance).
    pub minor: u32,
}

impl DeviceId {
    /// The device `major:minor`.
    pub const fn new(major: u32, minor: u32) -> Self {
        Self { major, minor }
    }

    /// The 64-bit encoding `stat` reports and `mknod` takes (glibc's `makedev` layout).
    pub const fn to_linux(self) -> u64 {
        let major = self.major as u64;
        let minor = self.minor as u64;
        (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & !0xff) << 12) | ((major & !0xfff) << 32)
    }

    /// Decodes the 64-bit encoding of [`DeviceId::to_linux`].
    pub const fn from_linux(encoded: u64) -> Self {
        let major = ((encoded >> 8) & 0xfff) | ((encoded >> 32) & !0xfff);
        let minor = (encoded & 0xff) | ((encoded >> 12) & !0xff);
        Self {
            major: major as u32,
            minor: minor as u32,
        }
    }
}
