//! Pipes and FIFOs: a 64 KiB ring of page slots with Linux's atomicity, end-of-file and broken-pipe rules.

mod end;
mod inode;
mod ring;

pub use end::PipeEnd;
pub(crate) use inode::PipeInode;

use alloc::sync::Arc;
use kernel_core::services::vfs::{PollEvents, WaitList, Waker, PIPE_CAPACITY};
use kernel_core::sync::SpinLock;
use kernel_core::Errno;
use ring::Ring;

/// The largest `F_SETPIPE_SZ` accepted (Linux refuses sizes above 2^31).
const MAX_PIPE_SIZE: usize = 1 << 31;

struct State {
    ring: Ring,
    readers: usize,
    writers: usize,
    /// Opens ever made of each kind (Linux's `r_counter`/`w_counter`).
    reader_opens: u64,
    writer_opens: u64,
}

/// The shared buffer of a pipe or FIFO.
pub(crate) struct Pipe {
    state: SpinLock<State>,
    /// Readers waiting for data, a writer, or end of file.
    read_waiters: WaitList,
    /// Writers waiting for room or a reader.
    write_waiters: WaitList,
}

impl Pipe {
    /// An empty pipe with no ends open.
    pub fn new() -> Arc<Pipe> {
        Arc::new(Pipe {
            state: SpinLock::new(State {
                ring: Ring::new(PIPE_CAPACITY),
                readers: 0,
                writers: 0,
                reader_opens: 0,
                writer_opens: 0,
            }),
            read_waiters: WaitList::new(),
            write_waiters: WaitList::new(),
        })
    }

    /// Registers a read end; returns (writers open now, writer opens so far).
    pub fn open_reader(&self) -> (usize, u64) {
        let seen = {
            let mut state = self.state.lock();
            state.readers += 1;
            state.reader_opens += 1;
            (state.writers, state.writer_opens)
        };
        self.write_waiters.wake_all();
        seen
    }

    /// Registers a write end; returns (readers open now, reader opens so far).
    pub fn open_writer(&self) -> (usize, u64) {
        let seen = {
            let mut state = self.state.lock();
            state.writers += 1;
            state.writer_opens += 1;
            (state.readers, state.reader_opens)
        };
        self.read_waiters.wake_all();
        seen
    }

    /// A read end closed: writers may now get `EPIPE`.
    pub fn close_reader(&self) {
        self.state.lock().readers -= 1;
        self.write_waiters.wake_all();
    }

    /// A write end closed: readers may now see end of file.
    pub fn close_writer(&self) {
        self.state.lock().writers -= 1;
        self.read_waiters.wake_all();
    }

    /// Takes what is there; 0 at end of file (empty, no writer); `EAGAIN` when empty with a
    /// writer still open.
    pub fn read(&self, buffer: &mut [u8]) -> Result<usize, Errno> {
        if buffer.is_empty() {
            return Ok(0);
        }
        let count = {
            let mut state = self.state.lock();
            if state.ring.is_empty() {
                return if state.writers == 0 {
                    Ok(0)
                } else {
                    Err(Errno::EAGAIN)
                };
            }
            state.ring.pop(buffer)
        };
        self.write_waiters.wake_all();
        Ok(count)
    }

    /// Writes up to `PIPE_BUF` bytes all at once or not at all; larger writes take what fits.
    /// `EPIPE` without readers; `EAGAIN` when nothing can be written yet.
    pub fn write(&self, buffer: &[u8]) -> Result<usize, Errno> {
        if buffer.is_empty() {
            return Ok(0);
        }
        let count = {
            let mut state = self.state.lock();
            if state.readers == 0 {
                return Err(Errno::EPIPE);
            }
            // Writes up to a page go into one slot whole (PIPE_BUF atomicity) or not at all.
            match state.ring.push(buffer) {
                0 => return Err(Errno::EAGAIN),
                count => count,
            }
        };
        self.read_waiters.wake_all();
        Ok(count)
    }

    /// Read-side readiness: data (or end of file) is `POLLIN`; no writer left after one was
    /// seen (`writer_opens_seen` differs) adds `POLLHUP`.
    pub fn poll_read(&self, waker: Option<&Arc<dyn Waker>>, writer_opens_seen: u64) -> PollEvents {
        if let Some(waker) = waker {
            self.read_waiters.register(waker);
        }
        let state = self.state.lock();
        let mut events = PollEvents::empty();
        if !state.ring.is_empty() {
            events |= PollEvents::READABLE;
        }
        if state.writers == 0 && state.writer_opens != writer_opens_seen {
            events |= PollEvents::POLLHUP;
        }
        events
    }

    /// Write-side readiness: a free slot is `POLLOUT`; no reader is `POLLERR`.
    pub fn poll_write(&self, waker: Option<&Arc<dyn Waker>>) -> PollEvents {
        if let Some(waker) = waker {
            self.write_waiters.register(waker);
        }
        let state = self.state.lock();
        let mut events = PollEvents::empty();
        if !state.ring.is_full() {
            events |= PollEvents::WRITABLE;
        }
        if state.readers == 0 {
            events |= PollEvents::POLLERR;
        }
        events
    }

    /// Whether a writer is open or has opened since `writer_opens_seen` (a blocking FIFO
    /// reader's open completes then); registers `waker` first.
    pub fn writer_arrived(&self, waker: Option<&Arc<dyn Waker>>, writer_opens_seen: u64) -> bool {
        if let Some(waker) = waker {
            self.read_waiters.register(waker);
        }
        let state = self.state.lock();
        state.writers > 0 || state.writer_opens != writer_opens_seen
    }

    /// Whether a reader is open or has opened since `reader_opens_seen`.
    pub fn reader_arrived(&self, waker: Option<&Arc<dyn Waker>>, reader_opens_seen: u64) -> bool {
        if let Some(waker) = waker {
            self.write_waiters.register(waker);
        }
        let state = self.state.lock();
        state.readers > 0 || state.reader_opens != reader_opens_seen
    }

    /// Read ends open now.
    pub fn readers(&self) -> usize {
        self.state.lock().readers
    }

    /// Bytes waiting to be read (`FIONREAD`).
    pub fn available(&self) -> usize {
        self.state.lock().ring.len()
    }

    /// The capacity in bytes (`F_GETPIPE_SZ`).
    pub fn capacity(&self) -> usize {
        self.state.lock().ring.capacity()
    }

    /// `F_SETPIPE_SZ`: the new capacity, or `EBUSY` when the data held does not fit.
    pub fn resize(&self, size: usize) -> Result<usize, Errno> {
        if size > MAX_PIPE_SIZE {
            return Err(Errno::EINVAL);
        }
        let resized = self.state.lock().ring.resize(size).ok_or(Errno::EBUSY)?;
        self.write_waiters.wake_all();
        Ok(resized)
    }

    /// Copies what is there without taking it (`tee`): 0 at end of file, `EAGAIN` when
    /// empty with a writer. The ring is drained and refilled under its lock, which keeps the
    /// order and needs nothing of the ring beyond `pop` and `push`.
    pub fn peek(&self, buffer: &mut [u8]) -> Result<usize, Errno> {
        let mut state = self.state.lock();
        if state.ring.is_empty() {
            return if state.writers == 0 {
                Ok(0)
            } else {
                Err(Errno::EAGAIN)
            };
        }
        let mut all = alloc::vec![0u8; state.ring.len()];
        let taken = state.ring.pop(&mut all);
        state.ring.push(&all[..taken]);
        let count = taken.min(buffer.len());
        buffer[..count].copy_from_slice(&all[..count]);
        Ok(count)
    }
}
