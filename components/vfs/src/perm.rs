//! Permission checks by mode bits, as Linux's `generic_permission` makes them.

use kernel_core::services::vfs::{mode, Credentials, FileType, Metadata};
use kernel_core::Errno;

/// Execute, or search in a directory.
pub(crate) const MAY_EXEC: u32 = 1;
/// Write.
pub(crate) const MAY_WRITE: u32 = 2;
/// Read.
pub(crate) const MAY_READ: u32 = 4;

/// Whether `credentials` may `want` (a set of `MAY_*`) on an object with `meta`.
///
/// The owner class applies to the owner, the group class to members of the file's group, the
/// other class to the rest. Root passes every read and write check and searches every
/// directory, but may execute a file only if some execute bit is set.
pub(crate) fn check(meta: &Metadata, credentials: &Credentials, want: u32) -> Result<(), Errno> {
    if credentials.is_root() {
        let exec_denied = want & MAY_EXEC != 0 && !meta.is_dir() && meta.mode & 0o111 == 0;
        return if exec_denied {
            Err(Errno::EACCES)
        } else {
            Ok(())
        };
    }
    let class = if credentials.uid == meta.uid {
        (meta.mode >> 6) & 7
    } else if credentials.in_group(meta.gid) {
        (meta.mode >> 3) & 7
    } else {
        meta.mode & 7
    };
    if want & class == want {
        Ok(())
    } else {
        Err(Errno::EACCES)
    }
}

/// Whether `credentials` own the object or are root (`inode_owner_or_capable`).
pub(crate) fn owner_or_root(meta: &Metadata, credentials: &Credentials) -> bool {
    credentials.is_root() || credentials.uid == meta.uid
}

/// The sticky-directory rule: in a directory with `S_ISVTX`, an entry may be removed or renamed
/// only by root, the entry's owner or the directory's owner (`EPERM` otherwise).
pub(crate) fn check_sticky(
    dir: &Metadata,
    victim: &Metadata,
    credentials: &Credentials,
) -> Result<(), Errno> {
    if dir.mode & mode::S_ISVTX == 0
        || owner_or_root(victim, credentials)
        || credentials.uid == dir.uid
    {
        Ok(())
    } else {
        Err(Errno::EPERM)
    }
}

/// Linux's `may_delete`: removing (or renaming away) `victim` from `dir`. `want_dir` says
/// whether the operation removes a directory (`rmdir`, renaming a directory).
pub(crate) fn may_delete(
    dir: &Metadata,
    victim: &Metadata,
    credentials: &Credentials,
    want_dir: bool,
) -> Result<(), Errno> {
    check(dir, credentials, MAY_WRITE | MAY_EXEC)?;
    check_sticky(dir, victim, credentials)?;
    match (want_dir, victim.is_dir()) {
        (true, false) => Err(Errno::ENOTDIR),
        (false, true) => Err(Errno::EISDIR),
        _ => Ok(()),
    }
}

/// Whether writes to this kind of object are refused on a read-only mount (devices and FIFOs
/// stay writable, as Linux's `sb_permission` says).
pub(crate) fn write_needs_writable_mount(meta: &Metadata) -> bool {
    matches!(
        meta.file_type(),
        Some(FileType::Regular | FileType::Directory | FileType::Symlink)
    )
}
