//! The VFS service: the path-based operations the syscall layer calls, one per system call.

use super::file::File;
use super::flags::{AccessCheck, AtFlags, MountFlags, OpenFlags, RenameFlags, UnmountFlags};
use super::kind::{mode, DeviceId};
use super::locks::{LockKind, LockOwner, RecordLock};
use super::types::{FsStats, Metadata, TimeChange};
use crate::Errno;
use alloc::sync::Arc;
use alloc::vec::Vec;

/// The two ends `pipe2` returns: (read end, write end).
pub type PipeEnds = (Arc<dyn File>, Arc<dyn File>);

/// Who is asking: the identity permission checks use (Linux's fsuid/fsgid and groups).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Credentials {
    /// User ID for file access (0 is root: bypasses read/write/search checks).
    pub uid: u32,
    /// Group ID for file access and for new files.
    pub gid: u32,
    /// Supplementary groups.
    pub groups: Vec<u32>,
}

impl Credentials {
    /// Root: uid 0, gid 0.
    pub fn root() -> Self {
        Self::default()
    }

    /// An ordinary user.
    pub fn user(uid: u32, gid: u32) -> Self {
        Self {
            uid,
            gid,
            groups: Vec::new(),
        }
    }

    /// Whether these are root's (all file capabilities).
    pub fn is_root(&self) -> bool {
        self.uid == 0
    }

    /// Whether `gid` is the primary or a supplementary group.
    pub fn in_group(&self, gid: u32) -> bool {
        self.gid == gid || self.groups.contains(&gid)
    }
}

/// Where and as whom a path is resolved: one per call, built by the syscall layer from the
/// calling process.
pub struct PathContext<'a> {
    /// The caller's identity.
    pub credentials: &'a Credentials,
    /// The caller's file-creation mask.
    pub umask: u32,
    /// The caller's root directory (absolute paths start here; `..` stops here).
    pub root: &'a Arc<dyn File>,
    /// Where relative paths start: the working directory, or the `dirfd` of an `*at` call.
    /// With `AT_EMPTY_PATH` and an empty path, the object of the call is this description.
    pub base: &'a Arc<dyn File>,
}

/// One mount, as `/proc/mounts` lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MountInfo {
    /// What was mounted (`mount`'s source argument).
    pub source: Vec<u8>,
    /// Absolute path of the mount point.
    pub path: Vec<u8>,
    /// File-system type name.
    pub fs_type: Vec<u8>,
    /// Mount flags.
    pub flags: MountFlags,
}

/// The path-based file operations, as Linux's system calls define them.
///
/// Invariants: paths are byte strings without a NUL; an empty path is `ENOENT` (unless
/// `AT_EMPTY_PATH`), a component over 255 bytes or a path of 4096 bytes or more is
/// `ENAMETOOLONG`; symbolic links are followed at most 40 times per call (`ELOOP`); a trailing
/// slash requires a directory; permission failures are `EACCES` (or `EPERM` where Linux says
/// so); the VFS never sleeps (see [`super::wait`]).
pub trait VfsService: Send + Sync {
    /// The root directory of the initial mount tree, as a location-only description: the
    /// first process's root and working directory.
    fn root_directory(&self) -> Arc<dyn File>;
    /// `openat`: `mode` is used with `O_CREAT`. A FIFO opened blocking may need
    /// [`File::open_ready`].
    fn open(
        &self,
        ctx: &PathContext<'_>,
        path: &[u8],
        flags: OpenFlags,
        mode: u32,
    ) -> Result<Arc<dyn File>, Errno>;
    /// Opens `path` for `execve`, as Linux's `do_open_execat`: lookup errors first, then
    /// `EACCES` unless it is a regular file, on a mount without `noexec`, that `ctx` may
    /// execute. The description is readable whatever the file's read permission (an
    /// execute-only program runs).
    ///
    /// The default does what the other methods allow: it does not see `noexec` and needs read
    /// permission for the final open.
    fn open_exec(&self, ctx: &PathContext<'_>, path: &[u8]) -> Result<Arc<dyn File>, Errno> {
        let target = self.open(ctx, path, OpenFlags::O_PATH, 0)?;
        if target.metadata()?.mode & mode::S_IFMT != mode::S_IFREG {
            return Err(Errno::EACCES);
        }
        self.access(ctx, path, AccessCheck::EXECUTE, AtFlags::empty())?;
        self.open(ctx, path, OpenFlags::empty(), 0)
    }
    /// `mkdirat`.
    fn mkdir(&self, ctx: &PathContext<'_>, path: &[u8], mode: u32) -> Result<(), Errno>;
    /// `mknodat`: `mode` holds the type bits (0 or `S_IFREG`, `S_IFCHR`, `S_IFBLK`, `S_IFIFO`,
    /// `S_IFSOCK`) and the permissions.
    fn mknod(
        &self,
        ctx: &PathContext<'_>,
        path: &[u8],
        mode: u32,
        device: DeviceId,
    ) -> Result<(), Errno>;
    /// `symlinkat`: makes `path` a link to `target`.
    fn symlink(&self, ctx: &PathContext<'_>, target: &[u8], path: &[u8]) -> Result<(), Errno>;
    /// `linkat` (`AT_SYMLINK_FOLLOW`, `AT_EMPTY_PATH`).
    fn link(
        &self,
        old: &PathContext<'_>,
        old_path: &[u8],
        new: &PathContext<'_>,
        new_path: &[u8],
        flags: AtFlags,
    ) -> Result<(), Errno>;
    /// `unlinkat` (`AT_REMOVEDIR` for `rmdir`).
    fn unlink(&self, ctx: &PathContext<'_>, path: &[u8], flags: AtFlags) -> Result<(), Errno>;
    /// `renameat2`.
    fn rename(
        &self,
        old: &PathContext<'_>,
        old_path: &[u8],
        new: &PathContext<'_>,
        new_path: &[u8],
        flags: RenameFlags,
    ) -> Result<(), Errno>;
    /// `readlinkat` (the whole target; the caller truncates to its buffer).
    fn readlink(&self, ctx: &PathContext<'_>, path: &[u8]) -> Result<Vec<u8>, Errno>;
    /// `newfstatat` (`AT_SYMLINK_NOFOLLOW`, `AT_EMPTY_PATH`).
    fn stat(&self, ctx: &PathContext<'_>, path: &[u8], flags: AtFlags) -> Result<Metadata, Errno>;
    /// `faccessat2`: checks with `ctx.credentials` (the caller passes real or effective IDs).
    fn access(
        &self,
        ctx: &PathContext<'_>,
        path: &[u8],
        check: AccessCheck,
        flags: AtFlags,
    ) -> Result<(), Errno>;
    /// `fchmodat` (and `fchmod` through `AT_EMPTY_PATH`).
    fn chmod(
        &self,
        ctx: &PathContext<'_>,
        path: &[u8],
        mode: u32,
        flags: AtFlags,
    ) -> Result<(), Errno>;
    /// `fchownat`: `None` leaves the ID (the `-1` of the system call).
    fn chown(
        &self,
        ctx: &PathContext<'_>,
        path: &[u8],
        uid: Option<u32>,
        gid: Option<u32>,
        flags: AtFlags,
    ) -> Result<(), Errno>;
    /// `utimensat`: both `Omit` succeeds without looking the path up, as Linux does.
    fn utimens(
        &self,
        ctx: &PathContext<'_>,
        path: &[u8],
        atime: TimeChange,
        mtime: TimeChange,
        flags: AtFlags,
    ) -> Result<(), Errno>;
    /// `truncate`.
    fn truncate(&self, ctx: &PathContext<'_>, path: &[u8], size: i64) -> Result<(), Errno>;
    /// `statfs` (and `fstatfs` through an empty path: `ctx.base`).
    fn statfs(&self, ctx: &PathContext<'_>, path: &[u8]) -> Result<FsStats, Errno>;
    /// `chdir`/`chroot`: the directory as a location-only description, after checking search
    /// permission. (`fchdir` checks the same on a descriptor with an empty path.)
    fn open_directory(&self, ctx: &PathContext<'_>, path: &[u8]) -> Result<Arc<dyn File>, Errno>;
    /// The absolute path of `file` seen from `ctx.root` (`getcwd`, `/proc/<pid>/fd/N`);
    /// `ENOENT` once the object has been removed.
    fn path_of(&self, ctx: &PathContext<'_>, file: &Arc<dyn File>) -> Result<Vec<u8>, Errno>;
    /// `mount`: a new file system of type `fs_type` (or a bind mount, or a remount) at `target`.
    fn mount(
        &self,
        ctx: &PathContext<'_>,
        source: &[u8],
        target: &[u8],
        fs_type: &[u8],
        flags: MountFlags,
        data: &[u8],
    ) -> Result<(), Errno>;
    /// `umount2`.
    fn unmount(
        &self,
        ctx: &PathContext<'_>,
        target: &[u8],
        flags: UnmountFlags,
    ) -> Result<(), Errno>;
    /// The mounts, parents before children (`/proc/mounts`).
    fn mounts(&self) -> Vec<MountInfo>;
    /// `pipe2`: (read end, write end); `O_NONBLOCK` is the only status flag kept.
    fn pipe(&self, credentials: &Credentials, flags: OpenFlags) -> Result<PipeEnds, Errno>;
    /// `flock(fd, operation)` on the description `file`: `EAGAIN` while another description
    /// holds a conflicting lock (the caller sleeps and retries unless `LOCK_NB`). A lock goes
    /// away with the last reference to its description.
    fn flock(&self, file: &Arc<dyn File>, kind: LockKind) -> Result<(), Errno> {
        let _ = (file, kind);
        Err(Errno::ENOSYS)
    }
    /// `tee`: copies up to `len` bytes from pipe `input` to pipe `output` without consuming
    /// them; 0 at end of file, `EAGAIN` when `input` is empty or `output` full (the caller
    /// waits unless `SPLICE_F_NONBLOCK`), `EINVAL` unless both are distinct pipes.
    fn tee(
        &self,
        input: &Arc<dyn File>,
        output: &Arc<dyn File>,
        len: usize,
    ) -> Result<usize, Errno> {
        let _ = (input, output, len);
        Err(Errno::ENOSYS)
    }
    /// `F_GETLK`: the first lock of another owner that conflicts with `lock`, if any.
    fn test_record_lock(
        &self,
        file: &Arc<dyn File>,
        owner: LockOwner,
        lock: RecordLock,
    ) -> Result<Option<RecordLock>, Errno> {
        let _ = (file, owner, lock);
        Err(Errno::ENOSYS)
    }
    /// `F_SETLK`: takes, changes (splitting the owner's ranges) or releases `lock`; `EAGAIN`
    /// on a conflict (the caller of `F_SETLKW` sleeps and retries). The caller has checked the
    /// description's access mode.
    fn set_record_lock(
        &self,
        file: &Arc<dyn File>,
        owner: LockOwner,
        lock: RecordLock,
    ) -> Result<(), Errno> {
        let _ = (file, owner, lock);
        Err(Errno::ENOSYS)
    }
}
