//! Replays the cases recorded from Linux 6.1's n_tty (`tests-data/n_tty_linux.txt`, produced by
//! `oracle/n_tty_oracle.c` on a pty) and compares echo, reads and signals byte for byte.

use super::{read_now, LineDiscipline};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use kernel_core::services::tty::{cc, Termios};

const RECORDED: &str = include_str!("../../../tests-data/n_tty_linux.txt");

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn unhex(text: &str) -> Vec<u8> {
    if text == "-" {
        return Vec::new();
    }
    (0..text.len() / 2)
        .map(|index| u8::from_str_radix(&text[index * 2..index * 2 + 2], 16).expect("hex"))
        .collect()
}

/// Runs one case as the oracle did and renders the result in the oracle's format.
fn replay(fields: &[&str]) -> String {
    let flag = |index: usize| u32::from_str_radix(fields[index], 16).expect("flag");
    let mut termios = Termios::linux_default();
    termios.c_iflag = flag(1);
    termios.c_oflag = flag(2);
    termios.c_lflag = flag(3);
    termios.c_cc[cc::VMIN] = fields[4].parse().expect("vmin");
    termios.c_cc[cc::VTIME] = fields[5].parse().expect("vtime");
    if let Some(pairs) = fields.get(7) {
        for pair in pairs.split(',') {
            let (index, value) = pair.split_once('=').expect("index=value");
            let index: usize = index.parse().expect("cc index");
            termios.c_cc[index] = u8::from_str_radix(value, 16).expect("cc value");
        }
    }
    let mut discipline = LineDiscipline::with_termios(termios);
    let mut echo = Vec::new();
    let mut signals = Vec::new();
    for byte in unhex(fields[6]) {
        let report = discipline.receive(&[byte], &mut echo);
        signals.extend(
            report
                .signals()
                .map(|signal| format!("{}", signal.number())),
        );
    }
    let mut reads = Vec::new();
    for round in 0..64 {
        match read_now(&mut discipline, 20000) {
            None => break,
            Some(data) if data.is_empty() => {
                reads.push(String::from("EOF"));
                if round > 8 {
                    break;
                }
            }
            Some(data) => reads.push(hex(&data)),
        }
    }
    let or_dash = |text: String| {
        if text.is_empty() {
            String::from("-")
        } else {
            text
        }
    };
    format!(
        "{} {} {}",
        or_dash(hex(&echo)),
        or_dash(reads.join("/")),
        or_dash(signals.join(","))
    )
}

#[test]
fn every_recorded_linux_case_matches() {
    let mut failures = Vec::new();
    let mut count = 0;
    for line in RECORDED.lines() {
        let (case, expected) = line.split_once(" => ").expect("a recorded line has =>");
        let fields: Vec<&str> = case.split_whitespace().collect();
        assert!(fields.len() == 7 || fields.len() == 8, "case line: {case}");
        let got = replay(&fields);
        if got != expected.trim() {
            failures.push(format!(
                "{}:\n  linux: {}\n  ours:  {}",
                fields[0], expected, got
            ));
        }
        count += 1;
    }
    assert!(count >= 75, "only {count} recorded cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
