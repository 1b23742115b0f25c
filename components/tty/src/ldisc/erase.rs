//! Canonical-mode line editing: ERASE, WERASE and KILL with their echoes (Linux's `eraser`).

use super::chars::{is_alphanumeric, is_control};
use super::{ByteSink, LineDiscipline};
use kernel_core::services::tty::{cc, lflag};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kill {
    Erase,
    Word,
    Line,
}

impl LineDiscipline {
    /// Applies an editing character `byte` (ERASE, WERASE or KILL) to the unfinished line.
    pub(super) fn erase(&mut self, byte: u8, sink: &mut dyn ByteSink) {
        if self.input.head == self.input.canon_head {
            return;
        }
        let echo = self.flag_lflag(lflag::ECHO);
        let kind = if self.is_cc(byte, cc::VERASE) {
            Kill::Erase
        } else if self.is_cc(byte, cc::VWERASE) {
            Kill::Word
        } else {
            if !echo {
                self.input.head = self.input.canon_head;
                return;
            }
            if !self.flag_lflag(lflag::ECHOK)
                || !self.flag_lflag(lflag::ECHOKE)
                || !self.flag_lflag(lflag::ECHOE)
            {
                self.input.head = self.input.canon_head;
                self.finish_erasing(sink);
                self.echo_char(byte, sink);
                if self.flag_lflag(lflag::ECHOK) {
                    self.echo_raw(b'\n', sink);
                }
                return;
            }
            Kill::Line
        };

        let mut seen_alphanumerics = 0usize;
        while self.input.head != self.input.canon_head {
            // Step back over one (possibly multi-byte) character.
            let mut position = self.input.head;
            let mut last;
            loop {
                position = position.wrapping_sub(1);
                last = self.input.at(position);
                if !(self.is_continuation(last) && position != self.input.canon_head) {
                    break;
                }
            }
            if self.is_continuation(last) {
                break; // never erase part of a character
            }
            if kind == Kill::Word {
                if is_alphanumeric(last) || last == b'_' {
                    seen_alphanumerics += 1;
                } else if seen_alphanumerics > 0 {
                    break;
                }
            }
            let width = self.input.head.wrapping_sub(position);
            self.input.head = position;
            if echo {
                self.echo_erasure(kind, position, width, sink);
            }
            if kind == Kill::Erase {
                break;
            }
        }
        if echo && self.input.head == self.input.canon_head {
            self.finish_erasing(sink);
        }
    }

    /// Ends a hardcopy (`ECHOPRT`) erase sequence with `/`.
    pub(super) fn finish_erasing(&mut self, sink: &mut dyn ByteSink) {
        if self.erasing {
            self.echo_raw(b'/', sink);
            self.erasing = false;
        }
    }

    /// The echo for one erased character of `width` bytes starting at `position`.
    fn echo_erasure(&mut self, kind: Kill, position: usize, width: usize, sink: &mut dyn ByteSink) {
        let erased = self.input.at(position);
        if self.flag_lflag(lflag::ECHOPRT) {
            // Hardcopy: `\` once, then each erased character printed again.
            if !self.erasing {
                self.echo_raw(b'\\', sink);
                self.erasing = true;
            }
            self.echo_char(erased, sink);
            for offset in 1..width {
                let byte = self.input.at(position.wrapping_add(offset));
                self.echo_raw(byte, sink);
                self.column = self.column.saturating_sub(1);
            }
        } else if kind == Kill::Erase && !self.flag_lflag(lflag::ECHOE) {
            let erase_char = self.termios.c_cc[cc::VERASE];
            self.echo_char(erase_char, sink);
        } else if erased == b'\t' {
            self.echo_erase_tab(sink);
        } else {
            let control = is_control(erased);
            let echoctl = self.flag_lflag(lflag::ECHOCTL);
            if control && echoctl {
                self.echo_rubout(sink);
            }
            if !control || echoctl {
                self.echo_rubout(sink);
            }
        }
    }

    fn echo_rubout(&mut self, sink: &mut dyn ByteSink) {
        for byte in [0x08, b' ', 0x08] {
            self.echo_raw(byte, sink);
        }
    }

    /// Backs up over an erased TAB to where it started (Linux's `ECHO_OP_ERASE_TAB`).
    fn echo_erase_tab(&mut self, sink: &mut dyn ByteSink) {
        let mut width = 0usize;
        let mut after_tab = false;
        let mut position = self.input.head;
        let echoctl = self.flag_lflag(lflag::ECHOCTL);
        while position != self.input.canon_head {
            position = position.wrapping_sub(1);
            let byte = self.input.at(position);
            if byte == b'\t' {
                after_tab = true;
                break;
            } else if is_control(byte) {
                if echoctl {
                    width += 2;
                }
            } else if !self.is_continuation(byte) {
                width += 1;
            }
        }
        let mut width = width & 7;
        if !after_tab {
            width += self.canon_column;
        }
        let backspaces = (8 - (width & 7)).min(self.column);
        for _ in 0..backspaces {
            sink.put_bytes(&[0x08]);
            self.column = self.column.saturating_sub(1);
        }
    }
}
