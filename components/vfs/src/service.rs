//! [`VfsService`] for [`Vfs`]: each call delegates to its operation in `ops`.

use crate::pipe::{Pipe, PipeEnd, PipeInode};
use crate::vfs::Vfs;
use alloc::sync::Arc;
use alloc::vec::Vec;
use kernel_core::services::vfs::{
    AccessCheck, AtFlags, Credentials, DeviceId, File, FsStats, Inode, LockKind, LockOwner,
    Metadata, MountFlags, MountInfo, OpenFlags, PathContext, PipeEnds, RecordLock, RenameFlags,
    TimeChange, UnmountFlags, VfsService,
};
use kernel_core::Errno;

impl VfsService for Vfs {
    fn root_directory(&self) -> Arc<dyn File> {
        self.path_description(self.root_location())
    }

    fn open(
        &self,
        ctx: &PathContext<'_>,
        path: &[u8],
        flags: OpenFlags,
        mode: u32,
    ) -> Result<Arc<dyn File>, Errno> {
        self.do_open(ctx, path, flags, mode)
    }

    fn open_exec(&self, ctx: &PathContext<'_>, path: &[u8]) -> Result<Arc<dyn File>, Errno> {
        self.do_open_exec(ctx, path)
    }

    fn mkdir(&self, ctx: &PathContext<'_>, path: &[u8], mode: u32) -> Result<(), Errno> {
        self.do_mkdir(ctx, path, mode)
    }

    fn mknod(
        &self,
        ctx: &PathContext<'_>,
        path: &[u8],
        mode: u32,
        device: DeviceId,
    ) -> Result<(), Errno> {
        self.do_mknod(ctx, path, mode, device)
    }

    fn symlink(&self, ctx: &PathContext<'_>, target: &[u8], path: &[u8]) -> Result<(), Errno> {
        self.do_symlink(ctx, target, path)
    }

    fn link(
        &self,
        old: &PathContext<'_>,
        old_path: &[u8],
        new: &PathContext<'_>,
        new_path: &[u8],
        flags: AtFlags,
    ) -> Result<(), Errno> {
        self.do_link(old, old_path, new, new_path, flags)
    }

    fn unlink(&self, ctx: &PathContext<'_>, path: &[u8], flags: AtFlags) -> Result<(), Errno> {
        self.do_unlink(ctx, path, flags)
    }

    fn rename(
        &self,
        old: &PathContext<'_>,
        old_path: &[u8],
        new: &PathContext<'_>,
        new_path: &[u8],
        flags: RenameFlags,
    ) -> Result<(), Errno> {
        self.do_rename(old, old_path, new, new_path, flags)
    }

    fn readlink(&self, ctx: &PathContext<'_>, path: &[u8]) -> Result<Vec<u8>, Errno> {
        self.do_readlink(ctx, path)
    }

    fn stat(&self, ctx: &PathContext<'_>, path: &[u8], flags: AtFlags) -> Result<Metadata, Errno> {
        self.do_stat(ctx, path, flags)
    }

    fn access(
        &self,
        ctx: &PathContext<'_>,
        path: &[u8],
        check: AccessCheck,
        flags: AtFlags,
    ) -> Result<(), Errno> {
        self.do_access(ctx, path, check, flags)
    }

    fn chmod(
        &self,
        ctx: &PathContext<'_>,
        path: &[u8],
        mode: u32,
        flags: AtFlags,
    ) -> Result<(), Errno> {
        self.do_chmod(ctx, path, mode, flags)
    }

    fn chown(
        &self,
        ctx: &PathContext<'_>,
        path: &[u8],
        uid: Option<u32>,
        gid: Option<u32>,
        flags: AtFlags,
    ) -> Result<(), Errno> {
        self.do_chown(ctx, path, uid, gid, flags)
    }

    fn utimens(
        &self,
        ctx: &PathContext<'_>,
        path: &[u8],
        atime: TimeChange,
        mtime: TimeChange,
        flags: AtFlags,
    ) -> Result<(), Errno> {
        self.do_utimens(ctx, path, atime, mtime, flags)
    }

    fn truncate(&self, ctx: &PathContext<'_>, path: &[u8], size: i64) -> Result<(), Errno> {
        self.do_truncate(ctx, path, size)
    }

    fn statfs(&self, ctx: &PathContext<'_>, path: &[u8]) -> Result<FsStats, Errno> {
        self.do_statfs(ctx, path)
    }

    fn open_directory(&self, ctx: &PathContext<'_>, path: &[u8]) -> Result<Arc<dyn File>, Errno> {
        self.do_open_directory(ctx, path)
    }

    fn path_of(&self, ctx: &PathContext<'_>, file: &Arc<dyn File>) -> Result<Vec<u8>, Errno> {
        self.do_path_of(ctx, file)
    }

    fn mount(
        &self,
        ctx: &PathContext<'_>,
        source: &[u8],
        target: &[u8],
        fs_type: &[u8],
        flags: MountFlags,
        data: &[u8],
    ) -> Result<(), Errno> {
        self.do_mount(ctx, source, target, fs_type, flags, data)
    }

    fn unmount(
        &self,
        ctx: &PathContext<'_>,
        target: &[u8],
        flags: UnmountFlags,
    ) -> Result<(), Errno> {
        self.do_unmount(ctx, target, flags)
    }

    fn mounts(&self) -> Vec<MountInfo> {
        self.do_mounts()
    }

    fn pipe(&self, credentials: &Credentials, flags: OpenFlags) -> Result<PipeEnds, Errno> {
        if !(OpenFlags::O_NONBLOCK | OpenFlags::O_CLOEXEC).contains(flags) {
            return Err(Errno::EINVAL);
        }
        let status = flags & OpenFlags::O_NONBLOCK;
        let inode: Arc<dyn Inode> = Arc::new(PipeInode::new(
            self.pipe_device,
            self.allocate_pipe_ino(),
            credentials.uid,
            credentials.gid,
            self.clock.clone(),
        ));
        let pipe = Pipe::new();
        let reader = PipeEnd::open(pipe.clone(), status, inode.clone(), None);
        let writer = PipeEnd::open(pipe, status | OpenFlags::O_WRONLY, inode, None);
        Ok((Arc::new(reader), Arc::new(writer)))
    }

    fn tee(
        &self,
        input: &Arc<dyn File>,
        output: &Arc<dyn File>,
        len: usize,
    ) -> Result<usize, Errno> {
        let (Some(input), Some(output)) = (
            input.as_any().downcast_ref::<PipeEnd>(),
            output.as_any().downcast_ref::<PipeEnd>(),
        ) else {
            return Err(Errno::EINVAL);
        };
        input.tee_to(output, len)
    }

    fn flock(&self, file: &Arc<dyn File>, kind: LockKind) -> Result<(), Errno> {
        self.locks.flock(file, kind)
    }

    fn test_record_lock(
        &self,
        file: &Arc<dyn File>,
        owner: LockOwner,
        lock: RecordLock,
    ) -> Result<Option<RecordLock>, Errno> {
        self.locks.test(file, owner, lock)
    }

    fn set_record_lock(
        &self,
        file: &Arc<dyn File>,
        owner: LockOwner,
        lock: RecordLock,
    ) -> Result<(), Errno> {
        self.locks.set(file, owner, lock)
    }
}
