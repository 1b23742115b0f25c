//! Reading and changing attributes: `stat`, `access`, `chmod`, `chown`, `utimensat`,
//! `truncate`, `statfs`, `readlink`, and `chdir`'s directory check.

use crate::perm::{self, MAY_EXEC, MAY_READ, MAY_WRITE};
use crate::vfs::{Object, Vfs};
use alloc::sync::Arc;
use alloc::vec::Vec;
use kernel_core::services::vfs::{
    mode, AccessCheck, AtFlags, File, FileType, FsStats, Metadata, MountFlags, PathContext,
    SetAttributes, TimeChange, WriteAccess,
};
use kernel_core::Errno;

/// `statfs`'s `f_type` for pipes.
const PIPEFS_MAGIC: u64 = 0x5049_5045;
/// `ST_VALID`: `f_flags` is meaningful.
const ST_VALID: u64 = 0x20;

fn allow_only(flags: AtFlags, allowed: AtFlags) -> Result<(), Errno> {
    if allowed.contains(flags) {
        Ok(())
    } else {
        Err(Errno::EINVAL)
    }
}

fn follows(flags: AtFlags) -> bool {
    !flags.contains(AtFlags::AT_SYMLINK_NOFOLLOW)
}

fn refuse_read_only(object: &Object) -> Result<(), Errno> {
    if object.read_only() {
        Err(Errno::EROFS)
    } else {
        Ok(())
    }
}

impl Vfs {
    /// `newfstatat(2)`.
    pub(crate) fn do_stat(
        &self,
        ctx: &PathContext<'_>,
        path: &[u8],
        flags: AtFlags,
    ) -> Result<Metadata, Errno> {
        allow_only(
            flags,
            AtFlags::AT_SYMLINK_NOFOLLOW | AtFlags::AT_EMPTY_PATH | AtFlags::AT_NO_AUTOMOUNT,
        )?;
        Ok(self
            .object(ctx, path, flags, follows(flags))?
            .inode
            .metadata())
    }

    /// `faccessat2(2)`; `AT_EACCESS` (the `AT_REMOVEDIR` bit) is the caller's choice of IDs.
    pub(crate) fn do_access(
        &self,
        ctx: &PathContext<'_>,
        path: &[u8],
        check: AccessCheck,
        flags: AtFlags,
    ) -> Result<(), Errno> {
        allow_only(
            flags,
            AtFlags::AT_SYMLINK_NOFOLLOW | AtFlags::AT_EMPTY_PATH | AtFlags::AT_REMOVEDIR,
        )?;
        let object = self.object(ctx, path, flags, follows(flags))?;
        if check.is_empty() {
            return Ok(());
        }
        let meta = object.inode.metadata();
        let mut want = 0;
        for (bit, may) in [
            (AccessCheck::READ, MAY_READ),
            (AccessCheck::WRITE, MAY_WRITE),
            (AccessCheck::EXECUTE, MAY_EXEC),
        ] {
            if check.contains(bit) {
                want |= may;
            }
        }
        perm::check(&meta, ctx.credentials, want)?;
        if check.contains(AccessCheck::WRITE) && perm::write_needs_writable_mount(&meta) {
            refuse_read_only(&object)?;
        }
        Ok(())
    }

    /// `fchmodat2(2)`: owner or root; a non-member of the file's group loses `S_ISGID`.
    pub(crate) fn do_chmod(
        &self,
        ctx: &PathContext<'_>,
        path: &[u8],
        mode_value: u32,
        flags: AtFlags,
    ) -> Result<(), Errno> {
        allow_only(flags, AtFlags::AT_SYMLINK_NOFOLLOW | AtFlags::AT_EMPTY_PATH)?;
        let object = self.object(ctx, path, flags, follows(flags))?;
        let meta = object.inode.metadata();
        if meta.file_type() == Some(FileType::Symlink) {
            return Err(Errno::EOPNOTSUPP);
        }
        refuse_read_only(&object)?;
        let credentials = ctx.credentials;
        if !perm::owner_or_root(&meta, credentials) {
            return Err(Errno::EPERM);
        }
        let mut permissions = mode_value & mode::PERMISSION_MASK;
        if !credentials.is_root() && !credentials.in_group(meta.gid) {
            permissions &= !mode::S_ISGID;
        }
        object.inode.set_attributes(&SetAttributes {
            permissions: Some(permissions),
            ..SetAttributes::default()
        })
    }

    /// `fchownat(2)`: root may give anything; an owner may only change the group to one of
    /// theirs. A non-directory loses `S_ISUID`, and `S_ISGID` if group-executable or if the
    /// caller is neither root nor in the file's group (Linux's `setattr_should_drop_sgid`).
    pub(crate) fn do_chown(
        &self,
        ctx: &PathContext<'_>,
        path: &[u8],
        uid: Option<u32>,
        gid: Option<u32>,
        flags: AtFlags,
    ) -> Result<(), Errno> {
        allow_only(flags, AtFlags::AT_SYMLINK_NOFOLLOW | AtFlags::AT_EMPTY_PATH)?;
        let object = self.object(ctx, path, flags, follows(flags))?;
        refuse_read_only(&object)?;
        let meta = object.inode.metadata();
        let credentials = ctx.credentials;
        let owner = credentials.uid == meta.uid;
        let uid_ok = uid.is_none_or(|uid| credentials.is_root() || (owner && uid == meta.uid));
        let gid_ok = gid.is_none_or(|gid| {
            credentials.is_root() || (owner && (gid == meta.gid || credentials.in_group(gid)))
        });
        if !uid_ok || !gid_ok {
            return Err(Errno::EPERM);
        }
        let mut change = SetAttributes {
            uid,
            gid,
            ..SetAttributes::default()
        };
        if !meta.is_dir() {
            let mut permissions = meta.permissions() & !mode::S_ISUID;
            let group_member = credentials.is_root() || credentials.in_group(meta.gid);
            if permissions & mode::S_IXGRP != 0 || !group_member {
                permissions &= !mode::S_ISGID;
            }
            if permissions != meta.permissions() {
                change.permissions = Some(permissions);
            }
        }
        object.inode.set_attributes(&change)
    }

    /// `utimensat(2)`: explicit times need the owner or root (`EPERM`); "now" also allows
    /// anyone with write permission (`EACCES`).
    pub(crate) fn do_utimens(
        &self,
        ctx: &PathContext<'_>,
        path: &[u8],
        atime: TimeChange,
        mtime: TimeChange,
        flags: AtFlags,
    ) -> Result<(), Errno> {
        let valid = |change: &TimeChange| match change {
            TimeChange::Set(time) => time.is_valid(),
            _ => true,
        };
        if !valid(&atime) || !valid(&mtime) {
            return Err(Errno::EINVAL);
        }
        if atime == TimeChange::Omit && mtime == TimeChange::Omit {
            return Ok(());
        }
        allow_only(flags, AtFlags::AT_SYMLINK_NOFOLLOW | AtFlags::AT_EMPTY_PATH)?;
        let object = self.object(ctx, path, flags, follows(flags))?;
        refuse_read_only(&object)?;
        let meta = object.inode.metadata();
        let credentials = ctx.credentials;
        let explicit = matches!(atime, TimeChange::Set(_)) || matches!(mtime, TimeChange::Set(_));
        if !perm::owner_or_root(&meta, credentials) {
            if explicit {
                return Err(Errno::EPERM);
            }
            perm::check(&meta, credentials, MAY_WRITE)?;
        }
        let now = self.clock.now();
        let resolve = |change: TimeChange| match change {
            TimeChange::Now => Some(now),
            TimeChange::Omit => None,
            TimeChange::Set(time) => Some(time),
        };
        object.inode.set_attributes(&SetAttributes {
            atime: resolve(atime),
            mtime: resolve(mtime),
            ..SetAttributes::default()
        })
    }

    /// `truncate(2)`.
    pub(crate) fn do_truncate(
        &self,
        ctx: &PathContext<'_>,
        path: &[u8],
        size: i64,
    ) -> Result<(), Errno> {
        let size = u64::try_from(size).map_err(|_| Errno::EINVAL)?;
        let location = self.resolver(ctx)?.resolve(path, true)?;
        let meta = location.inode.metadata();
        match meta.file_type() {
            Some(FileType::Directory) => return Err(Errno::EISDIR),
            Some(FileType::Regular) => {}
            _ => return Err(Errno::EINVAL),
        }
        if location.mount.read_only() {
            return Err(Errno::EROFS);
        }
        perm::check(&meta, ctx.credentials, MAY_WRITE)?;
        let _writer = WriteAccess::take(location.inode.clone())?;
        location.inode.truncate(size)
    }

    /// `statfs(2)`, and `fstatfs` with an empty path.
    pub(crate) fn do_statfs(&self, ctx: &PathContext<'_>, path: &[u8]) -> Result<FsStats, Errno> {
        let object = self.object(ctx, path, AtFlags::AT_EMPTY_PATH, true)?;
        let Some(mount) = object.mount else {
            return Ok(FsStats {
                magic: PIPEFS_MAGIC,
                block_size: 4096,
                name_max: 255,
                flags: ST_VALID,
                ..FsStats::default()
            });
        };
        let mut stats = mount.fs.stats();
        stats.flags = statfs_flags(mount.flags());
        Ok(stats)
    }

    /// `readlinkat(2)`: an empty path reads the descriptor's own link (`ENOENT` if it is
    /// not one), a named non-link is `EINVAL`.
    pub(crate) fn do_readlink(&self, ctx: &PathContext<'_>, path: &[u8]) -> Result<Vec<u8>, Errno> {
        let empty = path.is_empty();
        let object = self.object(ctx, path, AtFlags::AT_EMPTY_PATH, false)?;
        if object.inode.file_type() != FileType::Symlink {
            return Err(if empty { Errno::ENOENT } else { Errno::EINVAL });
        }
        object.inode.readlink()
    }

    /// The directory check of `chdir`/`chroot`/`fchdir`: a searchable directory.
    pub(crate) fn do_open_directory(
        &self,
        ctx: &PathContext<'_>,
        path: &[u8],
    ) -> Result<Arc<dyn File>, Errno> {
        let location = self.resolver(ctx)?.resolve(path, true)?;
        let meta = location.inode.metadata();
        if !meta.is_dir() {
            return Err(Errno::ENOTDIR);
        }
        perm::check(&meta, ctx.credentials, MAY_EXEC)?;
        Ok(self.path_description(location))
    }
}

/// `ST_*` bits for the mount flags.
fn statfs_flags(flags: MountFlags) -> u64 {
    let mut bits = ST_VALID;
    for (flag, bit) in [
        (MountFlags::RDONLY, 1),
        (MountFlags::NOSUID, 2),
        (MountFlags::NODEV, 4),
        (MountFlags::NOEXEC, 8),
        (MountFlags::SYNCHRONOUS, 16),
        (MountFlags::MANDLOCK, 64),
        (MountFlags::NOATIME, 1024),
        (MountFlags::NODIRATIME, 2048),
        (MountFlags::RELATIME, 4096),
        (MountFlags::NOSYMFOLLOW, 8192),
    ] {
        if flags.contains(flag) {
            bits |= bit;
        }
    }
    bits
}
