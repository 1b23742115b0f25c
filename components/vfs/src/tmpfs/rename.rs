//! tmpfs `rename`: moving, replacing and exchanging entries, with Linux's rules.

use super::inode::TmpInode;
use alloc::sync::Arc;
use kernel_core::services::vfs::{FileType, Inode, RenameFlags};
use kernel_core::Errno;

/// Moves `old_name` of `old_dir` to `new_name` of `new_dir` (see [`Inode::rename`]).
pub(crate) fn rename(
    old_dir: &TmpInode,
    old_name: &[u8],
    new_dir: &Arc<dyn Inode>,
    new_name: &[u8],
    flags: RenameFlags,
) -> Result<(), Errno> {
    let exchange = flags.contains(RenameFlags::EXCHANGE);
    if flags.contains(RenameFlags::WHITEOUT) || (exchange && flags.contains(RenameFlags::NOREPLACE))
    {
        return Err(Errno::EINVAL);
    }
    let new_dir = new_dir
        .as_any()
        .downcast_ref::<TmpInode>()
        .ok_or(Errno::EXDEV)?;
    if !Arc::ptr_eq(&old_dir.shared, &new_dir.shared) {
        return Err(Errno::EXDEV);
    }
    let _namespace = old_dir.shared.namespace.lock();
    let old_entries = old_dir.dir().ok_or(Errno::ENOTDIR)?;
    let new_entries = new_dir.dir().ok_or(Errno::ENOTDIR)?;
    if new_entries.lock().removed {
        return Err(Errno::ENOENT);
    }
    let source = old_entries.lock().get(old_name).ok_or(Errno::ENOENT)?;
    let target = new_entries.lock().get(new_name);
    if flags.contains(RenameFlags::NOREPLACE) && target.is_some() {
        return Err(Errno::EEXIST);
    }
    if let Some(target) = &target {
        if Arc::ptr_eq(target, &source) {
            return Ok(());
        }
    }
    let source_is_dir = source.kind() == FileType::Directory;
    if source_is_dir && is_within(new_dir, &source)? {
        return Err(Errno::EINVAL);
    }
    let same_dir = core::ptr::eq(old_dir, new_dir);
    if exchange {
        let target = target.ok_or(Errno::ENOENT)?;
        if target.kind() == FileType::Directory && is_within(old_dir, &target)? {
            return Err(Errno::EINVAL);
        }
        new_entries.lock().insert(new_name, source.clone());
        old_entries.lock().insert(old_name, target.clone());
        if !same_dir {
            reparent(&source, old_dir, new_dir)?;
            reparent(&target, new_dir, old_dir)?;
        }
        target.touch_changed(0);
    } else {
        if let Some(target) = &target {
            replace(new_dir, target, source_is_dir)?;
        }
        new_entries.lock().insert(new_name, source.clone());
        old_entries.lock().remove(old_name);
        if !same_dir {
            reparent(&source, old_dir, new_dir)?;
        }
    }
    source.touch_changed(0);
    old_dir.touch_modified();
    new_dir.touch_modified();
    Ok(())
}

/// Checks that `target` (in `dir`) may be replaced by a source of the given kind, and marks it
/// gone.
fn replace(dir: &TmpInode, target: &Arc<TmpInode>, source_is_dir: bool) -> Result<(), Errno> {
    match (source_is_dir, target.dir()) {
        (true, None) => Err(Errno::ENOTDIR),
        (false, Some(_)) => Err(Errno::EISDIR),
        (true, Some(entries)) => {
            let mut entries = entries.lock();
            if !entries.is_empty() {
                return Err(Errno::ENOTEMPTY);
            }
            entries.removed = true;
            drop(entries);
            target.clear_links();
            dir.touch_changed(-1);
            Ok(())
        }
        (false, None) => {
            target.touch_changed(-1);
            Ok(())
        }
    }
}

/// Records that directory `moved` now lives in `to` instead of `from` (its `..` moves).
fn reparent(moved: &Arc<TmpInode>, from: &TmpInode, to: &TmpInode) -> Result<(), Errno> {
    if let Some(entries) = moved.dir() {
        entries.lock().parent = Arc::downgrade(&to.arc()?);
        from.touch_changed(-1);
        to.touch_changed(1);
    }
    Ok(())
}

/// Whether `dir` is `ancestor` or lies below it.
fn is_within(dir: &TmpInode, ancestor: &Arc<TmpInode>) -> Result<bool, Errno> {
    let mut current = dir.arc()?;
    loop {
        if Arc::ptr_eq(&current, ancestor) {
            return Ok(true);
        }
        let parent = match current.dir() {
            Some(entries) => entries.lock().parent.upgrade(),
            None => None,
        };
        match parent {
            Some(parent) => current = parent,
            None => return Ok(false),
        }
    }
}
