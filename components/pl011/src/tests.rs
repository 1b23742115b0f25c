//! Host tests of the PL011 logic against a register model that records every access.

use crate::regs::{self, Registers};
use crate::{BaudDivisor, Pl011, Pl011Error, TX_SPIN_LIMIT};
use kernel_core::services::chardev::CharDevice;
use std::collections::VecDeque;
use std::sync::Mutex;
use std::vec::Vec;

/// What the model has seen and will answer.
#[derive(Default)]
struct Model {
    /// Every register write, in order.
    writes: Vec<(usize, u32)>,
    /// Received words (data plus error flags) waiting in the FIFO.
    rx: VecDeque<u32>,
    /// FR reads that still report TXFF before the FIFO drains; `u32::MAX` means never.
    txff_polls: u32,
    /// FR reads so far.
    fr_reads: u32,
    /// DR reads so far.
    dr_reads: u32,
}

#[derive(Default)]
struct ModelRegs(Mutex<Model>);

impl ModelRegs {
    fn dr_bytes(&self) -> Vec<u8> {
        let model = self.0.lock().unwrap();
        model
            .writes
            .iter()
            .filter(|(offset, _)| *offset == regs::DR)
            .map(|&(_, v)| v as u8)
            .collect()
    }
    fn writes(&self) -> Vec<(usize, u32)> {
        self.0.lock().unwrap().writes.clone()
    }
}

impl Registers for ModelRegs {
    fn read32(&self, offset: usize) -> u32 {
        let mut model = self.0.lock().unwrap();
        match offset {
            regs::FR => {
                model.fr_reads += 1;
                let mut flags = 0;
                if model.rx.is_empty() {
                    flags |= regs::FR_RXFE;
                }
                if model.txff_polls > 0 {
                    flags |= regs::FR_TXFF;
                    if model.txff_polls != u32::MAX {
                        model.txff_polls -= 1;
                    }
                }
                flags
            }
            regs::DR => {
                model.dr_reads += 1;
                model.rx.pop_front().unwrap_or(0)
            }
            _ => 0,
        }
    }

    fn write32(&self, offset: usize, value: u32) {
        self.0.lock().unwrap().writes.push((offset, value));
    }
}

fn uart() -> Pl011<ModelRegs> {
    Pl011::with_registers(ModelRegs::default(), 0x900_0000)
}

#[test]
fn bytes_land_in_dr_in_order() {
    let uart = uart();
    uart.write(b"Lichen");
    assert_eq!(uart.regs_for_test().dr_bytes(), b"Lichen");
}

#[test]
fn newline_becomes_carriage_return_newline() {
    let uart = uart();
    uart.write(b"a\nb\n");
    assert_eq!(uart.regs_for_test().dr_bytes(), b"a\r\nb\r\n");
}

#[test]
fn write_waits_while_the_fifo_is_full() {
    let uart = uart();
    uart.regs_for_test().0.lock().unwrap().txff_polls = 5;
    uart.write(b"x");
    assert_eq!(uart.regs_for_test().dr_bytes(), b"x");
    // Five polls saw TXFF, the sixth saw room.
    assert_eq!(uart.regs_for_test().0.lock().unwrap().fr_reads, 6);
}

#[test]
fn dead_transmitter_drops_output_instead_of_hanging() {
    let uart = uart();
    uart.regs_for_test().0.lock().unwrap().txff_polls = u32::MAX;
    uart.write(b"abc");
    assert!(uart.regs_for_test().dr_bytes().is_empty());
    // The first byte gave up after the limit; the rest of the call was abandoned.
    assert_eq!(
        uart.regs_for_test().0.lock().unwrap().fr_reads,
        TX_SPIN_LIMIT
    );
}

#[test]
fn try_read_honours_rxfe() {
    let uart = uart();
    assert_eq!(uart.try_read(), None);
    assert_eq!(
        uart.regs_for_test().0.lock().unwrap().dr_reads,
        0,
        "DR read with RXFE set"
    );
    uart.regs_for_test()
        .0
        .lock()
        .unwrap()
        .rx
        .extend([u32::from(b'q'), u32::from(b'z')]);
    assert_eq!(uart.try_read(), Some(b'q'));
    assert_eq!(uart.try_read(), Some(b'z'));
    assert_eq!(uart.try_read(), None);
}

#[test]
fn receive_errors_are_cleared_and_breaks_dropped() {
    let uart = uart();
    let framing_error = 1 << 8;
    uart.regs_for_test()
        .0
        .lock()
        .unwrap()
        .rx
        .extend([framing_error | 0x41, regs::DR_BREAK]);
    assert_eq!(uart.try_read(), Some(0x41));
    assert_eq!(uart.try_read(), None);
    let ecr_writes = uart
        .regs_for_test()
        .writes()
        .iter()
        .filter(|(o, _)| *o == regs::RSR_ECR)
        .count();
    assert_eq!(ecr_writes, 2);
}

#[test]
fn divisor_maths_matches_the_trm() {
    assert_eq!(
        BaudDivisor::new(24_000_000, 115_200),
        Ok(BaudDivisor {
            integer: 13,
            fraction: 1
        })
    );
    assert_eq!(
        BaudDivisor::new(48_000_000, 115_200),
        Ok(BaudDivisor {
            integer: 26,
            fraction: 3
        })
    );
    // 3 MHz / (16 * 115200) = 1.6276: IBRD 1, FBRD round(0.6276 * 64) = 40.
    assert_eq!(
        BaudDivisor::new(3_000_000, 115_200),
        Ok(BaudDivisor {
            integer: 1,
            fraction: 40
        })
    );
    assert_eq!(BaudDivisor::new(24_000_000, 0), Err(Pl011Error::ZeroBaud));
    // Faster than clock / 16: divisor below 1.
    assert!(matches!(
        BaudDivisor::new(1_000_000, 115_200),
        Err(Pl011Error::BaudOutOfRange { .. })
    ));
    // Slower than clock / (16 * 65535).
    assert!(matches!(
        BaudDivisor::new(4_000_000_000, 50),
        Err(Pl011Error::BaudOutOfRange { .. })
    ));
}

#[test]
fn init_programs_the_divisor_then_latches_and_enables() {
    let uart = uart();
    uart.init(Some(48_000_000), 115_200).unwrap();
    let expected = [
        (regs::CR, 0),
        (regs::LCR_H, 0),
        (regs::IBRD, 26),
        (regs::FBRD, 3),
        (regs::LCR_H, regs::LCR_H_WLEN_8 | regs::LCR_H_FEN),
        (regs::IMSC, 0),
        (regs::ICR, 0x7ff),
        (regs::CR, (1 << 9) | (1 << 8) | 1),
    ];
    assert_eq!(uart.regs_for_test().writes(), expected);
    // 8N1: WLEN = 0b11, no parity, one stop bit, FIFOs on.
    assert_eq!(regs::LCR_H_WLEN_8 | regs::LCR_H_FEN, 0x70);
}

#[test]
fn init_without_a_clock_keeps_the_firmware_divisor() {
    let uart = uart();
    uart.init(None, 115_200).unwrap();
    let writes = uart.regs_for_test().writes();
    assert!(writes
        .iter()
        .all(|(offset, _)| *offset != regs::IBRD && *offset != regs::FBRD));
    assert_eq!(writes.last(), Some(&(regs::CR, 0x301)));
}

#[test]
fn init_with_an_impossible_baud_fails_before_touching_the_port() {
    let uart = uart();
    assert!(uart.init(Some(1_000_000), 921_600).is_err());
    assert!(uart.regs_for_test().writes().is_empty());
}

#[test]
fn name_shows_the_physical_base() {
    assert_eq!(uart().name(), "pl011@9000000");
}

#[test]
fn raw_writes_keep_newlines_as_they_are() {
    let uart = uart();
    uart.write_raw(b"a\r\nb\n");
    assert_eq!(uart.regs_for_test().dr_bytes(), b"a\r\nb\n");
}

#[test]
fn receive_interrupts_are_cleared_then_unmasked_and_cleared_again() {
    let uart = uart();
    let receive = regs::INT_RX | regs::INT_RT;
    assert!(uart.enable_receive_interrupt());
    assert_eq!(
        uart.regs_for_test().writes(),
        [(regs::ICR, receive), (regs::IMSC, receive)]
    );
    uart.clear_receive_interrupt();
    assert_eq!(uart.regs_for_test().writes()[2], (regs::ICR, receive));
}
