//! Descriptor syscalls: `openat`, `close`, `dup`, `dup3`, `fcntl`, `pipe2`.

use crate::args::{Fd, UserPtr};
use crate::context::{path_lookup, read_path, SyscallContext, AT_FDCWD};
use alloc::sync::Arc;
use kernel_core::services::vfs::{File, OpenFlags};
use kernel_core::Errno;

/// `fcntl(F_GETFL)`.
pub const F_GETFL: i32 = 3;
/// `fcntl(F_SETFL)`.
pub const F_SETFL: i32 = 4;

/// `openat(dirfd, path, flags, mode)`: the new descriptor, close-on-exec with `O_CLOEXEC`.
pub fn openat(
    ctx: &dyn SyscallContext,
    dirfd: i32,
    path: UserPtr<u8>,
    flags: u32,
    mode: u32,
) -> Result<usize, Errno> {
    let flags = OpenFlags::from_bits_truncate(flags);
    let path = read_path(ctx, path)?;
    let lookup = path_lookup(ctx, dirfd, &path)?;
    let file = ctx.fs().vfs().open(&lookup.borrow(), &path, flags, mode)?;
    if !flags.contains(OpenFlags::O_NONBLOCK) {
        wait_open(ctx, &file)?;
    }
    let fd = ctx
        .files()
        .install(file, flags.contains(OpenFlags::O_CLOEXEC))?;
    Ok(fd as usize)
}

/// Waits until a blocking open completes (a FIFO's other end opened), sleeping on the pipe's
/// wait list. As Linux's `wait_for_partner`, the partner's arrival wins over a signal that came
/// with it (a writer may open, write, exit and raise SIGCHLD before the reader runs again), and
/// the wait is restartable: a `SA_RESTART` handler does not fail the open.
fn wait_open(ctx: &dyn SyscallContext, file: &Arc<dyn File>) -> Result<(), Errno> {
    ctx.wait_any(None, &mut |waker, _| file.open_ready(Some(waker)))
        .map(|_| ())
        .map_err(|error| match error {
            Errno::EINTR => Errno::ERESTARTSYS,
            other => other,
        })
}

/// `close(fd)`.
pub fn close(ctx: &dyn SyscallContext, fd: Fd) -> Result<usize, Errno> {
    ctx.files().close(fd).map(|()| 0)
}

/// `dup(fd)`.
pub fn dup(ctx: &dyn SyscallContext, fd: Fd) -> Result<usize, Errno> {
    ctx.files().dup(fd).map(|fd| fd as usize)
}

/// `dup3(oldfd, newfd, flags)`: `EINVAL` for flags other than `O_CLOEXEC` or equal fds.
pub fn dup3(ctx: &dyn SyscallContext, oldfd: Fd, newfd: Fd, flags: u32) -> Result<usize, Errno> {
    ctx.files().dup3(oldfd, newfd, flags).map(|fd| fd as usize)
}

/// `fcntl(fd, cmd, arg)`: the descriptor commands, `F_GETFL` and `F_SETFL`; `EINVAL` others.
pub fn fcntl(ctx: &dyn SyscallContext, fd: Fd, cmd: i32, arg: u64) -> Result<usize, Errno> {
    if let Some(result) = ctx.files().fcntl(fd, cmd, arg) {
        return result.map(|value| value as usize);
    }
    let file = ctx.files().get(fd)?;
    match cmd {
        F_GETFL => Ok((file.status_flags() - OpenFlags::O_CLOEXEC).bits() as usize),
        F_SETFL => {
            file.set_status_flags(OpenFlags::from_bits_truncate(arg as u32));
            Ok(0)
        }
        // F_SETPIPE_SZ, F_GETPIPE_SZ (pipes only).
        1031 => file.set_pipe_capacity(arg as u32 as usize),
        1032 => file.pipe_capacity(),
        cmd if super::locks::is_lock_command(cmd) => super::locks::fcntl_lock(ctx, &file, cmd, arg),
        _ => Err(Errno::EINVAL),
    }
}

/// `pipe2(fds, flags)`: `flags` among `O_CLOEXEC`, `O_NONBLOCK`, `O_DIRECT`, else `EINVAL`.
pub fn pipe2(ctx: &dyn SyscallContext, fds: UserPtr<i32>, flags: u32) -> Result<usize, Errno> {
    let allowed = OpenFlags::O_CLOEXEC | OpenFlags::O_NONBLOCK | OpenFlags::O_DIRECT;
    let flags = OpenFlags::from_bits(flags)
        .filter(|f| allowed.contains(*f))
        .ok_or(Errno::EINVAL)?;
    let credentials = ctx.fs().path_context(AT_FDCWD)?.credentials;
    let (read_end, write_end) = ctx.fs().vfs().pipe(&credentials, flags)?;
    let cloexec = flags.contains(OpenFlags::O_CLOEXEC);
    let files = ctx.files();
    let read_fd = files.install(read_end, cloexec)?;
    let write_fd = match files.install(write_end, cloexec) {
        Ok(fd) => fd,
        Err(error) => {
            let _ = files.close(Fd(read_fd));
            return Err(error);
        }
    };
    let mut bytes = [0u8; 8];
    bytes[..4].copy_from_slice(&read_fd.to_le_bytes());
    bytes[4..].copy_from_slice(&write_fd.to_le_bytes());
    if let Err(error) = ctx.user().copy_out(fds.addr, &bytes) {
        let _ = files.close(Fd(read_fd));
        let _ = files.close(Fd(write_fd));
        return Err(error);
    }
    Ok(0)
}

/// `close_range(first, last, flags)`: `CLOSE_RANGE_CLOEXEC` marks instead of closing;
/// `CLOSE_RANGE_UNSHARE` is implied (the table is never shared); `EINVAL` for other flags or
/// `first > last`.
pub fn close_range(
    ctx: &dyn SyscallContext,
    first: u32,
    last: u32,
    flags: u32,
) -> Result<usize, Errno> {
    const CLOSE_RANGE_UNSHARE: u32 = 1 << 1;
    const CLOSE_RANGE_CLOEXEC: u32 = 1 << 2;
    const F_SETFD: i32 = 2;
    if flags & !(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC) != 0 || first > last {
        return Err(Errno::EINVAL);
    }
    // No descriptor can be at or above the hard RLIMIT_NOFILE (at most Linux's NR_OPEN).
    const NR_OPEN: u64 = 1 << 20;
    let hard = ctx
        .process()
        .rlimit(7)
        .map_or(NR_OPEN, |(_, hard)| hard.min(NR_OPEN));
    let end = u64::from(last).min(hard.saturating_sub(1));
    for fd in u64::from(first)..=end {
        let fd = Fd(fd as u32);
        if flags & CLOSE_RANGE_CLOEXEC != 0 {
            let _ = ctx.files().fcntl(fd, F_SETFD, 1);
        } else {
            let _ = ctx.files().close(fd);
        }
    }
    Ok(0)
}
