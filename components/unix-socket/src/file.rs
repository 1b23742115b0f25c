//! A socket as an open file description (`read`/`write`/`poll`/`fstat`), and receiving.

use crate::socket::{Message, Socket};
use alloc::sync::Arc;
use core::any::Any;
use kernel_core::services::events::{MessageFlags, Received, SocketOps, SOCK_DGRAM};
use kernel_core::services::vfs::{
    mode, DeviceId, File, FileType, Inode, Metadata, OpenFlags, PollEvents, SeekWhence, Waker,
};
use kernel_core::Errno;

/// `recvmsg` on `socket`: a datagram whole (truncated to `buffer`), or stream bytes up to the
/// end of the first message carrying descriptions.
pub(crate) fn receive(
    socket: &Socket,
    buffer: &mut [u8],
    flags: MessageFlags,
) -> Result<Received, Errno> {
    let mut received = Received::default();
    let woke = {
        let mut state = socket.state.lock();
        if state.listening {
            return Err(Errno::EINVAL);
        }
        if state.incoming.is_empty() {
            if socket.kind == SOCK_DGRAM {
                return Err(Errno::EAGAIN);
            }
            if state.read_shut || state.peer_done {
                return Ok(received);
            }
            if !state.was_connected {
                return Err(Errno::EINVAL);
            }
            if state.peer.as_ref().and_then(|p| p.upgrade()).is_none() {
                return Ok(received);
            }
            return Err(Errno::EAGAIN);
        }
        if socket.kind == SOCK_DGRAM {
            let message = if flags.peek {
                let front = state.incoming.front().ok_or(Errno::EAGAIN)?;
                Message {
                    data: front.data.clone(),
                    read: 0,
                    rights: front.rights.clone(),
                    from: front.from.clone(),
                }
            } else {
                let message = state.incoming.pop_front().ok_or(Errno::EAGAIN)?;
                state.queued -= message.data.len();
                message
            };
            let count = message.data.len().min(buffer.len());
            buffer[..count].copy_from_slice(&message.data[..count]);
            received.len = count;
            received.full_len = message.data.len();
            received.rights = message.rights;
            received.from = message.from;
        } else {
            let mut done = 0;
            let mut index = 0;
            while done < buffer.len() && index < state.incoming.len() {
                let message = &mut state.incoming[index];
                if done > 0 && !message.rights.is_empty() {
                    break;
                }
                let available = message.data.len() - message.read;
                let count = available.min(buffer.len() - done);
                buffer[done..done + count]
                    .copy_from_slice(&message.data[message.read..message.read + count]);
                done += count;
                let carried = !message.rights.is_empty();
                if carried {
                    received.rights = if flags.peek {
                        message.rights.clone()
                    } else {
                        core::mem::take(&mut message.rights)
                    };
                }
                if flags.peek {
                    index += 1;
                } else {
                    message.read += count;
                    if message.read == message.data.len() {
                        state.incoming.pop_front();
                    }
                    state.queued -= count;
                }
                if carried {
                    break;
                }
            }
            received.len = done;
            received.full_len = done;
        }
        !flags.peek
    };
    if woke {
        // Room was made: wake a writer waiting on the peer side.
        if let Some(peer) = socket.state.lock().peer.as_ref().and_then(|p| p.upgrade()) {
            peer.waiters.wake_all();
        }
        socket.waiters.wake_all();
    }
    Ok(received)
}

/// The inode a socket descriptor reports: `S_IFSOCK | 0777` on the socket device.
struct SocketInode {
    ino: u64,
}

impl Inode for SocketInode {
    fn metadata(&self) -> Metadata {
        Metadata::pseudo(DeviceId::new(0, 8), self.ino, mode::S_IFSOCK | 0o777)
    }

    fn file_type(&self) -> FileType {
        FileType::Socket
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl File for Socket {
    fn read(&self, buffer: &mut [u8]) -> Result<usize, Errno> {
        receive(self, buffer, MessageFlags::default()).map(|r| r.len)
    }

    fn write(&self, buffer: &[u8]) -> Result<usize, Errno> {
        self.send(
            buffer,
            alloc::vec::Vec::new(),
            None,
            MessageFlags::default(),
        )
    }

    fn read_at(&self, _offset: i64, _buffer: &mut [u8]) -> Result<usize, Errno> {
        Err(Errno::ESPIPE)
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
        Ok(SocketInode { ino: self.ino }.metadata())
    }

    fn truncate(&self, _size: i64) -> Result<(), Errno> {
        Err(Errno::EINVAL)
    }

    fn status_flags(&self) -> OpenFlags {
        *self.flags.lock()
    }

    fn set_status_flags(&self, flags: OpenFlags) {
        let mut current = self.flags.lock();
        *current = (*current - OpenFlags::SETTABLE) | (flags & OpenFlags::SETTABLE);
    }

    fn poll(&self, interest: PollEvents, waker: Option<&Arc<dyn Waker>>) -> PollEvents {
        if let Some(waker) = waker {
            self.waiters.register(waker);
        }
        self.readiness() & (interest | PollEvents::POLLHUP | PollEvents::POLLERR)
    }

    fn inode(&self) -> Arc<dyn Inode> {
        Arc::new(SocketInode { ino: self.ino })
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_socket(&self) -> Option<&dyn SocketOps> {
        Some(self)
    }
}
