//! Host tests of the line discipline.

extern crate std;

mod control;
mod golden;
mod ioctl;
mod noncanonical;
mod termios;

use super::{ByteSink, LineDiscipline, ReadProgress, ReadStatus};
use kernel_core::services::tty::Termios;
use std::vec::Vec;

/// A discipline with `lflag` replacing the default local modes.
pub(super) fn discipline_with_lflag(lflag: u32) -> LineDiscipline {
    let mut termios = Termios::linux_default();
    termios.c_lflag = lflag;
    LineDiscipline::with_termios(termios)
}

/// Feeds `input`, returning the echo.
pub(super) fn type_bytes(discipline: &mut LineDiscipline, input: &[u8]) -> Vec<u8> {
    let mut echo = Vec::new();
    discipline.receive(input, &mut echo);
    echo
}

/// One non-blocking read of up to `capacity` bytes.
pub(super) fn read_now(discipline: &mut LineDiscipline, capacity: usize) -> Option<Vec<u8>> {
    let mut buffer = std::vec![0u8; capacity];
    let mut progress = ReadProgress::new(true);
    match discipline.read(&mut buffer, &mut progress, 0) {
        ReadStatus::Done(count) => Some(buffer[..count].to_vec()),
        ReadStatus::WouldBlock => None,
        ReadStatus::Wait { .. } => panic!("a non-blocking read asked to wait"),
    }
}

struct Discard;

impl ByteSink for Discard {
    fn put_bytes(&mut self, _bytes: &[u8]) {}
}

#[test]
fn output_processing_maps_newline_and_tracks_tabs() {
    let mut discipline = LineDiscipline::new();
    let mut out = Vec::new();
    assert_eq!(
        discipline.write(b"ab\n\tc", &mut out),
        super::WriteStatus::Written(5)
    );
    assert_eq!(out, b"ab\r\n\tc");
    assert_eq!(discipline.column, 9);
}

#[test]
fn write_without_opost_is_raw() {
    let mut termios = Termios::linux_default();
    termios.c_oflag = 0;
    let mut discipline = LineDiscipline::with_termios(termios);
    let mut out = Vec::new();
    discipline.write(b"a\nb", &mut out);
    assert_eq!(out, b"a\nb");
}

#[test]
fn stop_character_holds_writes_until_start() {
    let mut discipline = LineDiscipline::new();
    discipline.receive(&[0x13], &mut Discard);
    assert_eq!(
        discipline.write(b"x", &mut Vec::new()),
        super::WriteStatus::Stopped
    );
    let report = discipline.receive(&[0x11], &mut Discard);
    assert!(report.output_restarted);
    assert_eq!(
        discipline.write(b"x", &mut Vec::new()),
        super::WriteStatus::Written(1)
    );
}
