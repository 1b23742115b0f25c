//! The N_TTY line discipline: termios state, input editing, echo, signals, reads and writes.
//!
//! Behaviour follows Linux 6.1's `drivers/tty/n_tty.c`. The discipline never sleeps and never
//! allocates: input goes into a fixed 4096-byte queue (so [`LineDiscipline::receive`] may run
//! in the UART's receive interrupt), echo and output bytes go straight to a [`ByteSink`], signal
//! characters come back as events in a [`ReceiveReport`], and a read that must wait returns
//! [`ReadStatus::Wait`] with an optional deadline for the kernel's wait queue.

mod buffer;
mod chars;
mod control;
mod erase;
mod input;
mod ioctl;
mod output;
mod read;

pub use buffer::INPUT_BUFFER_SIZE;
pub use control::{ControllingTerminal, JobControlError, SessionMember};
pub use ioctl::{IoctlContext, IoctlEffect};
pub use read::{ReadProgress, ReadStatus};

use buffer::InputBuffer;
use kernel_core::services::process::Signal;
use kernel_core::services::tty::{lflag, Termios, WinSize};

/// Where echo and output bytes go (the UART's transmit path). Must not block indefinitely.
pub trait ByteSink {
    /// Sends `bytes` in order.
    fn put_bytes(&mut self, bytes: &[u8]);
}

impl ByteSink for alloc::vec::Vec<u8> {
    fn put_bytes(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// What one [`LineDiscipline::receive`] call did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReceiveReport {
    /// Bytes dropped because the input queue was full.
    pub dropped: usize,
    /// Whether a reader may now make progress (wake the read wait queue).
    pub readable: bool,
    /// Whether output was restarted (START character): wake blocked writers.
    pub output_restarted: bool,
    signals: u8,
}

impl ReceiveReport {
    /// Signals to send to the foreground process group, in Linux's numbering order
    /// (SIGINT, SIGQUIT, SIGTSTP); each at most once per call.
    pub fn signals(&self) -> impl Iterator<Item = Signal> + '_ {
        [Signal::SIGINT, Signal::SIGQUIT, Signal::SIGTSTP]
            .into_iter()
            .enumerate()
            .filter(|(bit, _)| self.signals & (1 << bit) != 0)
            .map(|(_, signal)| signal)
    }

    fn add_signal(&mut self, signal: Signal) {
        let bit = match signal {
            Signal::SIGINT => 0,
            Signal::SIGQUIT => 1,
            _ => 2,
        };
        self.signals |= 1 << bit;
    }
}

/// Result of a write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteStatus {
    /// This many input bytes were consumed (all of them).
    Written(usize),
    /// Output is stopped (STOP character or `tcflow(TCOOFF)`): wait for a restart.
    Stopped,
}

/// One terminal's line discipline and termios state.
pub struct LineDiscipline {
    termios: Termios,
    window: WinSize,
    input: InputBuffer,
    column: usize,
    canon_column: usize,
    literal_next: bool,
    erasing: bool,
    output_stopped: bool,
    /// Job control: the terminal's session and foreground group.
    pub job_control: ControllingTerminal,
}

impl LineDiscipline {
    /// A terminal with Linux's default termios and a 0 × 0 window, as a serial console.
    pub const fn new() -> Self {
        Self::with_termios(Termios::linux_default())
    }

    /// A terminal starting with `termios`.
    pub const fn with_termios(termios: Termios) -> Self {
        Self {
            termios,
            window: WinSize {
                ws_row: 0,
                ws_col: 0,
                ws_xpixel: 0,
                ws_ypixel: 0,
            },
            input: InputBuffer::new(),
            column: 0,
            canon_column: 0,
            literal_next: false,
            erasing: false,
            output_stopped: false,
            job_control: ControllingTerminal::new(),
        }
    }

    /// The current termios (`TCGETS`).
    pub fn termios(&self) -> Termios {
        self.termios
    }

    /// Replaces the termios (`TCSETS`; `TCSETSW` too since output is synchronous). Switching
    /// canonical mode re-shapes the queue as Linux's `n_tty_set_termios` does.
    pub fn set_termios(&mut self, termios: Termios) {
        let was_canonical = self.canonical();
        self.termios = termios;
        let canonical = self.canonical();
        if was_canonical != canonical {
            self.input.clear_line_ends();
            if !canonical || self.input.len() == 0 {
                self.input.canon_head = self.input.tail;
            } else {
                // Linux "pushes" what was typed raw as one readable line.
                let last = self.input.head.wrapping_sub(1);
                self.input.set_line_end_at(last, true);
                self.input.canon_head = self.input.head;
            }
            self.literal_next = false;
        }
        if !self.flag_iflag(kernel_core::services::tty::iflag::IXON) && self.output_stopped {
            self.output_stopped = false;
        }
    }

    /// `TCSETSF`: discards pending input, then sets the termios.
    pub fn set_termios_flush(&mut self, termios: Termios) {
        self.flush_input();
        self.set_termios(termios);
    }

    /// The window size (`TIOCGWINSZ`).
    pub fn window_size(&self) -> WinSize {
        self.window
    }

    /// Sets the window size (`TIOCSWINSZ`). Returns `Some(SIGWINCH)` when it changed: the kernel
    /// sends it to the foreground group, as Linux's `tty_do_resize`.
    pub fn set_window_size(&mut self, window: WinSize) -> Option<Signal> {
        if window == self.window {
            return None;
        }
        self.window = window;
        Some(Signal::SIGWINCH)
    }

    /// Discards pending input (`tcflush(TCIFLUSH)`).
    pub fn flush_input(&mut self) {
        self.input.clear();
        self.literal_next = false;
        self.erasing = false;
    }

    /// Bytes a read could return now (`FIONREAD`): in canonical mode only complete lines count.
    pub fn readable_bytes(&self) -> usize {
        if self.canonical() {
            self.input.canon_head.wrapping_sub(self.input.tail)
        } else {
            self.input.len()
        }
    }

    /// Whether output is stopped by the STOP character or `tcflow`.
    pub fn output_stopped(&self) -> bool {
        self.output_stopped
    }

    /// `tcflow(TCOOFF)` / `tcflow(TCOON)`.
    pub fn set_output_stopped(&mut self, stopped: bool) {
        self.output_stopped = stopped;
    }

    fn canonical(&self) -> bool {
        self.termios.c_lflag & lflag::ICANON != 0
    }

    fn flag_lflag(&self, bit: u32) -> bool {
        self.termios.c_lflag & bit != 0
    }

    fn flag_iflag(&self, bit: u32) -> bool {
        self.termios.c_iflag & bit != 0
    }

    fn flag_oflag(&self, bit: u32) -> bool {
        self.termios.c_oflag & bit != 0
    }

    /// Whether `byte` is the enabled control character at `index` (0 disables one).
    fn is_cc(&self, byte: u8, index: usize) -> bool {
        let value = self.termios.c_cc[index];
        value != 0 && value == byte
    }
}

impl Default for LineDiscipline {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests;
