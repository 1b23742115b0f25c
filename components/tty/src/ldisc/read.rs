//! Reads: one line in canonical mode, VMIN/VTIME in non-canonical mode (Linux's `n_tty_read`).
//!
//! The discipline does not sleep. The kernel keeps a [`ReadProgress`] for one `read` call and
//! calls [`LineDiscipline::read`] again after each wake-up (new input, or the deadline).

use super::input::EOF_MARK;
use super::LineDiscipline;
use kernel_core::services::tty::cc;

/// One tenth of a second, the unit of `VTIME`.
const DECISECOND_NS: u64 = 100_000_000;

/// State of one `read` call across wake-ups.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadProgress {
    copied: usize,
    nonblocking: bool,
    started: bool,
    minimum: usize,
    inter_byte_ns: u64,
    deadline_ns: Option<u64>,
}

impl ReadProgress {
    /// A fresh read; `nonblocking` is the file's `O_NONBLOCK`.
    pub const fn new(nonblocking: bool) -> Self {
        Self {
            copied: 0,
            nonblocking,
            started: false,
            minimum: 0,
            inter_byte_ns: 0,
            deadline_ns: None,
        }
    }

    /// Bytes already placed in the caller's buffer (what to return if a signal interrupts).
    pub const fn copied(&self) -> usize {
        self.copied
    }
}

/// What a read step decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadStatus {
    /// The read is over: return this many bytes (0 is end of file or a VTIME expiry).
    Done(usize),
    /// Sleep on the terminal's read queue until input arrives or, if given, the monotonic clock
    /// reaches `deadline_ns`; then call again with the same progress. A signal ends the read:
    /// return [`ReadProgress::copied`] if non-zero, else `EINTR`/restart.
    Wait {
        /// Absolute monotonic time at which to call again even without input.
        deadline_ns: Option<u64>,
    },
    /// Non-blocking file and nothing to read: `EAGAIN`.
    WouldBlock,
}

impl LineDiscipline {
    /// Copies input into `buffer[progress.copied()..]`. `now_ns` is the monotonic time.
    pub fn read(
        &mut self,
        buffer: &mut [u8],
        progress: &mut ReadProgress,
        now_ns: u64,
    ) -> ReadStatus {
        if progress.copied >= buffer.len() {
            return ReadStatus::Done(progress.copied);
        }
        if self.canonical() {
            if self.input.canon_head == self.input.tail {
                return self.wait(progress);
            }
            self.copy_line(buffer, progress);
            return ReadStatus::Done(progress.copied);
        }
        if !progress.started {
            progress.started = true;
            let vmin = usize::from(self.termios.c_cc[cc::VMIN]);
            let vtime_ns = u64::from(self.termios.c_cc[cc::VTIME]) * DECISECOND_NS;
            if vmin > 0 {
                progress.minimum = vmin;
                progress.inter_byte_ns = vtime_ns;
            } else {
                progress.minimum = 1;
                progress.deadline_ns = Some(now_ns.saturating_add(vtime_ns));
            }
        }
        if self.input.len() == 0 {
            if progress
                .deadline_ns
                .is_some_and(|deadline| deadline <= now_ns)
            {
                return ReadStatus::Done(progress.copied);
            }
            return self.wait(progress);
        }
        while progress.copied < buffer.len() && self.input.len() > 0 {
            buffer[progress.copied] = self.input.at(self.input.tail);
            self.input.tail = self.input.tail.wrapping_add(1);
            progress.copied += 1;
        }
        self.input.canon_head = self.input.tail;
        if progress.copied >= progress.minimum || progress.copied >= buffer.len() {
            return ReadStatus::Done(progress.copied);
        }
        if progress.inter_byte_ns > 0 {
            progress.deadline_ns = Some(now_ns.saturating_add(progress.inter_byte_ns));
        }
        self.wait(progress)
    }

    fn wait(&self, progress: &ReadProgress) -> ReadStatus {
        if progress.nonblocking {
            if progress.copied > 0 {
                return ReadStatus::Done(progress.copied);
            }
            return ReadStatus::WouldBlock;
        }
        ReadStatus::Wait {
            deadline_ns: progress.deadline_ns,
        }
    }

    /// Linux's `canon_copy_from_read_buf`: up to the first line end within the space left; an
    /// EOF mark ends the line without being copied.
    fn copy_line(&mut self, buffer: &mut [u8], progress: &mut ReadProgress) {
        let space = buffer.len() - progress.copied;
        let available = self.input.canon_head.wrapping_sub(self.input.tail);
        let limit = space.min(available);
        let tail = self.input.tail;
        let end = (0..limit).find(|&offset| self.input.is_line_end(tail.wrapping_add(offset)));
        let (consumed, mut copy) = match end {
            Some(offset) => (offset + 1, offset + 1),
            None => (limit, limit),
        };
        if let Some(offset) = end {
            let position = tail.wrapping_add(offset);
            if self.input.at(position) == EOF_MARK {
                copy -= 1;
            }
            self.input.set_line_end_at(position, false);
        }
        for offset in 0..copy {
            buffer[progress.copied + offset] = self.input.at(tail.wrapping_add(offset));
        }
        progress.copied += copy;
        self.input.tail = tail.wrapping_add(consumed);
    }
}
