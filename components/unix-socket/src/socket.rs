//! One `AF_UNIX` socket: its name, its peer, its queue of incoming messages.

use crate::Registry;
use alloc::collections::VecDeque;
use alloc::sync::{Arc, Weak};
use alloc::vec::Vec;
use kernel_core::services::events::{
    MessageFlags, Received, SocketKey, SocketOps, SOCK_DGRAM, SOCK_STREAM,
};
use kernel_core::services::vfs::{File, OpenFlags, PollEvents, WaitList};
use kernel_core::sync::SpinLock;
use kernel_core::Errno;

/// Bytes a socket may hold unread (Linux's default `SO_SNDBUF`-sized budget).
pub(crate) const QUEUE_LIMIT: usize = 212_992;

/// One message: data, passed descriptions, the sender's name.
pub(crate) struct Message {
    pub data: Vec<u8>,
    pub read: usize,
    pub rights: Vec<Arc<dyn File>>,
    pub from: Option<Vec<u8>>,
}

#[derive(Default)]
pub(crate) struct State {
    pub name: Option<Vec<u8>>,
    pub peer: Option<Weak<Socket>>,
    pub was_connected: bool,
    pub listening: bool,
    pub pending: VecDeque<Arc<Socket>>,
    pub backlog: usize,
    pub incoming: VecDeque<Message>,
    pub queued: usize,
    /// This side may not read (`SHUT_RD`) or may not write (`SHUT_WR`) any more.
    pub read_shut: bool,
    pub write_shut: bool,
    /// The peer will send no more (it shut down writing or closed).
    pub peer_done: bool,
}

/// An `AF_UNIX` socket.
pub struct Socket {
    pub(crate) kind: i32,
    pub(crate) state: SpinLock<State>,
    pub(crate) waiters: WaitList,
    pub(crate) flags: SpinLock<OpenFlags>,
    pub(crate) ino: u64,
    registry: Arc<Registry>,
    me: Weak<Socket>,
}

impl Socket {
    /// A new unconnected socket.
    pub(crate) fn new(
        kind: i32,
        nonblocking: bool,
        registry: Arc<Registry>,
        ino: u64,
    ) -> Arc<Self> {
        let mut flags = OpenFlags::O_RDWR;
        if nonblocking {
            flags |= OpenFlags::O_NONBLOCK;
        }
        Arc::new_cyclic(|me| Self {
            kind,
            state: SpinLock::new(State::default()),
            waiters: WaitList::new(),
            flags: SpinLock::new(flags),
            ino,
            registry,
            me: me.clone(),
        })
    }

    /// Connects `first` and `second` to each other.
    pub(crate) fn join(first: &Arc<Socket>, second: &Arc<Socket>) {
        for (a, b) in [(first, second), (second, first)] {
            let mut state = a.state.lock();
            state.peer = Some(Arc::downgrade(b));
            state.was_connected = true;
        }
    }

    fn peer(&self) -> Option<Arc<Socket>> {
        self.state.lock().peer.as_ref().and_then(Weak::upgrade)
    }

    /// Queues `message` for this socket; `EAGAIN` when over the limit.
    fn deliver(&self, message: Message) -> Result<(), Errno> {
        {
            let mut state = self.state.lock();
            if state.read_shut && self.kind == SOCK_STREAM {
                return Err(Errno::EPIPE);
            }
            if state.queued + message.data.len() > QUEUE_LIMIT && state.queued > 0 {
                return Err(Errno::EAGAIN);
            }
            state.queued += message.data.len();
            state.incoming.push_back(message);
        }
        self.waiters.wake_all();
        Ok(())
    }

    /// The peer ended (closed or shut down writing): reads see end of file.
    pub(crate) fn peer_finished(&self) {
        self.state.lock().peer_done = true;
        self.waiters.wake_all();
    }

    /// Readiness for `File::poll`.
    pub(crate) fn readiness(&self) -> PollEvents {
        let state = self.state.lock();
        let mut events = PollEvents::empty();
        if state.listening {
            if !state.pending.is_empty() {
                events |= PollEvents::READABLE;
            }
            return events;
        }
        if !state.incoming.is_empty() {
            events |= PollEvents::READABLE;
        }
        if self.kind != SOCK_DGRAM {
            let peer = state.peer.as_ref().and_then(Weak::upgrade);
            if state.peer_done || state.read_shut {
                events |= PollEvents::READABLE | PollEvents::POLLRDHUP;
            }
            if state.was_connected && (peer.is_none() || (state.peer_done && state.write_shut)) {
                events |= PollEvents::POLLHUP;
            }
            drop(state);
            match peer {
                Some(peer) if peer.state.lock().queued < QUEUE_LIMIT => {
                    events |= PollEvents::WRITABLE
                }
                None => events |= PollEvents::WRITABLE,
                _ => {}
            }
        } else {
            events |= PollEvents::WRITABLE;
        }
        events
    }
}

impl SocketOps for Socket {
    fn socket_type(&self) -> i32 {
        self.kind
    }

    fn bind(&self, key: SocketKey, name: Vec<u8>) -> Result<(), Errno> {
        if self.state.lock().name.is_some() {
            return Err(Errno::EINVAL);
        }
        self.registry.bind(key, self.me.clone())?;
        self.state.lock().name = Some(name);
        Ok(())
    }

    fn listen(&self, backlog: i32) -> Result<(), Errno> {
        if self.kind == SOCK_DGRAM {
            return Err(Errno::EOPNOTSUPP);
        }
        let mut state = self.state.lock();
        if state.was_connected {
            return Err(Errno::EINVAL);
        }
        state.listening = true;
        state.backlog = backlog.clamp(0, 4096) as usize;
        Ok(())
    }

    fn accept(&self) -> Result<Arc<dyn File>, Errno> {
        let mut state = self.state.lock();
        if !state.listening {
            return Err(Errno::EINVAL);
        }
        let connection = state.pending.pop_front().ok_or(Errno::EAGAIN)?;
        Ok(connection)
    }

    fn connect(&self, key: &SocketKey) -> Result<(), Errno> {
        let target = self.registry.lookup(key).ok_or(Errno::ECONNREFUSED)?;
        if target.kind != self.kind {
            return Err(Errno::EPROTOTYPE);
        }
        if self.kind == SOCK_DGRAM {
            let mut state = self.state.lock();
            state.peer = Some(Arc::downgrade(&target));
            return Ok(());
        }
        if self.state.lock().was_connected {
            return Err(Errno::EISCONN);
        }
        let server = Socket::new(
            self.kind,
            false,
            self.registry.clone(),
            self.ino + (1 << 32),
        );
        {
            let mut listener = target.state.lock();
            if !listener.listening {
                return Err(Errno::ECONNREFUSED);
            }
            if listener.pending.len() > listener.backlog {
                return Err(Errno::EAGAIN);
            }
            server.state.lock().name = listener.name.clone();
            let me = self.me.upgrade().ok_or(Errno::EINVAL)?;
            Socket::join(&me, &server);
            listener.pending.push_back(server);
        }
        target.waiters.wake_all();
        Ok(())
    }

    fn send(
        &self,
        data: &[u8],
        rights: Vec<Arc<dyn File>>,
        to: Option<&SocketKey>,
        _flags: MessageFlags,
    ) -> Result<usize, Errno> {
        let from = self.state.lock().name.clone();
        let message = |data: &[u8], rights| Message {
            data: data.to_vec(),
            read: 0,
            rights,
            from: from.clone(),
        };
        if self.kind == SOCK_DGRAM {
            let target = match to {
                Some(key) => self.registry.lookup(key).ok_or(Errno::ECONNREFUSED)?,
                None => self.peer().ok_or(Errno::ENOTCONN)?,
            };
            target.deliver(message(data, rights))?;
            return Ok(data.len());
        }
        let (write_shut, was_connected) = {
            let state = self.state.lock();
            (state.write_shut, state.was_connected)
        };
        if write_shut {
            return Err(Errno::EPIPE);
        }
        let peer = match self.peer() {
            Some(peer) => peer,
            None if was_connected => return Err(Errno::EPIPE),
            None => return Err(Errno::ENOTCONN),
        };
        if data.is_empty() && rights.is_empty() {
            return Ok(0);
        }
        let room = QUEUE_LIMIT.saturating_sub(peer.state.lock().queued);
        let count = data.len().min(room.max(1).min(data.len()));
        if room == 0 {
            return Err(Errno::EAGAIN);
        }
        peer.deliver(message(&data[..count], rights))?;
        Ok(count)
    }

    fn receive(&self, buffer: &mut [u8], flags: MessageFlags) -> Result<Received, Errno> {
        crate::file::receive(self, buffer, flags)
    }

    fn shutdown(&self, how: i32) -> Result<(), Errno> {
        if !(0..=2).contains(&how) {
            return Err(Errno::EINVAL);
        }
        let peer = {
            let mut state = self.state.lock();
            if !state.was_connected && self.kind != SOCK_DGRAM {
                return Err(Errno::ENOTCONN);
            }
            if how != 1 {
                state.read_shut = true;
            }
            if how != 0 {
                state.write_shut = true;
            }
            state.peer.as_ref().and_then(Weak::upgrade)
        };
        if how != 0 {
            if let Some(peer) = peer {
                peer.peer_finished();
            }
        }
        self.waiters.wake_all();
        Ok(())
    }

    fn local_name(&self) -> Vec<u8> {
        self.state.lock().name.clone().unwrap_or_default()
    }

    fn peer_name(&self) -> Result<Vec<u8>, Errno> {
        let peer = self.peer().ok_or(Errno::ENOTCONN)?;
        Ok(peer.local_name())
    }

    fn listening(&self) -> bool {
        self.state.lock().listening
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        let peer = self.state.get_mut().peer.as_ref().and_then(Weak::upgrade);
        if let Some(peer) = peer {
            if self.kind != SOCK_DGRAM {
                peer.peer_finished();
            }
        }
    }
}
