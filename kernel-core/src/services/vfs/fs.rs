//! File systems and file-system types (what `mount -t NAME` creates).

use super::flags::MountFlags;
use super::inode::Inode;
use super::kind::DeviceId;
use super::types::FsStats;
use crate::Errno;
use alloc::sync::Arc;

/// A mounted (or mountable) tree of inodes.
///
/// A file system whose inodes are generated on demand (procfs) implements this like any other:
/// `root` returns a directory whose `lookup` and `read_dir` compute their entries, whose
/// files' `read_at` produce text, and whose links' `readlink` compute targets; everything that
/// changes the tree answers `EPERM`/`EACCES` by default.
pub trait FileSystem: Send + Sync {
    /// The type name `/proc/mounts` shows: `tmpfs`, `devtmpfs`, `proc`...
    fn name(&self) -> &str;
    /// The root directory.
    fn root(&self) -> Arc<dyn Inode>;
    /// The device number `stat` reports as `st_dev` for every inode here.
    fn device(&self) -> DeviceId;
    /// Space and inode counts for `statfs` (the VFS fills in `flags`).
    fn stats(&self) -> FsStats;
}

/// A kind of file system that `mount` can instantiate by name.
pub trait FileSystemType: Send + Sync {
    /// The name `mount -t` uses.
    fn name(&self) -> &str;
    /// Makes (or, for single-instance types such as devtmpfs, returns) a file system.
    /// `source` is `mount`'s first argument and `data` its option string (`size=64m,mode=755`).
    fn mount(
        &self,
        source: &[u8],
        flags: MountFlags,
        data: &[u8],
    ) -> Result<Arc<dyn FileSystem>, Errno>;
}
