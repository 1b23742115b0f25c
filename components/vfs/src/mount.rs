//! The mount tree: which file system is visible where, and places (mount + inode) in it.

use alloc::collections::BTreeMap;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use kernel_core::services::vfs::{DeviceId, FileSystem, Inode, MountFlags};

/// One mounted file system (or bind mount): a file system's subtree made visible on a
/// mount point.
pub(crate) struct Mount {
    /// Unique among all mounts ever made.
    pub id: u64,
    /// The file system.
    pub fs: Arc<dyn FileSystem>,
    /// The directory (or file, for bind mounts) shown at the mount point.
    pub root: Arc<dyn Inode>,
    /// The mount and inode this mount covers; `None` for the root mount.
    pub parent: Option<(Arc<Mount>, Arc<dyn Inode>)>,
    /// `st_dev` and `st_ino` of the covered inode (to tell mount points in `EBUSY` checks).
    pub mountpoint_key: Option<(DeviceId, u64)>,
    /// `mount`'s source argument.
    pub source: Vec<u8>,
    flags: AtomicU64,
    open_count: AtomicUsize,
    attached: AtomicBool,
}

impl Mount {
    /// A mount of `fs` showing `root`, covering `parent`.
    pub fn new(
        id: u64,
        fs: Arc<dyn FileSystem>,
        root: Arc<dyn Inode>,
        parent: Option<(Arc<Mount>, Arc<dyn Inode>)>,
        source: Vec<u8>,
        flags: MountFlags,
    ) -> Self {
        let mountpoint_key = parent.as_ref().map(|(_, inode)| {
            let meta = inode.metadata();
            (meta.dev, meta.ino)
        });
        Self {
            id,
            fs,
            root,
            parent,
            mountpoint_key,
            source,
            flags: AtomicU64::new(flags.bits()),
            open_count: AtomicUsize::new(0),
            attached: AtomicBool::new(true),
        }
    }

    /// The per-mount flags.
    pub fn flags(&self) -> MountFlags {
        MountFlags::from_bits_truncate(self.flags.load(Ordering::Relaxed))
    }

    /// Replaces the per-mount flags (remount).
    pub fn set_flags(&self, flags: MountFlags) {
        self.flags.store(flags.bits(), Ordering::Relaxed);
    }

    /// Whether the mount is read-only.
    pub fn read_only(&self) -> bool {
        self.flags().contains(MountFlags::RDONLY)
    }

    /// Open descriptions (working directories included) inside this mount.
    pub fn open_count(&self) -> usize {
        self.open_count.load(Ordering::SeqCst)
    }

    /// Whether the mount is still in the tree (not unmounted).
    pub fn attached(&self) -> bool {
        self.attached.load(Ordering::SeqCst)
    }
}

/// Counts an open description in its mount for as long as it lives (umount's `EBUSY`).
pub(crate) struct MountPin(Arc<Mount>);

impl MountPin {
    /// Pins `mount`.
    pub fn new(mount: &Arc<Mount>) -> Self {
        mount.open_count.fetch_add(1, Ordering::SeqCst);
        Self(mount.clone())
    }
}

impl Drop for MountPin {
    fn drop(&mut self) {
        self.0.open_count.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A place in the mount tree: an inode as seen through one mount.
#[derive(Clone)]
pub(crate) struct Location {
    /// The mount the inode is seen through.
    pub mount: Arc<Mount>,
    /// The inode.
    pub inode: Arc<dyn Inode>,
}

impl Location {
    /// The inode `inode` in `mount`.
    pub fn new(mount: Arc<Mount>, inode: Arc<dyn Inode>) -> Self {
        Self { mount, inode }
    }

    /// The inode number.
    pub fn ino(&self) -> u64 {
        self.inode.metadata().ino
    }

    /// Whether both name the same inode through the same mount.
    pub fn same(&self, other: &Location) -> bool {
        self.mount.id == other.mount.id && self.ino() == other.ino()
    }

    /// Whether this is the root of its mount.
    pub fn is_mount_root(&self) -> bool {
        self.ino() == self.mount.root.metadata().ino
    }
}

/// All attached mounts, indexed by what they cover.
pub(crate) struct MountTable {
    root: Arc<Mount>,
    children: BTreeMap<(u64, u64), Arc<Mount>>,
    next_id: u64,
}

impl MountTable {
    /// A tree holding only `root`.
    pub fn new(root: Arc<Mount>) -> Self {
        let next_id = root.id + 1;
        Self {
            root,
            children: BTreeMap::new(),
            next_id,
        }
    }

    /// The root mount.
    pub fn root(&self) -> &Arc<Mount> {
        &self.root
    }

    /// A fresh mount id.
    pub fn allocate_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// The mount covering inode `ino` of mount `mount_id`, if any.
    pub fn covering(&self, mount_id: u64, ino: u64) -> Option<Arc<Mount>> {
        self.children.get(&(mount_id, ino)).cloned()
    }

    /// Whether the inode `key` (`st_dev`, `st_ino`) is covered by some mount, in any place.
    pub fn is_mountpoint(&self, key: (DeviceId, u64)) -> bool {
        self.children
            .values()
            .any(|mount| mount.mountpoint_key == Some(key))
    }

    /// Whether some mount covers a place inside `mount`.
    pub fn has_children(&self, mount: &Mount) -> bool {
        self.children.keys().any(|(parent, _)| *parent == mount.id)
    }

    /// Adds `mount` (whose `parent` is set) to the tree.
    pub fn attach(&mut self, mount: Arc<Mount>) {
        if let Some((parent, inode)) = &mount.parent {
            let key = (parent.id, inode.metadata().ino);
            self.children.insert(key, mount);
        }
    }

    /// Removes `mount` and everything mounted inside it.
    pub fn detach(&mut self, mount: &Arc<Mount>) {
        let mut doomed = Vec::from([mount.id]);
        while let Some(id) = doomed.pop() {
            let keys: Vec<(u64, u64)> = self
                .children
                .iter()
                .filter(|(key, child)| child.id == id || key.0 == id)
                .map(|(key, _)| *key)
                .collect();
            for key in keys {
                if let Some(child) = self.children.remove(&key) {
                    child.attached.store(false, Ordering::SeqCst);
                    if child.id != id {
                        doomed.push(child.id);
                    }
                }
            }
        }
    }

    /// Every attached mount, parents before children.
    pub fn in_order(&self) -> Vec<Arc<Mount>> {
        let mut order = Vec::from([self.root.clone()]);
        let mut index = 0;
        while index < order.len() {
            let id = order[index].id;
            order.extend(
                self.children
                    .iter()
                    .filter(|(key, _)| key.0 == id)
                    .map(|(_, m)| m.clone()),
            );
            index += 1;
        }
        order
    }
}
