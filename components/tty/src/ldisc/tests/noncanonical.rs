//! Non-canonical reads: VMIN/VTIME as termios(3) and n_tty_read define them, and a full queue.

use super::{discipline_with_lflag, read_now, type_bytes};
use crate::ldisc::{ReadProgress, ReadStatus, INPUT_BUFFER_SIZE};
use kernel_core::services::tty::{cc, lflag, Termios};

const DECISECOND_NS: u64 = 100_000_000;

fn raw_with(vmin: u8, vtime: u8) -> crate::ldisc::LineDiscipline {
    let mut discipline = discipline_with_lflag(0);
    let mut termios = discipline.termios();
    termios.c_cc[cc::VMIN] = vmin;
    termios.c_cc[cc::VTIME] = vtime;
    discipline.set_termios(termios);
    discipline
}

#[test]
fn vmin_without_vtime_waits_forever_for_the_minimum() {
    let mut discipline = raw_with(3, 0);
    let mut buffer = [0u8; 8];
    let mut progress = ReadProgress::new(false);
    assert_eq!(
        discipline.read(&mut buffer, &mut progress, 0),
        ReadStatus::Wait { deadline_ns: None }
    );
    type_bytes(&mut discipline, b"ab");
    assert_eq!(
        discipline.read(&mut buffer, &mut progress, 5),
        ReadStatus::Wait { deadline_ns: None }
    );
    assert_eq!(progress.copied(), 2);
    type_bytes(&mut discipline, b"cde");
    assert_eq!(
        discipline.read(&mut buffer, &mut progress, 6),
        ReadStatus::Done(5)
    );
    assert_eq!(&buffer[..5], b"abcde");
}

#[test]
fn vmin_and_vtime_use_an_inter_byte_timer_started_by_the_first_byte() {
    let mut discipline = raw_with(4, 2);
    let mut buffer = [0u8; 8];
    let mut progress = ReadProgress::new(false);
    // No timer before the first byte.
    assert_eq!(
        discipline.read(&mut buffer, &mut progress, 1_000),
        ReadStatus::Wait { deadline_ns: None }
    );
    type_bytes(&mut discipline, b"x");
    assert_eq!(
        discipline.read(&mut buffer, &mut progress, 2_000),
        ReadStatus::Wait {
            deadline_ns: Some(2_000 + 2 * DECISECOND_NS)
        }
    );
    // Each arrival restarts it.
    type_bytes(&mut discipline, b"y");
    assert_eq!(
        discipline.read(&mut buffer, &mut progress, 3_000),
        ReadStatus::Wait {
            deadline_ns: Some(3_000 + 2 * DECISECOND_NS)
        }
    );
    // Expiry returns what was gathered.
    assert_eq!(
        discipline.read(&mut buffer, &mut progress, 3_000 + 2 * DECISECOND_NS),
        ReadStatus::Done(2)
    );
    assert_eq!(&buffer[..2], b"xy");
}

#[test]
fn vtime_alone_is_an_overall_timeout_that_returns_zero() {
    let mut discipline = raw_with(0, 5);
    let mut buffer = [0u8; 4];
    let mut progress = ReadProgress::new(false);
    let deadline = 10 + 5 * DECISECOND_NS;
    assert_eq!(
        discipline.read(&mut buffer, &mut progress, 10),
        ReadStatus::Wait {
            deadline_ns: Some(deadline)
        }
    );
    assert_eq!(
        discipline.read(&mut buffer, &mut progress, deadline),
        ReadStatus::Done(0)
    );
    // With data before the deadline, one byte is enough.
    let mut progress = ReadProgress::new(false);
    discipline.read(&mut buffer, &mut progress, 0);
    type_bytes(&mut discipline, b"q");
    assert_eq!(
        discipline.read(&mut buffer, &mut progress, 1),
        ReadStatus::Done(1)
    );
}

#[test]
fn vmin_and_vtime_zero_is_a_poll() {
    let mut discipline = raw_with(0, 0);
    let mut buffer = [0u8; 4];
    assert_eq!(
        discipline.read(&mut buffer, &mut ReadProgress::new(false), 0),
        ReadStatus::Done(0)
    );
    type_bytes(&mut discipline, b"ab");
    assert_eq!(
        discipline.read(&mut buffer, &mut ReadProgress::new(false), 0),
        ReadStatus::Done(2)
    );
}

#[test]
fn a_short_buffer_ends_the_read_before_vmin() {
    let mut discipline = raw_with(10, 0);
    type_bytes(&mut discipline, b"abcdef");
    let mut buffer = [0u8; 4];
    assert_eq!(
        discipline.read(&mut buffer, &mut ReadProgress::new(false), 0),
        ReadStatus::Done(4)
    );
    assert_eq!(read_now(&mut discipline, 10).as_deref(), Some(&b"ef"[..]));
}

#[test]
fn nonblocking_empty_read_would_block() {
    let mut discipline = raw_with(1, 0);
    assert_eq!(read_now(&mut discipline, 4), None);
    let mut canonical = discipline_with_lflag(Termios::linux_default().c_lflag);
    type_bytes(&mut canonical, b"partial");
    assert_eq!(read_now(&mut canonical, 16), None);
}

#[test]
fn a_full_raw_queue_keeps_4095_bytes_and_drops_the_rest() {
    let mut discipline = raw_with(1, 0);
    let input = [b'z'; INPUT_BUFFER_SIZE + 10];
    let report = discipline.receive(&input, &mut alloc::vec::Vec::new());
    assert_eq!(report.dropped, 11);
    assert_eq!(discipline.readable_bytes(), INPUT_BUFFER_SIZE - 1);
    let data = read_now(&mut discipline, 2 * INPUT_BUFFER_SIZE).expect("data");
    assert_eq!(data.len(), INPUT_BUFFER_SIZE - 1);
}

#[test]
fn a_full_queue_with_a_complete_line_drops_new_input() {
    let mut discipline = discipline_with_lflag(Termios::linux_default().c_lflag & !lflag::ECHO);
    type_bytes(&mut discipline, b"done\r");
    let report = discipline.receive(&[b'k'; INPUT_BUFFER_SIZE], &mut alloc::vec::Vec::new());
    // 4095 usable slots, 5 taken by the line.
    assert_eq!(report.dropped, 6);
    assert_eq!(
        read_now(&mut discipline, 64).as_deref(),
        Some(&b"done\n"[..])
    );
}

#[test]
fn leaving_canonical_mode_makes_a_partial_line_readable() {
    let mut discipline = discipline_with_lflag(Termios::linux_default().c_lflag);
    type_bytes(&mut discipline, b"half");
    assert_eq!(discipline.readable_bytes(), 0);
    let mut termios = discipline.termios();
    termios.c_lflag &= !lflag::ICANON;
    discipline.set_termios(termios);
    assert_eq!(read_now(&mut discipline, 16).as_deref(), Some(&b"half"[..]));
}

#[test]
fn entering_canonical_mode_pushes_raw_input_as_one_line() {
    let mut discipline = raw_with(1, 0);
    type_bytes(&mut discipline, b"raw");
    discipline.set_termios(Termios::linux_default());
    assert_eq!(read_now(&mut discipline, 16).as_deref(), Some(&b"raw"[..]));
    assert_eq!(read_now(&mut discipline, 16), None);
}

#[test]
fn nonblocking_poll_mode_returns_zero_not_eagain() {
    // n_tty_read: with MIN=0, TIME=0 the timeout is zero, so an empty read ends with 0 before
    // the O_NONBLOCK check; with TIME>0 it reaches that check and fails with EAGAIN.
    let mut polling = raw_with(0, 0);
    assert_eq!(
        polling.read(&mut [0u8; 4], &mut ReadProgress::new(true), 0),
        ReadStatus::Done(0)
    );
    let mut timed = raw_with(0, 3);
    assert_eq!(
        timed.read(&mut [0u8; 4], &mut ReadProgress::new(true), 0),
        ReadStatus::WouldBlock
    );
}
