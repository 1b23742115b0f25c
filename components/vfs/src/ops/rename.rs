//! `renameat2`: the checks Linux makes before the file system moves anything.

use crate::path::Last;
use crate::perm::{self, MAY_WRITE};
use crate::vfs::Vfs;
use kernel_core::services::vfs::{PathContext, RenameFlags};
use kernel_core::Errno;

impl Vfs {
    /// `renameat2(2)`.
    pub(crate) fn do_rename(
        &self,
        old: &PathContext<'_>,
        old_path: &[u8],
        new: &PathContext<'_>,
        new_path: &[u8],
        flags: RenameFlags,
    ) -> Result<(), Errno> {
        let exchange = flags.contains(RenameFlags::EXCHANGE);
        let no_replace = flags.contains(RenameFlags::NOREPLACE);
        if exchange && (no_replace || flags.contains(RenameFlags::WHITEOUT)) {
            return Err(Errno::EINVAL);
        }
        if flags.contains(RenameFlags::WHITEOUT) {
            return Err(Errno::EINVAL);
        }
        let mut old_resolver = self.resolver(old)?;
        let old_parent = old_resolver.parent(old_path)?;
        let mut new_resolver = self.resolver(new)?;
        let new_parent = new_resolver.parent(new_path)?;
        if old_parent.dir.mount.id != new_parent.dir.mount.id {
            return Err(Errno::EXDEV);
        }
        let Last::Normal(old_name) = &old_parent.last else {
            return Err(Errno::EBUSY);
        };
        let Last::Normal(new_name) = &new_parent.last else {
            return Err(if no_replace {
                Errno::EEXIST
            } else {
                Errno::EBUSY
            });
        };
        if old_parent.dir.mount.read_only() {
            return Err(Errno::EROFS);
        }
        let source = old_resolver.lookup_uncrossed(&old_parent.dir, old_name)?;
        let target = match new_resolver.lookup_uncrossed(&new_parent.dir, new_name) {
            Ok(target) => Some(target),
            Err(Errno::ENOENT) => None,
            Err(error) => return Err(error),
        };
        if no_replace && target.is_some() {
            return Err(Errno::EEXIST);
        }
        if exchange && target.is_none() {
            return Err(Errno::ENOENT);
        }
        let source_meta = source.inode.metadata();
        if !exchange
            && !source_meta.is_dir()
            && (old_parent.trailing_slash || new_parent.trailing_slash)
        {
            return Err(Errno::ENOTDIR);
        }
        if let Some(target) = &target {
            if target.same(&source) {
                return Ok(());
            }
        }
        let credentials = old.credentials;
        let old_dir_meta = old_parent.dir.inode.metadata();
        let new_dir_meta = new_parent.dir.inode.metadata();
        perm::may_delete(
            &old_dir_meta,
            &source_meta,
            credentials,
            source_meta.is_dir(),
        )?;
        let target_meta = target.as_ref().map(|target| target.inode.metadata());
        match &target_meta {
            Some(target_meta) => {
                let want_dir = if exchange {
                    target_meta.is_dir()
                } else {
                    source_meta.is_dir()
                };
                perm::may_delete(&new_dir_meta, target_meta, credentials, want_dir)?;
            }
            None => perm::check(&new_dir_meta, credentials, MAY_WRITE | perm::MAY_EXEC)?,
        }
        if !old_parent.dir.same(&new_parent.dir) {
            if source_meta.is_dir() {
                perm::check(&source_meta, credentials, MAY_WRITE)?;
            }
            if let Some(target_meta) = target_meta
                .as_ref()
                .filter(|meta| exchange && meta.is_dir())
            {
                perm::check(target_meta, credentials, MAY_WRITE)?;
            }
        }
        if self.is_mountpoint(&source)
            || target
                .as_ref()
                .is_some_and(|target| self.is_mountpoint(target))
        {
            return Err(Errno::EBUSY);
        }
        old_parent
            .dir
            .inode
            .rename(old_name, &new_parent.dir.inode, new_name, flags)
    }
}
