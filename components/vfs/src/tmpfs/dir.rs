//! A tmpfs directory's entries, with cursors that stay valid while entries come and go.

use super::inode::TmpInode;
use alloc::collections::BTreeMap;
use alloc::sync::{Arc, Weak};
use alloc::vec::Vec;
use kernel_core::services::vfs::{DirEntry, DirSink, FileType};

/// Cursor values 0 and 1 are `.` and `..`; entries get increasing sequence numbers from 2.
const FIRST_ENTRY_CURSOR: u64 = 2;

/// `st_size` of a tmpfs directory: 20 bytes per entry plus 40 (Linux's `BOGO_DIRENT_SIZE`).
pub(crate) const BOGO_DIRENT_SIZE: u64 = 20;

struct Entry {
    sequence: u64,
    inode: Arc<TmpInode>,
}

/// The entries of one directory.
pub(crate) struct DirData {
    by_name: BTreeMap<Vec<u8>, Entry>,
    by_sequence: BTreeMap<u64, Vec<u8>>,
    next_sequence: u64,
    /// The parent directory; dangling for the root (its own parent).
    pub parent: Weak<TmpInode>,
    /// Set once the directory has been removed: nothing can be created in it.
    pub removed: bool,
}

impl DirData {
    /// An empty directory under `parent`.
    pub fn new(parent: Weak<TmpInode>) -> Self {
        Self {
            by_name: BTreeMap::new(),
            by_sequence: BTreeMap::new(),
            next_sequence: FIRST_ENTRY_CURSOR,
            parent,
            removed: false,
        }
    }

    /// The inode named `name`.
    pub fn get(&self, name: &[u8]) -> Option<Arc<TmpInode>> {
        self.by_name.get(name).map(|entry| entry.inode.clone())
    }

    /// Adds or replaces `name`; a replaced entry's inode is returned. A new or replaced name
    /// gets a new cursor position (it is listed after existing cursors).
    pub fn insert(&mut self, name: &[u8], inode: Arc<TmpInode>) -> Option<Arc<TmpInode>> {
        let sequence = self.next_sequence;
        self.next_sequence += 1;
        self.by_sequence.insert(sequence, name.to_vec());
        let old = self
            .by_name
            .insert(name.to_vec(), Entry { sequence, inode });
        old.map(|entry| {
            self.by_sequence.remove(&entry.sequence);
            entry.inode
        })
    }

    /// Removes `name`, returning its inode.
    pub fn remove(&mut self, name: &[u8]) -> Option<Arc<TmpInode>> {
        let entry = self.by_name.remove(name)?;
        self.by_sequence.remove(&entry.sequence);
        Some(entry.inode)
    }

    /// Whether there are no entries (besides `.` and `..`).
    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// `st_size` for this directory.
    pub fn size(&self) -> u64 {
        (self.by_name.len() as u64 + 2) * BOGO_DIRENT_SIZE
    }

    /// Lists from `cursor`: `.` (cursor 0), `..` (1), then entries in creation order.
    pub fn list(&self, own_ino: u64, parent_ino: u64, cursor: u64, sink: &mut DirSink<'_>) -> u64 {
        let mut cursor = cursor;
        let dots: [(u64, &[u8]); 2] = [(own_ino, b"."), (parent_ino, b"..")];
        while cursor < FIRST_ENTRY_CURSOR {
            let (ino, name) = dots[cursor as usize];
            let entry = DirEntry {
                ino,
                file_type: FileType::Directory,
                name,
                next_cursor: cursor + 1,
            };
            if !sink(&entry) {
                return cursor;
            }
            cursor += 1;
        }
        for (sequence, name) in self.by_sequence.range(cursor..) {
            let Some(found) = self.by_name.get(name) else {
                continue;
            };
            let entry = DirEntry {
                ino: found.inode.ino(),
                file_type: found.inode.kind(),
                name,
                next_cursor: sequence + 1,
            };
            if !sink(&entry) {
                return cursor;
            }
            cursor = sequence + 1;
        }
        cursor
    }
}

impl Drop for DirData {
    /// Frees a subtree without recursing once per level (deep trees would exhaust a kernel
    /// stack): entries this directory held the last reference to are emptied first.
    fn drop(&mut self) {
        let mut doomed: Vec<Arc<TmpInode>> = core::mem::take(&mut self.by_name)
            .into_values()
            .map(|entry| entry.inode)
            .collect();
        while let Some(inode) = doomed.pop() {
            if let Ok(inode) = Arc::try_unwrap(inode) {
                if let Some(entries) = inode.dir() {
                    let mut entries = entries.lock();
                    doomed.extend(
                        core::mem::take(&mut entries.by_name)
                            .into_values()
                            .map(|entry| entry.inode),
                    );
                }
            }
        }
    }
}
