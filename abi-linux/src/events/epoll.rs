//! `epoll_create1`, `epoll_ctl`, `epoll_pwait` (glibc's `epoll_create` and `epoll_wait` come
//! here too).

use super::{begin_mask, wait_masked};
use crate::args::{Fd, UserPtr};
use crate::context::SyscallContext;
use alloc::vec::Vec;
use kernel_core::services::events::{EpollCtl, CLOEXEC};
use kernel_core::services::vfs::mode;
use kernel_core::Errno;

/// `sizeof(struct epoll_event)` on AArch64 (not packed): `u32 events`, padding, `u64 data`.
const EVENT_SIZE: usize = 16;
/// The most events one call may ask for (`EP_MAX_EVENTS`).
const MAX_EVENTS: i32 = i32::MAX / EVENT_SIZE as i32;

/// `epoll_create1(flags)`.
pub fn epoll_create1(ctx: &dyn SyscallContext, flags: u32) -> Result<usize, Errno> {
    if flags & !CLOEXEC != 0 {
        return Err(Errno::EINVAL);
    }
    let file = ctx.events().ok_or(Errno::ENOSYS)?.epoll()?;
    ctx.files()
        .install(file, flags & CLOEXEC != 0)
        .map(|fd| fd as usize)
}

/// `epoll_ctl(epfd, op, fd, event)`.
pub fn epoll_ctl(
    ctx: &dyn SyscallContext,
    epfd: Fd,
    op: i32,
    fd: Fd,
    event: UserPtr<u8>,
) -> Result<usize, Errno> {
    let op = match op {
        1 => EpollCtl::Add,
        2 => EpollCtl::Delete,
        3 => EpollCtl::Modify,
        _ => return Err(Errno::EINVAL),
    };
    let (mut events, mut data) = (0, 0);
    if op != EpollCtl::Delete {
        let mut bytes = [0u8; EVENT_SIZE];
        ctx.user().copy_in(event.addr, &mut bytes)?;
        events = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        let mut raw = [0u8; 8];
        raw.copy_from_slice(&bytes[8..]);
        data = u64::from_le_bytes(raw);
    }
    let epoll_file = ctx.files().get(epfd)?;
    let target = ctx.files().get(fd)?;
    // Files without a poll method (regular files, directories) cannot be watched.
    let kind = target
        .metadata()
        .map(|m| m.mode & mode::S_IFMT)
        .unwrap_or(0);
    if kind == mode::S_IFREG || kind == mode::S_IFDIR {
        return Err(Errno::EPERM);
    }
    let epoll = epoll_file.as_epoll().ok_or(Errno::EINVAL)?;
    if core::ptr::addr_eq(
        alloc::sync::Arc::as_ptr(&epoll_file),
        alloc::sync::Arc::as_ptr(&target),
    ) {
        return Err(Errno::EINVAL);
    }
    epoll.control(op, fd.0 as i32, &target, events, data)?;
    Ok(0)
}

/// `epoll_pwait(epfd, events, maxevents, timeout, sigmask, sigsetsize)`: `timeout` in ms,
/// negative waits for ever.
pub fn epoll_pwait(
    ctx: &dyn SyscallContext,
    epfd: Fd,
    events: UserPtr<u8>,
    maxevents: i32,
    timeout: i32,
    sigmask: UserPtr<u8>,
    sigsetsize: u64,
) -> Result<usize, Errno> {
    if maxevents <= 0 || maxevents > MAX_EVENTS {
        return Err(Errno::EINVAL);
    }
    let file = ctx.files().get(epfd)?;
    let epoll = file.as_epoll().ok_or(Errno::EINVAL)?;
    let deadline = u64::try_from(timeout)
        .ok()
        .map(|ms| ctx.time().uptime_ns().saturating_add(ms * 1_000_000));
    let masked = begin_mask(ctx, sigmask, sigsetsize)?;
    let ready = wait_masked(ctx, masked, || {
        let mut ready = Vec::new();
        ctx.wait_any(deadline, &mut |waker, wake_by| {
            ready = epoll.collect(maxevents as usize, Some(waker));
            if let Some(at) = file.wake_deadline_ns() {
                *wake_by = (*wake_by).min(at);
            }
            !ready.is_empty()
        })?;
        Ok(ready)
    })?;
    let mut bytes = Vec::with_capacity(ready.len() * EVENT_SIZE);
    for entry in &ready {
        bytes.extend_from_slice(&entry.events.to_le_bytes());
        bytes.extend_from_slice(&[0; 4]);
        bytes.extend_from_slice(&entry.data.to_le_bytes());
    }
    ctx.user().copy_out(events.addr, &bytes)?;
    Ok(ready.len())
}
