//! termios and winsize: defaults, byte layouts and round trips.

use super::LineDiscipline;
use kernel_core::services::process::Signal;
use kernel_core::services::tty::{cc, cflag, iflag, ioctl, lflag, oflag, Termios, WinSize};

#[test]
fn defaults_are_linux_tty_std_termios() {
    let termios = LineDiscipline::new().termios();
    assert_eq!(termios.c_iflag, 0o2400); // ICRNL | IXON
    assert_eq!(termios.c_oflag, 0o5); // OPOST | ONLCR
    assert_eq!(termios.c_cflag, 0o2277); // B38400 | CS8 | CREAD | HUPCL
    assert_eq!(termios.c_lflag, 0o105073);
    assert_eq!(termios.c_iflag, iflag::ICRNL | iflag::IXON);
    assert_eq!(termios.c_oflag, oflag::OPOST | oflag::ONLCR);
    assert_eq!(
        termios.c_cflag,
        cflag::B38400 | cflag::CS8 | cflag::CREAD | cflag::HUPCL
    );
    assert_ne!(termios.c_lflag & lflag::ECHOKE, 0);
    assert_eq!(termios.c_cc[cc::VINTR], 0x03);
    assert_eq!(termios.c_cc[cc::VQUIT], 0x1c);
    assert_eq!(termios.c_cc[cc::VERASE], 0x7f);
    assert_eq!(termios.c_cc[cc::VKILL], 0x15);
    assert_eq!(termios.c_cc[cc::VEOF], 0x04);
    assert_eq!(termios.c_cc[cc::VMIN], 1);
    assert_eq!(termios.c_cc[cc::VSUSP], 0x1a);
    assert_eq!(termios.c_cc[cc::VWERASE], 0x17);
    assert_eq!(termios.c_cc[cc::VLNEXT], 0x16);
    assert_eq!(termios.c_line, 0);
}

#[test]
fn termios_bytes_follow_the_arm64_struct() {
    let bytes = Termios::linux_default().to_bytes();
    assert_eq!(bytes.len(), 36);
    assert_eq!(&bytes[0..4], &[0x00, 0x05, 0, 0]); // c_iflag 0x500, little-endian
    assert_eq!(&bytes[4..8], &[0x05, 0, 0, 0]);
    assert_eq!(&bytes[8..12], &[0xbf, 0x04, 0, 0]); // c_cflag 0x4bf
    assert_eq!(&bytes[12..16], &[0x3b, 0x8a, 0, 0]); // c_lflag 0x8a3b
    assert_eq!(bytes[16], 0); // c_line
    assert_eq!(&bytes[17..21], &[0x03, 0x1c, 0x7f, 0x15]);
    assert_eq!(Termios::from_bytes(&bytes), Termios::linux_default());
}

#[test]
fn arbitrary_termios_round_trips_through_set_and_get() {
    let mut raw = [0u8; Termios::SIZE];
    for (index, byte) in raw.iter_mut().enumerate() {
        *byte = (index as u8).wrapping_mul(37).wrapping_add(1);
    }
    let termios = Termios::from_bytes(&raw);
    let mut discipline = LineDiscipline::new();
    discipline.set_termios(termios);
    assert_eq!(discipline.termios().to_bytes(), raw);
}

#[test]
fn winsize_defaults_to_zero_and_reports_changes() {
    let mut discipline = LineDiscipline::new();
    assert_eq!(discipline.window_size().to_bytes(), [0; 8]);
    let window = WinSize::from_bytes(&[24, 0, 80, 0, 0, 0, 0, 0]);
    assert_eq!(window.ws_row, 24);
    assert_eq!(window.ws_col, 80);
    assert_eq!(discipline.set_window_size(window), Some(Signal::SIGWINCH));
    assert_eq!(discipline.set_window_size(window), None);
    assert_eq!(
        discipline.window_size().to_bytes(),
        [24, 0, 80, 0, 0, 0, 0, 0]
    );
}

#[test]
fn ioctl_numbers_are_the_asm_generic_ones() {
    assert_eq!(ioctl::TCGETS, 0x5401);
    assert_eq!(ioctl::TCSETSF, 0x5404);
    assert_eq!(ioctl::TIOCSCTTY, 0x540e);
    assert_eq!(ioctl::TIOCGPGRP, 0x540f);
    assert_eq!(ioctl::TIOCSPGRP, 0x5410);
    assert_eq!(ioctl::TIOCGWINSZ, 0x5413);
    assert_eq!(ioctl::TIOCSWINSZ, 0x5414);
    assert_eq!(ioctl::TIOCNOTTY, 0x5422);
}

#[test]
fn tcsetsf_discards_pending_input() {
    let mut discipline = LineDiscipline::new();
    discipline.receive(b"line\r", &mut alloc::vec::Vec::new());
    assert_eq!(discipline.readable_bytes(), 5);
    discipline.set_termios_flush(Termios::linux_default());
    assert_eq!(discipline.readable_bytes(), 0);
}
