//! One file the kernel must create from the initramfs.

use super::cpio::mode;

/// A device number as the archive gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeviceNumber {
    /// Major number.
    pub major: u32,
    /// Minor number.
    pub minor: u32,
}

impl DeviceNumber {
    /// The 32-bit value userspace sees in `st_rdev`, as Linux computes it from the archive:
    /// `new_encode_dev(MKDEV(major, minor))` (12-bit major, 20-bit minor inside the kernel).
    pub fn linux_encoded(self) -> u32 {
        // MKDEV on the unsigned long fields, stored in a 32-bit dev_t.
        let dev = ((u64::from(self.major) << 20) | u64::from(self.minor)) as u32;
        let major = dev >> 20;
        let minor = dev & 0xf_ffff;
        (minor & 0xff) | (major << 8) | ((minor & !0xff) << 12)
    }
}

/// What to create.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind<'s> {
    /// A regular file with these contents.
    File {
        /// The contents.
        data: &'s [u8],
    },
    /// A directory.
    Directory,
    /// A symbolic link.
    Symlink {
        /// Where it points (non-empty, no NUL).
        target: &'s [u8],
    },
    /// A character device node.
    CharDevice {
        /// Its device number.
        rdev: DeviceNumber,
    },
    /// A block device node.
    BlockDevice {
        /// Its device number.
        rdev: DeviceNumber,
    },
    /// A named pipe.
    Fifo,
    /// A socket node.
    Socket,
}

/// One record of the initramfs, in archive order.
///
/// Creating it as Linux's `init/initramfs.c` does: the path is relative to the root (a leading
/// `./` or `/` is harmless, `.` is the root itself); an existing path of a different type is
/// removed first (`rmdir` or `unlink`); a regular file replaces an existing one's contents
/// (`O_TRUNC`) unless it is a hard link; then `chown(uid, gid)`, `chmod(permissions)` and, for
/// everything, the mtime (`CONFIG_INITRAMFS_PRESERVE_MTIME=y` in Debian; directories get theirs
/// after the whole archive is unpacked, since creating children changes it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry<'s> {
    /// The path as archived, without its NUL.
    pub path: &'s [u8],
    /// Type and type-specific contents.
    pub kind: EntryKind<'s>,
    /// The full `mode` field (type and permission bits).
    pub mode: u32,
    /// Owner.
    pub uid: u32,
    /// Group.
    pub gid: u32,
    /// Modification time in seconds since the epoch.
    pub mtime: u64,
    /// Link count as archived.
    pub nlink: u32,
    /// Inode number as archived.
    pub ino: u32,
    /// When set, create this path as a hard link to the earlier entry named here (same
    /// `ino`, device and type, `nlink >= 2`, since the last `TRAILER!!!`), then, for a file with
    /// data, write the data into it (Linux writes through the link without truncating first).
    pub hard_link_to: Option<&'s [u8]>,
    /// Offset of the record: in the image, or in the decompressed member when `member` is set.
    pub offset: usize,
    /// Offset in the image of the gzip member the record came from.
    pub member: Option<usize>,
}

impl Entry<'_> {
    /// The permission bits (`mode & 0o7777`: set-id, sticky and rwx).
    pub fn permissions(&self) -> u32 {
        self.mode & 0o7777
    }

    /// The file-type bits (`mode & S_IFMT`).
    pub fn file_type_bits(&self) -> u32 {
        self.mode & mode::S_IFMT
    }
}
