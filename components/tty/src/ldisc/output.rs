//! Output processing (`OPOST`) with column tracking, and the echo primitives built on it.

use super::chars::{is_control, is_utf8_continuation};
use super::{ByteSink, LineDiscipline, WriteStatus};
use kernel_core::services::tty::{iflag, lflag, oflag};

impl LineDiscipline {
    /// Writes `bytes` from a process, with output processing when `OPOST` is set (Linux's
    /// `n_tty_write`). Returns [`WriteStatus::Stopped`] while output is stopped.
    pub fn write(&mut self, bytes: &[u8], sink: &mut dyn ByteSink) -> WriteStatus {
        if self.output_stopped {
            return WriteStatus::Stopped;
        }
        if self.flag_oflag(oflag::OPOST) {
            for &byte in bytes {
                self.output_char(byte, sink);
            }
        } else {
            sink.put_bytes(bytes);
        }
        WriteStatus::Written(bytes.len())
    }

    /// Linux's `do_output_char`: one byte through `OPOST` processing, tracking the column.
    pub(super) fn output_char(&mut self, byte: u8, sink: &mut dyn ByteSink) {
        let mut byte = byte;
        match byte {
            b'\n' => {
                if self.flag_oflag(oflag::ONLRET) {
                    self.column = 0;
                }
                if self.flag_oflag(oflag::ONLCR) {
                    self.column = 0;
                    self.canon_column = 0;
                    sink.put_bytes(b"\r\n");
                    return;
                }
                self.canon_column = self.column;
            }
            b'\r' => {
                if self.flag_oflag(oflag::ONOCR) && self.column == 0 {
                    return;
                }
                if self.flag_oflag(oflag::OCRNL) {
                    byte = b'\n';
                    if self.flag_oflag(oflag::ONLRET) {
                        self.column = 0;
                        self.canon_column = 0;
                    }
                } else {
                    self.column = 0;
                    self.canon_column = 0;
                }
            }
            b'\t' => {
                let spaces = 8 - (self.column & 7);
                self.column += spaces;
                if self.termios.c_oflag & oflag::TABDLY == oflag::XTABS {
                    sink.put_bytes(&b"        "[..spaces]);
                    return;
                }
            }
            0x08 => self.column = self.column.saturating_sub(1),
            _ => {
                if !is_control(byte) {
                    if self.flag_oflag(oflag::OLCUC) {
                        byte = byte.to_ascii_uppercase();
                    }
                    if !self.is_continuation(byte) {
                        self.column += 1;
                    }
                }
            }
        }
        sink.put_bytes(&[byte]);
    }

    /// Emits one echo byte as-is (through `OPOST` when set), Linux's `echo_char_raw`.
    pub(super) fn echo_raw(&mut self, byte: u8, sink: &mut dyn ByteSink) {
        if self.flag_oflag(oflag::OPOST) {
            self.output_char(byte, sink);
        } else {
            sink.put_bytes(&[byte]);
        }
    }

    /// Linux's `echo_char`: a control character other than TAB shows as `^X` under `ECHOCTL`.
    pub(super) fn echo_char(&mut self, byte: u8, sink: &mut dyn ByteSink) {
        if self.flag_lflag(lflag::ECHOCTL) && is_control(byte) && byte != b'\t' {
            sink.put_bytes(&[b'^', byte ^ 0o100]);
            self.column += 2;
        } else {
            self.echo_raw(byte, sink);
        }
    }

    /// Records the column where a line's echo starts (`echo_set_canon_col`).
    pub(super) fn mark_canon_column(&mut self) {
        if self.input.canon_head == self.input.head {
            self.canon_column = self.column;
        }
    }

    /// `is_continuation`: a UTF-8 continuation byte under `IUTF8`.
    pub(super) fn is_continuation(&self, byte: u8) -> bool {
        self.flag_iflag(iflag::IUTF8) && is_utf8_continuation(byte)
    }
}
