//! Event objects as open file descriptions: eventfd counters, timerfds, signalfds and epoll
//! instances, built with the services they need ([`EventsCaps`]) and never sleeping (the
//! syscall layer waits through `File::poll`).
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

mod anon;
mod epoll;
mod eventfd;
mod signalfd;
mod timerfd;

pub use anon::AnonInode;
pub use epoll::Epoll;
pub use eventfd::EventFd;
pub use signalfd::SignalFd;
pub use timerfd::TimerFd;

use alloc::sync::Arc;
use core::sync::atomic::{AtomicU64, Ordering};
use kernel_core::services::events::{EventService, SignalSource};
use kernel_core::services::time::TimeService;
use kernel_core::services::vfs::File;
use kernel_core::Errno;

/// What the event objects may use.
pub struct EventsCaps {
    /// Uptime, for timerfds.
    pub time: Arc<dyn TimeService>,
    /// The calling thread's signals, for signalfds.
    pub signals: Arc<dyn SignalSource>,
}

/// The factory of event objects (`EventService`).
pub struct Events {
    caps: EventsCaps,
    next_ino: AtomicU64,
}

impl Events {
    /// A factory using `caps`.
    pub fn new(caps: EventsCaps) -> Self {
        Self {
            caps,
            next_ino: AtomicU64::new(1),
        }
    }

    fn inode(&self) -> Arc<AnonInode> {
        Arc::new(AnonInode::new(
            self.next_ino.fetch_add(1, Ordering::Relaxed),
        ))
    }
}

impl EventService for Events {
    fn eventfd(&self, initial: u64, flags: u32) -> Result<Arc<dyn File>, Errno> {
        Ok(Arc::new(EventFd::new(initial, flags, self.inode())))
    }

    fn timerfd(&self, clock: i32, flags: u32) -> Result<Arc<dyn File>, Errno> {
        Ok(Arc::new(TimerFd::new(
            clock,
            flags,
            self.caps.time.clone(),
            self.inode(),
        )?))
    }

    fn signalfd(&self, mask: u64, flags: u32) -> Result<Arc<dyn File>, Errno> {
        Ok(Arc::new(SignalFd::new(
            mask,
            flags,
            self.caps.signals.clone(),
            self.inode(),
        )))
    }

    fn epoll(&self) -> Result<Arc<dyn File>, Errno> {
        Ok(Arc::new(Epoll::new(self.inode())))
    }
}

#[cfg(test)]
mod tests;
