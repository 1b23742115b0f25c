//! tmpfs: a file system in memory (files, directories, links, device nodes, FIFOs).

mod budget;
mod data;
mod dir;
mod inode;
mod namespace;
mod operations;
mod options;
mod rename;

pub use inode::TmpInode;
pub use options::TmpFsOptions;

use crate::anon::AnonDevices;
use crate::clock::WallClock;
use alloc::sync::{Arc, Weak};
use budget::Budget;
use core::sync::atomic::{AtomicU64, Ordering};
use kernel_core::services::pagecache::PagePool;
use kernel_core::services::vfs::{
    DeviceId, FileSystem, FileSystemType, FsStats, Inode, MountFlags, NewNode, NodeKind, NAME_MAX,
};
use kernel_core::sync::SpinLock;
use kernel_core::Errno;

/// `statfs`'s `f_type` for tmpfs (and devtmpfs, which is a tmpfs).
pub const TMPFS_MAGIC: u64 = 0x0102_1994;

/// State every inode of one tmpfs shares.
pub(crate) struct Shared {
    pub name: &'static str,
    pub device: DeviceId,
    pub clock: WallClock,
    next_ino: AtomicU64,
    pub pages: Arc<Budget>,
    /// Where file pages come from (the page cache's frames).
    pub pool: Arc<dyn PagePool>,
    pub inodes: Budget,
    /// Serialises changes to directories (see `namespace`).
    pub namespace: SpinLock<()>,
}

impl Shared {
    /// The next inode number (the root gets 1).
    pub fn allocate_ino(&self) -> u64 {
        self.next_ino.fetch_add(1, Ordering::Relaxed)
    }
}

/// One tmpfs instance.
pub struct TmpFs {
    shared: Arc<Shared>,
    root: Arc<TmpInode>,
}

impl TmpFs {
    /// A new, empty tmpfs named `name` (`tmpfs`, `devtmpfs`, `rootfs`) with device number
    /// `device`, keeping file pages in `pool`.
    pub fn new(
        name: &'static str,
        device: DeviceId,
        clock: WallClock,
        pool: Arc<dyn PagePool>,
        options: &TmpFsOptions,
    ) -> Result<Arc<TmpFs>, Errno> {
        let shared = Arc::new(Shared {
            name,
            device,
            clock,
            next_ino: AtomicU64::new(1),
            pages: Arc::new(Budget::new(options.size_pages())),
            pool,
            inodes: Budget::new(options.max_inodes.unwrap_or(u64::MAX)),
            namespace: SpinLock::new(()),
        });
        let node = NewNode {
            permissions: options.root_mode,
            uid: options.root_uid,
            gid: options.root_gid,
        };
        let root = TmpInode::new(&shared, NodeKind::Directory, node, Weak::new())?;
        Ok(Arc::new(TmpFs { shared, root }))
    }

    /// The root directory as a tmpfs inode.
    pub fn root_inode(&self) -> Arc<TmpInode> {
        self.root.clone()
    }
}

impl FileSystem for TmpFs {
    fn name(&self) -> &str {
        self.shared.name
    }

    fn root(&self) -> Arc<dyn Inode> {
        self.root.clone()
    }

    fn device(&self) -> DeviceId {
        self.shared.device
    }

    fn stats(&self) -> FsStats {
        let pages = &self.shared.pages;
        let inodes = &self.shared.inodes;
        let (blocks, blocks_free) = if pages.limit() == u64::MAX {
            (0, 0)
        } else {
            (pages.limit(), pages.limit().saturating_sub(pages.used()))
        };
        let (files, files_free) = if inodes.limit() == u64::MAX {
            (0, 0)
        } else {
            (inodes.limit(), inodes.limit().saturating_sub(inodes.used()))
        };
        FsStats {
            magic: TMPFS_MAGIC,
            block_size: data::PAGE,
            blocks,
            blocks_free,
            blocks_available: blocks_free,
            files,
            files_free,
            name_max: NAME_MAX as u64,
            flags: 0,
        }
    }
}

/// The `tmpfs` file-system type: every mount is a new, empty tmpfs.
pub struct TmpFsType {
    clock: WallClock,
    devices: Arc<AnonDevices>,
    pool: Arc<dyn PagePool>,
    memory_bytes: u64,
}

impl TmpFsType {
    /// Mounts get device numbers from `devices`; `memory_bytes` sizes the default limit (half,
    /// as Linux) and `size=N%`. Zero means unknown: no default limit. File pages come from
    /// `pool`.
    pub(crate) fn new(
        clock: WallClock,
        devices: Arc<AnonDevices>,
        pool: Arc<dyn PagePool>,
        memory_bytes: u64,
    ) -> Self {
        Self {
            clock,
            devices,
            pool,
            memory_bytes,
        }
    }
}

impl FileSystemType for TmpFsType {
    fn name(&self) -> &str {
        "tmpfs"
    }

    fn mount(
        &self,
        _source: &[u8],
        _flags: MountFlags,
        data: &[u8],
    ) -> Result<Arc<dyn FileSystem>, Errno> {
        let options = TmpFsOptions::parse(data, self.memory_bytes)?;
        Ok(TmpFs::new(
            "tmpfs",
            self.devices.allocate(),
            self.clock.clone(),
            self.pool.clone(),
            &options,
        )?)
    }
}
