//! The virtual file system contract: inodes, file systems, open files, the path service, waits.
//!
//! Layers, bottom up:
//! - [`Inode`]: one object of one file system (tmpfs file, procfs entry, device node...).
//! - [`FileSystem`] / [`FileSystemType`]: a tree of inodes, and the factories `mount -t` uses.
//! - [`File`]: an open file description (offset, status flags), what an fd points to;
//!   [`CharDeviceOps`]: what a character device node opens into.
//! - [`VfsService`]: path resolution, the mount tree and one method per file system call, each
//!   taking a [`PathContext`] (credentials, umask, root, working directory or `dirfd`).
//! - [`Waker`] / [`WaitList`]: the hook the scheduler uses to sleep on a pipe or device; the
//!   VFS itself never blocks.
//!
//! Linux is the reference for every behaviour and errno; `docs/contracts/vfs.md` lists the
//! invariants.

mod file;
mod flags;
mod fs;
mod inode;
mod kind;
mod locks;
mod service;
mod types;
mod wait;
mod write_count;

pub use file::{CharDeviceOps, File};
pub use flags::{
    AccessCheck, AccessMode, AtFlags, MountFlags, OpenFlags, PollEvents, RenameFlags, SeekWhence,
    UnmountFlags,
};
pub use fs::{FileSystem, FileSystemType};
pub use inode::{DirSink, Inode};
pub use kind::{mode, DeviceId, FileType};
pub use locks::{LockKind, LockOwner, RecordLock};
pub use service::{Credentials, MountInfo, PathContext, PipeEnds, VfsService};
pub use types::{
    DirEntry, FsStats, Metadata, NewNode, NodeKind, SetAttributes, TimeChange, Timespec,
};
pub use wait::{WaitList, Waker};
pub use write_count::{WriteAccess, WriteCount, WriteDenial};

/// Longest file-name component, in bytes (`NAME_MAX`).
pub const NAME_MAX: usize = 255;
/// Size of the path buffer including its NUL (`PATH_MAX`): paths must be shorter.
pub const PATH_MAX: usize = 4096;
/// Symbolic links followed in one resolution before `ELOOP` (Linux's `MAXSYMLINKS`).
pub const MAX_SYMLINKS: u32 = 40;
/// Writes up to this many bytes to a pipe are atomic (`PIPE_BUF`).
pub const PIPE_BUF: usize = 4096;
/// A pipe's default capacity in bytes (16 pages, as Linux).
pub const PIPE_CAPACITY: usize = 65536;

#[cfg(test)]
mod tests {
    use super::{DeviceId, FileType, OpenFlags, Timespec};

    #[test]
    fn device_numbers_encode_as_glibc_makedev() {
        assert_eq!(DeviceId::new(1, 3).to_linux(), 0x103);
        assert_eq!(DeviceId::new(5, 1).to_linux(), 0x501);
        assert_eq!(DeviceId::new(259, 0x12345).to_linux(), 0x1231_0345);
        let big = DeviceId::new(0x12345, 0xabcdef);
        assert_eq!(DeviceId::from_linux(big.to_linux()), big);
    }

    #[test]
    fn file_types_round_trip_through_mode_bits() {
        for kind in [
            FileType::Regular,
            FileType::Directory,
            FileType::Symlink,
            FileType::CharDevice,
            FileType::BlockDevice,
            FileType::Fifo,
            FileType::Socket,
        ] {
            assert_eq!(FileType::from_mode(kind.mode_bits() | 0o644), Some(kind));
        }
        assert_eq!(FileType::from_mode(0o644), None);
        assert_eq!(FileType::Directory.dirent_type(), 4);
        assert_eq!(FileType::Regular.dirent_type(), 8);
    }

    #[test]
    fn arm64_open_flag_values() {
        assert_eq!(OpenFlags::O_DIRECTORY.bits(), 0o40000);
        assert_eq!(OpenFlags::O_NOFOLLOW.bits(), 0o100000);
        assert_eq!(OpenFlags::O_CLOEXEC.bits(), 0o2000000);
        assert!(OpenFlags::from_bits_retain(0).access().readable());
        assert!(!OpenFlags::O_WRONLY.access().readable());
        assert!(OpenFlags::O_RDWR.access().writable());
    }

    #[test]
    fn timespec_from_nanos() {
        assert_eq!(
            Timespec::from_nanos(1_500_000_000),
            Timespec::new(1, 500_000_000)
        );
        assert!(!Timespec::new(0, 1_000_000_000).is_valid());
    }
}
