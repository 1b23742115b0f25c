//! `ppoll`: readiness of an array of `struct pollfd`.

use super::{begin_mask, deadline_of, wait_masked};
use crate::args::{Fd, UserPtr};
use crate::context::SyscallContext;
use alloc::vec;
use kernel_core::services::vfs::PollEvents;
use kernel_core::Errno;

/// `sizeof(struct pollfd)`: `int fd; short events; short revents`.
const POLLFD_SIZE: usize = 8;

/// `ppoll(fds, nfds, tmo_p, sigmask, sigsetsize)`.
pub fn ppoll(
    ctx: &dyn SyscallContext,
    fds: UserPtr<u8>,
    nfds: u64,
    timeout: UserPtr<u8>,
    sigmask: UserPtr<u8>,
    sigsetsize: u64,
) -> Result<usize, Errno> {
    let (limit, _) = ctx.process().rlimit(7)?;
    if nfds > limit {
        return Err(Errno::EINVAL);
    }
    let deadline = deadline_of(ctx, timeout)?;
    let mut entries = vec![0u8; nfds as usize * POLLFD_SIZE];
    ctx.user().copy_in(fds.addr, &mut entries)?;
    let masked = begin_mask(ctx, sigmask, sigsetsize)?;
    let result = wait_masked(ctx, masked, || {
        let mut count = 0;
        let ready = ctx.wait_any(deadline, &mut |waker, wake_by| {
            count = scan(ctx, &mut entries, Some(waker), wake_by);
            count > 0
        })?;
        if !ready {
            let mut unused = u64::MAX;
            count = scan(ctx, &mut entries, None, &mut unused);
        }
        Ok(count)
    })?;
    ctx.user().copy_out(fds.addr, &entries)?;
    Ok(result)
}

/// Polls every entry, stores its `revents`, and counts the entries with any; lowers
/// `wake_by` to the earliest time a file asks to be looked at again (a timerfd's expiry).
fn scan(
    ctx: &dyn SyscallContext,
    entries: &mut [u8],
    waker: Option<&alloc::sync::Arc<dyn kernel_core::services::vfs::Waker>>,
    wake_by: &mut u64,
) -> usize {
    let mut count = 0;
    for entry in entries.chunks_exact_mut(POLLFD_SIZE) {
        let fd = i32::from_le_bytes([entry[0], entry[1], entry[2], entry[3]]);
        let events = u16::from_le_bytes([entry[4], entry[5]]);
        let revents = if fd < 0 {
            PollEvents::empty()
        } else {
            match ctx.files().get(Fd(fd as u32)) {
                Err(_) => PollEvents::POLLNVAL,
                Ok(file) => {
                    if let Some(at) = file.wake_deadline_ns() {
                        *wake_by = (*wake_by).min(at);
                    }
                    let interest = PollEvents::from_bits_truncate(events)
                        | PollEvents::POLLERR
                        | PollEvents::POLLHUP;
                    file.poll(interest, waker) & interest
                }
            }
        };
        entry[6..8].copy_from_slice(&revents.bits().to_le_bytes());
        if !revents.is_empty() {
            count += 1;
        }
    }
    count
}
