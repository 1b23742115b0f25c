//! Host tests of the mini-UART against a register model that records every access.

use crate::regs::{self, Registers};
use crate::{baud_divisor, MiniUart, DRIVER};
use kernel_core::driver::DeviceNode;
use kernel_core::services::chardev::CharDevice;
use std::collections::VecDeque;
use std::sync::Mutex;

/// The model: a write log, a receive queue and a transmitter that may be busy.
#[derive(Default)]
struct Model {
    writes: Vec<(usize, u32)>,
    rx: VecDeque<u8>,
    /// LSR reads that report the transmitter full; `u32::MAX` means forever.
    busy_polls: u32,
}

#[derive(Default)]
struct ModelRegs(Mutex<Model>);

impl Registers for ModelRegs {
    fn read32(&self, offset: usize) -> u32 {
        let mut model = self.0.lock().unwrap();
        match offset {
            regs::LSR => {
                let mut lsr = 0;
                if !model.rx.is_empty() {
                    lsr |= regs::LSR_DATA_READY;
                }
                if model.busy_polls == 0 {
                    lsr |= regs::LSR_TX_EMPTY;
                } else if model.busy_polls != u32::MAX {
                    model.busy_polls -= 1;
                }
                lsr
            }
            regs::IO => model.rx.pop_front().map_or(0, u32::from),
            _ => 0,
        }
    }

    fn write32(&self, offset: usize, value: u32) {
        self.0.lock().unwrap().writes.push((offset, value));
    }
}

fn uart() -> MiniUart<ModelRegs> {
    MiniUart::with_registers(ModelRegs::default(), 0xfe21_5040)
}

fn sent(uart: &MiniUart<ModelRegs>) -> Vec<u8> {
    let model = uart.regs_for_test().0.lock().unwrap();
    model
        .writes
        .iter()
        .filter(|(offset, _)| *offset == regs::IO)
        .map(|&(_, value)| value as u8)
        .collect()
}

#[test]
fn bytes_go_to_io_with_crlf() {
    let uart = uart();
    uart.write(b"Pi\n");
    assert_eq!(sent(&uart), b"Pi\r\n");
    assert_eq!(uart.name(), "bcm2835-aux-uart@fe215040");
}

#[test]
fn write_waits_for_tx_empty_and_gives_up_on_a_dead_port() {
    let uart = uart();
    uart.regs_for_test().0.lock().unwrap().busy_polls = 3;
    uart.write(b"a");
    assert_eq!(sent(&uart), b"a");
    let uart = self::uart();
    uart.regs_for_test().0.lock().unwrap().busy_polls = u32::MAX;
    uart.write(b"abc");
    assert!(sent(&uart).is_empty());
}

#[test]
fn reads_follow_data_ready() {
    let uart = uart();
    assert_eq!(uart.try_read(), None);
    uart.regs_for_test().0.lock().unwrap().rx.extend(b"ok");
    assert_eq!(uart.try_read(), Some(b'o'));
    assert_eq!(uart.try_read(), Some(b'k'));
    assert_eq!(uart.try_read(), None);
}

#[test]
fn init_disables_then_enables_and_keeps_firmware_baud() {
    let uart = uart();
    uart.init(None);
    let writes = uart.regs_for_test().0.lock().unwrap().writes.clone();
    assert_eq!(writes.first(), Some(&(regs::CNTL, 0)));
    assert_eq!(writes.last(), Some(&(regs::CNTL, 0b11)));
    assert!(writes.contains(&(regs::IER, 0)));
    assert!(writes.contains(&(regs::LCR, 0b11)));
    assert!(!writes.iter().any(|(offset, _)| *offset == regs::BAUD));
    let uart = self::uart();
    uart.init(Some(541));
    let writes = uart.regs_for_test().0.lock().unwrap().writes.clone();
    assert!(writes.contains(&(regs::BAUD, 541)));
}

#[test]
fn divisor_for_the_pi4_500mhz_core_clock() {
    // 500 MHz / (8 * 115200) = 542.5 -> 542 - 1 (Raspberry Pi firmware's value for 115200).
    assert_eq!(baud_divisor(500_000_000, 115_200), Some(542));
    assert_eq!(baud_divisor(250_000_000, 115_200), Some(270));
    assert_eq!(baud_divisor(1_000, 115_200), None);
    assert_eq!(baud_divisor(500_000_000, 0), None);
}

#[test]
fn matches_only_the_mini_uart() {
    let node = |compatible: &str| DeviceNode {
        compatible: vec![compatible.into()],
        ..DeviceNode::default()
    };
    assert!(DRIVER.matches(&node("brcm,bcm2835-aux-uart")));
    assert!(!DRIVER.matches(&node("brcm,bcm2835-aux")));
    assert!(!DRIVER.matches(&node("arm,pl011")));
}
