//! Advisory locks: `flock(2)` and the `fcntl(2)` record-lock commands (`F_GETLK`,
//! `F_SETLK`, `F_SETLKW` and their `F_OFD_*` forms). A blocking request that conflicts polls
//! the lock again every few milliseconds until it is granted or a signal arrives.

use crate::args::{Fd, UserPtr};
use crate::context::SyscallContext;
use alloc::sync::Arc;
use kernel_core::services::vfs::{File, LockKind, LockOwner, OpenFlags, RecordLock, SeekWhence};
use kernel_core::Errno;

const F_GETLK: i32 = 5;
const F_SETLK: i32 = 6;
const F_SETLKW: i32 = 7;
const F_OFD_GETLK: i32 = 36;
const F_OFD_SETLK: i32 = 37;
const F_OFD_SETLKW: i32 = 38;
const F_RDLCK: i16 = 0;
const F_WRLCK: i16 = 1;
const F_UNLCK: i16 = 2;
const LOCK_SH: u32 = 1;
const LOCK_EX: u32 = 2;
const LOCK_NB: u32 = 4;
const LOCK_UN: u32 = 8;
const LOCK_MAND: u32 = 32;
/// How long a blocked lock request sleeps before asking again.
const RETRY_NS: u64 = 5_000_000;

/// Whether `cmd` is one of the lock commands [`fcntl_lock`] serves.
pub(crate) fn is_lock_command(cmd: i32) -> bool {
    matches!(
        cmd,
        F_GETLK | F_SETLK | F_SETLKW | F_OFD_GETLK | F_OFD_SETLK | F_OFD_SETLKW
    )
}

/// Runs `attempt` until it stops answering `EAGAIN`, sleeping between tries when `wait`.
fn retry(
    ctx: &dyn SyscallContext,
    wait: bool,
    mut attempt: impl FnMut() -> Result<(), Errno>,
) -> Result<(), Errno> {
    loop {
        match attempt() {
            Err(Errno::EAGAIN) if wait => {
                let now = ctx.time().uptime_ns();
                ctx.sleep_until_ns(now + RETRY_NS)?;
            }
            other => return other,
        }
    }
}

/// `flock(fd, operation)`.
pub fn flock(ctx: &dyn SyscallContext, fd: Fd, operation: u32) -> Result<usize, Errno> {
    let file = ctx.files().get(fd)?;
    if file.status_flags().contains(OpenFlags::O_PATH) {
        return Err(Errno::EBADF);
    }
    if operation & LOCK_MAND != 0 {
        return Ok(0); // Linux 6.1 ignores the obsolete mandatory flock
    }
    let kind = match operation & !LOCK_NB {
        LOCK_SH => LockKind::Read,
        LOCK_EX => LockKind::Write,
        LOCK_UN => LockKind::Unlock,
        _ => return Err(Errno::EINVAL),
    };
    let wait = operation & LOCK_NB == 0;
    retry(ctx, wait, || ctx.fs().vfs().flock(&file, kind))?;
    Ok(0)
}

/// The `struct flock` fields (32 bytes: type, whence, start, len, pid).
struct Flock {
    kind: i16,
    whence: i16,
    start: i64,
    len: i64,
    pid: i32,
}

impl Flock {
    fn read(ctx: &dyn SyscallContext, at: UserPtr<u8>) -> Result<Self, Errno> {
        let mut bytes = [0u8; 32];
        ctx.user().copy_in(at.addr, &mut bytes)?;
        let field = |at: usize| {
            let mut word = [0u8; 8];
            word.copy_from_slice(&bytes[at..at + 8]);
            i64::from_le_bytes(word)
        };
        Ok(Self {
            kind: i16::from_le_bytes([bytes[0], bytes[1]]),
            whence: i16::from_le_bytes([bytes[2], bytes[3]]),
            start: field(8),
            len: field(16),
            pid: i32::from_le_bytes([bytes[24], bytes[25], bytes[26], bytes[27]]),
        })
    }

    fn write(&self, ctx: &dyn SyscallContext, at: UserPtr<u8>) -> Result<(), Errno> {
        let mut bytes = [0u8; 32];
        bytes[0..2].copy_from_slice(&self.kind.to_le_bytes());
        bytes[2..4].copy_from_slice(&self.whence.to_le_bytes());
        bytes[8..16].copy_from_slice(&self.start.to_le_bytes());
        bytes[16..24].copy_from_slice(&self.len.to_le_bytes());
        bytes[24..28].copy_from_slice(&self.pid.to_le_bytes());
        ctx.user().copy_out(at.addr, &bytes)
    }

    /// The absolute range, as `flock_to_posix_lock` computes it.
    fn to_record(&self, file: &Arc<dyn File>) -> Result<RecordLock, Errno> {
        let kind = match self.kind {
            F_RDLCK => LockKind::Read,
            F_WRLCK => LockKind::Write,
            F_UNLCK => LockKind::Unlock,
            _ => return Err(Errno::EINVAL),
        };
        let base = match SeekWhence::from_raw(self.whence as u16 as u32) {
            Some(SeekWhence::Set) => 0,
            Some(SeekWhence::Current) => file.seek(0, SeekWhence::Current)? as i64,
            Some(SeekWhence::End) => file.metadata()?.size as i64,
            _ => return Err(Errno::EINVAL),
        };
        let mut start = base.checked_add(self.start).ok_or(Errno::EOVERFLOW)?;
        let mut len = self.len;
        if len < 0 {
            start = start.checked_add(len).ok_or(Errno::EINVAL)?;
            len = len.checked_neg().ok_or(Errno::EINVAL)?;
        }
        if start < 0 {
            return Err(Errno::EINVAL);
        }
        Ok(RecordLock {
            kind,
            start: start as u64,
            len: len as u64,
            pid: 0,
        })
    }
}

/// `fcntl(fd, cmd, &flock)` for the lock commands.
pub(crate) fn fcntl_lock(
    ctx: &dyn SyscallContext,
    file: &Arc<dyn File>,
    cmd: i32,
    arg: u64,
) -> Result<usize, Errno> {
    let at = UserPtr::<u8>::new(arg);
    let mut request = Flock::read(ctx, at)?;
    let ofd = cmd >= F_OFD_GETLK;
    if ofd && request.pid != 0 {
        return Err(Errno::EINVAL);
    }
    let owner = if ofd {
        LockOwner::Description
    } else {
        LockOwner::Process(ctx.process().pid())
    };
    let lock = request.to_record(file)?;
    let vfs = ctx.fs().vfs();
    match cmd {
        F_GETLK | F_OFD_GETLK => {
            if lock.kind == LockKind::Unlock {
                return Err(Errno::EINVAL);
            }
            match vfs.test_record_lock(file, owner, lock)? {
                None => request.kind = F_UNLCK,
                Some(held) => {
                    request.kind = if held.kind == LockKind::Write {
                        F_WRLCK
                    } else {
                        F_RDLCK
                    };
                    request.whence = 0;
                    request.start = held.start as i64;
                    request.len = held.len as i64;
                    request.pid = held.pid;
                }
            }
            request.write(ctx, at)?;
            Ok(0)
        }
        _ => {
            let access = file.status_flags().access();
            match lock.kind {
                LockKind::Read if !access.readable() => return Err(Errno::EBADF),
                LockKind::Write if !access.writable() => return Err(Errno::EBADF),
                _ => {}
            }
            let wait = cmd == F_SETLKW || cmd == F_OFD_SETLKW;
            retry(ctx, wait, || vfs.set_record_lock(file, owner, lock))?;
            Ok(0)
        }
    }
}
