//! tmpfs directory changes: create, link, unlink, rmdir.
//!
//! Every change holds the file system's namespace lock, so at most one change runs at a time
//! and a change may lock several directories; lookups lock one directory at a time.

use super::inode::TmpInode;
use alloc::sync::{Arc, Weak};
use kernel_core::services::vfs::{FileType, Inode, NewNode, NodeKind};
use kernel_core::Errno;

/// Makes entry `name` in `dir`.
pub(crate) fn create(
    dir: &TmpInode,
    name: &[u8],
    kind: NodeKind<'_>,
    node: NewNode,
) -> Result<Arc<TmpInode>, Errno> {
    let _namespace = dir.shared.namespace.lock();
    let entries = dir.dir().ok_or(Errno::ENOTDIR)?;
    {
        let entries = entries.lock();
        if entries.removed {
            return Err(Errno::ENOENT);
        }
        if entries.get(name).is_some() {
            return Err(Errno::EEXIST);
        }
    }
    let parent = if matches!(kind, NodeKind::Directory) {
        dir.this.clone()
    } else {
        Weak::new()
    };
    let inode = TmpInode::new(&dir.shared, kind, node, parent)?;
    entries.lock().insert(name, inode.clone());
    if inode.kind() == FileType::Directory {
        dir.touch_changed(1);
    }
    dir.touch_modified();
    Ok(inode)
}

/// Adds entry `name` in `dir` for `target`.
pub(crate) fn link(dir: &TmpInode, name: &[u8], target: &Arc<dyn Inode>) -> Result<(), Errno> {
    let target = target
        .as_any()
        .downcast_ref::<TmpInode>()
        .ok_or(Errno::EXDEV)?;
    if !Arc::ptr_eq(&target.shared, &dir.shared) {
        return Err(Errno::EXDEV);
    }
    if target.kind() == FileType::Directory {
        return Err(Errno::EPERM);
    }
    let _namespace = dir.shared.namespace.lock();
    if target.attributes.lock().nlink == 0 {
        return Err(Errno::ENOENT);
    }
    let target = target.arc()?;
    {
        let mut entries = dir.dir().ok_or(Errno::ENOTDIR)?.lock();
        if entries.removed {
            return Err(Errno::ENOENT);
        }
        if entries.get(name).is_some() {
            return Err(Errno::EEXIST);
        }
        entries.insert(name, target.clone());
    }
    target.touch_changed(1);
    dir.touch_modified();
    Ok(())
}

/// Removes entry `name` from `dir`: a non-directory (`unlink`) or an empty directory (`rmdir`).
pub(crate) fn remove(dir: &TmpInode, name: &[u8], directory: bool) -> Result<(), Errno> {
    let _namespace = dir.shared.namespace.lock();
    let entries = dir.dir().ok_or(Errno::ENOTDIR)?;
    let victim = entries.lock().get(name).ok_or(Errno::ENOENT)?;
    match (directory, victim.kind() == FileType::Directory) {
        (false, true) => return Err(Errno::EISDIR),
        (true, false) => return Err(Errno::ENOTDIR),
        _ => {}
    }
    if let Some(victim_entries) = victim.dir() {
        let mut victim_entries = victim_entries.lock();
        if !victim_entries.is_empty() {
            return Err(Errno::ENOTEMPTY);
        }
        victim_entries.removed = true;
    }
    entries.lock().remove(name);
    if directory {
        victim.clear_links();
        dir.touch_changed(-1);
    } else {
        victim.touch_changed(-1);
    }
    dir.touch_modified();
    Ok(())
}
