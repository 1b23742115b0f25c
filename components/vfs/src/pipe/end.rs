//! One end of a pipe or FIFO as an open file description.

use super::Pipe;
use crate::mount::MountPin;
use alloc::sync::Arc;
use core::any::Any;
use core::sync::atomic::{AtomicU32, Ordering};
use kernel_core::services::vfs::{File, Inode, Metadata, OpenFlags, PollEvents, SeekWhence, Waker};
use kernel_core::Errno;

/// A pipe's read end, write end, or (a FIFO opened `O_RDWR`) both.
pub struct PipeEnd {
    pipe: Arc<Pipe>,
    reads: bool,
    writes: bool,
    flags: AtomicU32,
    inode: Arc<dyn Inode>,
    /// The other side's open count when this end opened, and whether it was open then.
    partner_opens_seen: u64,
    partner_present: bool,
    /// Writer opens seen at open (a reader's `POLLHUP` needs a writer to have come and gone).
    writer_opens_seen: u64,
    _pin: Option<MountPin>,
}

impl PipeEnd {
    /// Opens an end of `pipe` with `flags`' access mode (`O_RDWR` opens both sides).
    pub(crate) fn open(
        pipe: Arc<Pipe>,
        flags: OpenFlags,
        inode: Arc<dyn Inode>,
        pin: Option<MountPin>,
    ) -> Self {
        let access = flags.access();
        let (reads, writes) = (access.readable(), access.writable());
        let mut writer_opens_seen = 0;
        let mut partner = (0, 0);
        if reads {
            partner = pipe.open_reader();
            // Linux's fifo_open: only a non-blocking reader that finds no writer waits for one
            // to come (and go) before it reports POLLHUP; others see the hang-up of any
            // writer, so a blocked reader wakes at end of file.
            if flags.contains(OpenFlags::O_NONBLOCK) && partner.0 == 0 {
                writer_opens_seen = partner.1;
            }
        }
        if writes {
            partner = pipe.open_writer();
        }
        let mut stored = flags & (OpenFlags::SETTABLE | OpenFlags::O_RDWR | OpenFlags::O_WRONLY);
        if pin.is_some() {
            // Opened by path (a FIFO): `open` adds O_LARGEFILE on 64-bit; `pipe2` does not.
            stored |= OpenFlags::O_LARGEFILE;
        }
        Self {
            pipe,
            reads,
            writes,
            flags: AtomicU32::new(stored.bits()),
            inode,
            partner_opens_seen: partner.1,
            partner_present: partner.0 > 0,
            writer_opens_seen,
            _pin: pin,
        }
    }

    /// `tee` from this end to `output`: copies up to `len` bytes without consuming them.
    /// `EINVAL` unless `output` is another pipe's end; `EBADF` without read and write sides.
    pub(crate) fn tee_to(&self, output: &PipeEnd, len: usize) -> Result<usize, Errno> {
        if Arc::ptr_eq(&self.pipe, &output.pipe) {
            return Err(Errno::EINVAL);
        }
        if !self.reads || !output.writes {
            return Err(Errno::EBADF);
        }
        let mut buffer = alloc::vec![0u8; len.min(kernel_core::services::vfs::PIPE_CAPACITY)];
        let count = self.pipe.peek(&mut buffer)?;
        if count == 0 {
            return Ok(0);
        }
        output.pipe.write(&buffer[..count])
    }

    /// Bytes waiting to be read (`FIONREAD`).
    pub fn available(&self) -> usize {
        self.pipe.available()
    }
}

impl File for PipeEnd {
    fn read(&self, buffer: &mut [u8]) -> Result<usize, Errno> {
        if !self.reads {
            return Err(Errno::EBADF);
        }
        self.pipe.read(buffer)
    }

    fn write(&self, buffer: &[u8]) -> Result<usize, Errno> {
        if !self.writes {
            return Err(Errno::EBADF);
        }
        self.pipe.write(buffer)
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
        Ok(self.inode.metadata())
    }

    fn truncate(&self, _size: i64) -> Result<(), Errno> {
        Err(Errno::EINVAL)
    }

    fn status_flags(&self) -> OpenFlags {
        OpenFlags::from_bits_retain(self.flags.load(Ordering::Relaxed))
    }

    fn set_status_flags(&self, flags: OpenFlags) {
        let kept = self.status_flags() - OpenFlags::SETTABLE;
        self.flags.store(
            (kept | (flags & OpenFlags::SETTABLE)).bits(),
            Ordering::Relaxed,
        );
    }

    fn poll(&self, interest: PollEvents, waker: Option<&Arc<dyn Waker>>) -> PollEvents {
        let mut events = PollEvents::empty();
        if self.reads {
            events |= self.pipe.poll_read(waker, self.writer_opens_seen);
        }
        if self.writes {
            events |= self.pipe.poll_write(waker);
        }
        events & (interest | PollEvents::POLLHUP | PollEvents::POLLERR)
    }

    fn open_ready(&self, waker: Option<&Arc<dyn Waker>>) -> bool {
        let nonblocking = self.status_flags().contains(OpenFlags::O_NONBLOCK);
        if nonblocking || self.partner_present || (self.reads && self.writes) {
            return true;
        }
        if self.reads {
            self.pipe.writer_arrived(waker, self.partner_opens_seen)
        } else {
            self.pipe.reader_arrived(waker, self.partner_opens_seen)
        }
    }

    fn pipe_capacity(&self) -> Result<usize, Errno> {
        Ok(self.pipe.capacity())
    }

    fn set_pipe_capacity(&self, size: usize) -> Result<usize, Errno> {
        self.pipe.resize(size)
    }

    fn inode(&self) -> Arc<dyn Inode> {
        self.inode.clone()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Drop for PipeEnd {
    fn drop(&mut self) {
        if self.reads {
            self.pipe.close_reader();
        }
        if self.writes {
            self.pipe.close_writer();
        }
    }
}
