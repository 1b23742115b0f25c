//! Received bytes: input mapping, flow control, signal characters, canonical specials, echo,
//! and queueing (Linux's `n_tty_receive_char_special` and friends).

use super::buffer::INPUT_BUFFER_SIZE;
use super::{ByteSink, LineDiscipline, ReceiveReport};
use kernel_core::services::process::Signal;
use kernel_core::services::tty::{cc, iflag, lflag};

/// The byte a canonical EOF leaves in the queue as its line end (`__DISABLED_CHAR`).
pub(super) const EOF_MARK: u8 = 0;

impl LineDiscipline {
    /// Feeds bytes received by the UART. Echo goes to `echo`; signals for the foreground group
    /// and wake-ups come back in the report. Runs in bounded time and memory (interrupt-safe).
    pub fn receive(&mut self, bytes: &[u8], echo: &mut dyn ByteSink) -> ReceiveReport {
        let mut report = ReceiveReport::default();
        let readable_before = self.readable_bytes();
        for &byte in bytes {
            self.receive_byte(byte, echo, &mut report);
        }
        report.readable = self.readable_bytes() > readable_before;
        report
    }

    fn receive_byte(&mut self, byte: u8, echo: &mut dyn ByteSink, report: &mut ReceiveReport) {
        let mut byte = byte;
        if self.flag_iflag(iflag::ISTRIP) {
            byte &= 0x7f;
        }
        if self.flag_iflag(iflag::IUCLC) && self.flag_lflag(lflag::IEXTEN) {
            byte = byte.to_ascii_lowercase();
        }
        if self.literal_next {
            self.literal_next = false;
            self.receive_plain(byte, echo, report);
            return;
        }
        if self.flag_iflag(iflag::IXON) {
            if self.is_cc(byte, cc::VSTART) {
                self.restart_output(report);
                return;
            }
            if self.is_cc(byte, cc::VSTOP) {
                self.output_stopped = true;
                return;
            }
        }
        if self.flag_lflag(lflag::ISIG) {
            for (index, signal) in [
                (cc::VINTR, Signal::SIGINT),
                (cc::VQUIT, Signal::SIGQUIT),
                (cc::VSUSP, Signal::SIGTSTP),
            ] {
                if self.is_cc(byte, index) {
                    self.signal_char(byte, signal, echo, report);
                    return;
                }
            }
        }
        if self.output_stopped && self.flag_iflag(iflag::IXON) && self.flag_iflag(iflag::IXANY) {
            self.restart_output(report);
        }
        if byte == b'\r' {
            if self.flag_iflag(iflag::IGNCR) {
                return;
            }
            if self.flag_iflag(iflag::ICRNL) {
                byte = b'\n';
            }
        } else if byte == b'\n' && self.flag_iflag(iflag::INLCR) {
            byte = b'\r';
        }
        if self.canonical() && self.receive_canonical_special(byte, echo, report) {
            return;
        }
        self.receive_plain(byte, echo, report);
    }

    fn restart_output(&mut self, report: &mut ReceiveReport) {
        if self.output_stopped {
            self.output_stopped = false;
            report.output_restarted = true;
        }
    }

    /// Linux's `n_tty_receive_signal_char`: flush (unless NOFLSH), report, echo.
    fn signal_char(
        &mut self,
        byte: u8,
        signal: Signal,
        echo: &mut dyn ByteSink,
        report: &mut ReceiveReport,
    ) {
        if !self.flag_lflag(lflag::NOFLSH) {
            self.flush_input();
        }
        report.add_signal(signal);
        if self.flag_iflag(iflag::IXON) {
            self.restart_output(report);
        }
        if self.flag_lflag(lflag::ECHO) {
            self.echo_char(byte, echo);
        }
    }

    /// ERASE/KILL/WERASE, LNEXT, REPRINT, NL, EOF, EOL/EOL2. Returns whether `byte` was handled.
    fn receive_canonical_special(
        &mut self,
        byte: u8,
        echo: &mut dyn ByteSink,
        report: &mut ReceiveReport,
    ) -> bool {
        let iexten = self.flag_lflag(lflag::IEXTEN);
        let echo_on = self.flag_lflag(lflag::ECHO);
        if self.is_cc(byte, cc::VERASE)
            || self.is_cc(byte, cc::VKILL)
            || (iexten && self.is_cc(byte, cc::VWERASE))
        {
            self.erase(byte, echo);
            return true;
        }
        if iexten && self.is_cc(byte, cc::VLNEXT) {
            self.literal_next = true;
            if echo_on {
                self.finish_erasing(echo);
                if self.flag_lflag(lflag::ECHOCTL) {
                    self.echo_raw(b'^', echo);
                    self.echo_raw(0x08, echo);
                }
            }
            return true;
        }
        if iexten && echo_on && self.is_cc(byte, cc::VREPRINT) {
            self.reprint(byte, echo);
            return true;
        }
        if byte == b'\n' {
            if echo_on || self.flag_lflag(lflag::ECHONL) {
                self.echo_raw(b'\n', echo);
            }
            return self.end_line(b'\n', report);
        }
        if self.is_cc(byte, cc::VEOF) {
            return self.end_line(EOF_MARK, report);
        }
        if self.is_cc(byte, cc::VEOL) || (iexten && self.is_cc(byte, cc::VEOL2)) {
            if echo_on {
                self.mark_canon_column();
                self.echo_char(byte, echo);
            }
            return self.end_line(byte, report);
        }
        false
    }

    /// Queues a line terminator and makes the line readable.
    fn end_line(&mut self, byte: u8, report: &mut ReceiveReport) -> bool {
        if !self.make_room(report) {
            return true;
        }
        let position = self.input.head;
        self.input.push(byte);
        self.input.set_line_end_at(position, true);
        self.input.canon_head = self.input.head;
        true
    }

    /// An ordinary byte: echo and queue (Linux's `n_tty_receive_char`).
    fn receive_plain(&mut self, byte: u8, echo: &mut dyn ByteSink, report: &mut ReceiveReport) {
        if !self.make_room(report) {
            return;
        }
        if self.flag_lflag(lflag::ECHO) {
            self.finish_erasing(echo);
            if byte == b'\n' {
                self.echo_raw(b'\n', echo);
            } else {
                self.mark_canon_column();
                self.echo_char(byte, echo);
            }
        }
        self.input.push(byte);
    }

    /// Ensures one free slot. A canonical line with no complete line before it may grow to the
    /// whole buffer, the last byte being overwritten so a newline always fits (as Linux).
    fn make_room(&mut self, report: &mut ReceiveReport) -> bool {
        let room = INPUT_BUFFER_SIZE as isize - self.input.len() as isize - 1;
        if room > 0 {
            return true;
        }
        let overflow = self.canonical() && self.input.canon_head == self.input.tail;
        if !overflow {
            report.dropped += 1;
            return false;
        }
        if room < 0 {
            self.input.head = self.input.head.wrapping_sub(1);
        }
        true
    }

    /// REPRINT: echo the REPRINT character, a newline, and the unfinished line again.
    fn reprint(&mut self, byte: u8, echo: &mut dyn ByteSink) {
        self.finish_erasing(echo);
        self.echo_char(byte, echo);
        self.echo_raw(b'\n', echo);
        let mut position = self.input.canon_head;
        while position != self.input.head {
            let queued = self.input.at(position);
            self.echo_char(queued, echo);
            position = position.wrapping_add(1);
        }
    }
}
