//! The mock for the descriptor tests: byte-queue files, a real `process::FdTable` with a
//! small `RLIMIT_NOFILE`, and a context whose `wait_ready` makes the file ready.

use super::super::{Clock, Identity, Window};
use crate::args::Fd;
use crate::context::{FileTable, FsContext, ProcessContext, SyscallContext};
use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;
use core::any::Any;
use core::cell::Cell;
use kernel_core::services::mm::UserSpace;
use kernel_core::services::time::TimeService;
use kernel_core::services::vfs::{
    DeviceId, File, Inode, Metadata, OpenFlags, PollEvents, SeekWhence, Waker,
};
use kernel_core::sync::IrqSpinLock;
use kernel_core::{Errno, UserAddr};
use process::FdTable;

pub(super) const LIMIT: u64 = 8;

/// A byte queue: reads take from the front (`EAGAIN` when empty), writes append.
pub(super) struct Queue {
    pub(super) data: IrqSpinLock<Vec<u8>>,
    flags: IrqSpinLock<OpenFlags>,
    metadata: Metadata,
}

struct Node;

impl Inode for Node {
    fn metadata(&self) -> Metadata {
        Metadata::default()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl File for Queue {
    fn read(&self, buffer: &mut [u8]) -> Result<usize, Errno> {
        let mut data = self.data.lock();
        if data.is_empty() {
            return Err(Errno::EAGAIN);
        }
        let len = buffer.len().min(data.len());
        buffer[..len].copy_from_slice(&data[..len]);
        data.drain(..len);
        Ok(len)
    }
    fn write(&self, buffer: &[u8]) -> Result<usize, Errno> {
        self.data.lock().extend_from_slice(buffer);
        Ok(buffer.len())
    }
    fn read_at(&self, offset: i64, buffer: &mut [u8]) -> Result<usize, Errno> {
        let data = self.data.lock();
        let start = (offset as usize).min(data.len());
        let len = buffer.len().min(data.len() - start);
        buffer[..len].copy_from_slice(&data[start..start + len]);
        Ok(len)
    }
    fn write_at(&self, _offset: i64, _buffer: &[u8]) -> Result<usize, Errno> {
        Err(Errno::ESPIPE)
    }
    fn seek(&self, _offset: i64, _whence: SeekWhence) -> Result<u64, Errno> {
        Err(Errno::ESPIPE)
    }
    fn getdents64(&self, _buffer: &mut [u8]) -> Result<usize, Errno> {
        Err(Errno::ENOTDIR)
    }
    fn metadata(&self) -> Result<Metadata, Errno> {
        Ok(self.metadata)
    }
    fn truncate(&self, _size: i64) -> Result<(), Errno> {
        Err(Errno::EINVAL)
    }
    fn status_flags(&self) -> OpenFlags {
        *self.flags.lock()
    }
    fn set_status_flags(&self, flags: OpenFlags) {
        let mut mine = self.flags.lock();
        *mine = (*mine - OpenFlags::SETTABLE) | (flags & OpenFlags::SETTABLE);
    }
    fn poll(&self, _interest: PollEvents, _waker: Option<&Arc<dyn Waker>>) -> PollEvents {
        if self.data.lock().is_empty() {
            PollEvents::empty()
        } else {
            PollEvents::READABLE
        }
    }
    fn inode(&self) -> Arc<dyn Inode> {
        Arc::new(Node)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

pub(super) fn queue(mode: u32, rdev: DeviceId) -> Arc<Queue> {
    Arc::new(Queue {
        data: IrqSpinLock::new(Vec::new()),
        flags: IrqSpinLock::new(OpenFlags::O_RDWR),
        metadata: Metadata {
            mode,
            rdev,
            ..Metadata::default()
        },
    })
}

pub(super) struct Table(IrqSpinLock<FdTable<Arc<dyn File>>>);

impl FileTable for Table {
    fn get(&self, fd: Fd) -> Result<Arc<dyn File>, Errno> {
        self.0.lock().get(fd.0).cloned()
    }
    fn install(&self, file: Arc<dyn File>, close_on_exec: bool) -> Result<u32, Errno> {
        self.0.lock().install(file, close_on_exec, LIMIT)
    }
    fn close(&self, fd: Fd) -> Result<(), Errno> {
        self.0.lock().close(fd.0).map(drop)
    }
    fn dup(&self, fd: Fd) -> Result<u32, Errno> {
        self.0.lock().dup(fd.0, LIMIT)
    }
    fn dup3(&self, oldfd: Fd, newfd: Fd, flags: u32) -> Result<u32, Errno> {
        self.0
            .lock()
            .dup3(oldfd.0, newfd.0, flags, LIMIT)
            .map(|r| r.0)
    }
    fn fcntl(&self, fd: Fd, cmd: i32, arg: u64) -> Option<Result<u64, Errno>> {
        self.0.lock().fcntl(fd.0, cmd, arg, LIMIT)
    }
}

/// A context whose `wait_ready` delivers `late` into the file it waits on.
pub(super) struct Ctx {
    space: IrqSpinLock<Box<dyn UserSpace>>,
    pub(super) files: Table,
    late: &'static [u8],
    pub(super) waits: Cell<u32>,
}

impl SyscallContext for Ctx {
    fn space(&self) -> &IrqSpinLock<Box<dyn UserSpace>> {
        &self.space
    }
    fn files(&self) -> &dyn FileTable {
        &self.files
    }
    fn fs(&self) -> &dyn FsContext {
        panic!("these tests give the handlers no file system")
    }
    fn process(&self) -> &dyn ProcessContext {
        &Identity
    }
    fn time(&self) -> &dyn TimeService {
        &Clock
    }
    fn random(&self, buffer: &mut [u8]) {
        buffer.fill(0);
    }
    fn yield_now(&self) {}
    fn exit_group(&self, status: i32) -> ! {
        panic!("exit_group({status})")
    }
    fn wait_ready(&self, file: &Arc<dyn File>, _interest: PollEvents) -> Result<(), Errno> {
        self.waits.set(self.waits.get() + 1);
        file.write(self.late).map(drop)
    }
}

/// A context with `file` at descriptor 0.
pub(super) fn ctx(file: Arc<Queue>) -> Ctx {
    let ctx = Ctx {
        space: IrqSpinLock::new(Box::new(Window {
            base: 0x1000,
            bytes: vec![0; 256],
            brk: 0,
        })),
        files: Table(IrqSpinLock::new(FdTable::new())),
        late: b"late",
        waits: Cell::new(0),
    };
    assert_eq!(ctx.files.install(file, false), Ok(0));
    ctx
}

pub(super) fn regular() -> Arc<Queue> {
    queue(0o100644, DeviceId::default())
}

pub(super) fn put(ctx: &Ctx, at: u64, bytes: &[u8]) {
    ctx.space.lock().copy_out(UserAddr::new(at), bytes).unwrap();
}

pub(super) fn get(ctx: &Ctx, at: u64, len: usize) -> Vec<u8> {
    let mut out = vec![0; len];
    ctx.space
        .lock()
        .copy_in(UserAddr::new(at), &mut out)
        .unwrap();
    out
}
