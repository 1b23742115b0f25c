//! `AF_UNIX` sockets as open file descriptions: stream and datagram sockets, `socketpair`,
//! binding to a VFS socket inode (keyed by device and inode number) or an abstract name,
//! listen/accept/connect, and `SCM_RIGHTS` descriptions carried with the data. Nothing
//! sleeps: `EAGAIN` where Linux would block, readiness through `File::poll`.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

mod file;
mod socket;

pub use socket::Socket;

use alloc::collections::BTreeMap;
use alloc::sync::{Arc, Weak};
use core::sync::atomic::{AtomicU64, Ordering};
use kernel_core::services::events::{
    SocketKey, SocketPair, SocketService, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_STREAM,
};
use kernel_core::services::vfs::File;
use kernel_core::sync::SpinLock;
use kernel_core::Errno;

/// The bound sockets by key.
pub(crate) struct Registry {
    bound: SpinLock<BTreeMap<SocketKey, Weak<Socket>>>,
}

impl Registry {
    /// Records `socket` at `key`; `EADDRINUSE` if a live socket holds it.
    pub fn bind(&self, key: SocketKey, socket: Weak<Socket>) -> Result<(), Errno> {
        let mut bound = self.bound.lock();
        bound.retain(|_, socket| socket.strong_count() > 0);
        if bound.contains_key(&key) {
            return Err(Errno::EADDRINUSE);
        }
        bound.insert(key, socket);
        Ok(())
    }

    /// The live socket bound at `key`.
    pub fn lookup(&self, key: &SocketKey) -> Option<Arc<Socket>> {
        self.bound.lock().get(key).and_then(Weak::upgrade)
    }
}

/// The socket factory (`SocketService`).
pub struct UnixSockets {
    registry: Arc<Registry>,
    next_ino: AtomicU64,
}

impl Default for UnixSockets {
    fn default() -> Self {
        Self::new()
    }
}

impl UnixSockets {
    /// No socket yet.
    pub fn new() -> Self {
        Self {
            registry: Arc::new(Registry {
                bound: SpinLock::new(BTreeMap::new()),
            }),
            next_ino: AtomicU64::new(1),
        }
    }

    fn make(&self, kind: i32, nonblocking: bool) -> Result<Arc<Socket>, Errno> {
        if ![SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET].contains(&kind) {
            return Err(Errno::EINVAL);
        }
        let ino = self.next_ino.fetch_add(1, Ordering::Relaxed);
        Ok(Socket::new(kind, nonblocking, self.registry.clone(), ino))
    }
}

impl SocketService for UnixSockets {
    fn socket(&self, kind: i32, nonblocking: bool) -> Result<Arc<dyn File>, Errno> {
        Ok(self.make(kind, nonblocking)?)
    }

    fn pair(&self, kind: i32, nonblocking: bool) -> Result<SocketPair, Errno> {
        let first = self.make(kind, nonblocking)?;
        let second = self.make(kind, nonblocking)?;
        Socket::join(&first, &second);
        Ok((first, second))
    }
}

#[cfg(test)]
mod tests;
