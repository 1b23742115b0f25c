//! eventfd: a 64-bit counter read and written in 8-byte units (`fs/eventfd.c`).

use crate::anon::{anon_file_common, AnonInode, StatusFlags};
use alloc::sync::Arc;
use kernel_core::services::events::{EFD_SEMAPHORE, NONBLOCK};
use kernel_core::services::vfs::{File, PollEvents, WaitList, Waker};
use kernel_core::sync::SpinLock;
use kernel_core::Errno;

/// The largest count: `ULLONG_MAX - 1`.
const MAX_COUNT: u64 = u64::MAX - 1;

/// An eventfd counter.
pub struct EventFd {
    count: SpinLock<u64>,
    semaphore: bool,
    waiters: WaitList,
    flags: StatusFlags,
    inode: Arc<AnonInode>,
}

impl EventFd {
    /// A counter starting at `initial`, with `EFD_SEMAPHORE`/`EFD_NONBLOCK` from `flags`.
    pub fn new(initial: u64, flags: u32, inode: Arc<AnonInode>) -> Self {
        Self {
            count: SpinLock::new(initial),
            semaphore: flags & EFD_SEMAPHORE != 0,
            waiters: WaitList::new(),
            flags: StatusFlags::new(flags & NONBLOCK != 0),
            inode,
        }
    }
}

impl File for EventFd {
    /// Takes the count (or 1 in semaphore mode); `EAGAIN` at 0, `EINVAL` under 8 bytes.
    fn read(&self, buffer: &mut [u8]) -> Result<usize, Errno> {
        if buffer.len() < 8 {
            return Err(Errno::EINVAL);
        }
        let value = {
            let mut count = self.count.lock();
            if *count == 0 {
                return Err(Errno::EAGAIN);
            }
            let value = if self.semaphore { 1 } else { *count };
            *count -= value;
            value
        };
        buffer[..8].copy_from_slice(&value.to_le_bytes());
        self.waiters.wake_all();
        Ok(8)
    }

    /// Adds the value; `EINVAL` for `u64::MAX` or under 8 bytes, `EAGAIN` on overflow.
    fn write(&self, buffer: &[u8]) -> Result<usize, Errno> {
        if buffer.len() < 8 {
            return Err(Errno::EINVAL);
        }
        let mut raw = [0u8; 8];
        raw.copy_from_slice(&buffer[..8]);
        let value = u64::from_le_bytes(raw);
        if value == u64::MAX {
            return Err(Errno::EINVAL);
        }
        {
            let mut count = self.count.lock();
            if MAX_COUNT - *count < value {
                return Err(Errno::EAGAIN);
            }
            *count += value;
        }
        self.waiters.wake_all();
        Ok(8)
    }

    fn poll(&self, interest: PollEvents, waker: Option<&Arc<dyn Waker>>) -> PollEvents {
        if let Some(waker) = waker {
            self.waiters.register(waker);
        }
        let count = *self.count.lock();
        let mut events = PollEvents::empty();
        if count > 0 {
            events |= PollEvents::READABLE;
        }
        if count < MAX_COUNT {
            events |= PollEvents::WRITABLE;
        }
        events & (interest | PollEvents::POLLERR | PollEvents::POLLHUP)
    }

    anon_file_common!();
}
