//! Host tests of the Cadence UART against a register model with the real reset behaviour.

use crate::regs::{self, Registers};
use crate::{CadenceUart, DRIVER};
use kernel_core::driver::DeviceNode;
use kernel_core::services::chardev::CharDevice;
use std::collections::VecDeque;
use std::sync::Mutex;

/// Registers as values, a write log, the transmit output and a receive queue. `CR` models the
/// self-clearing reset bits and `TX_EN` gating like the hardware (and QEMU's model).
struct Model {
    cr: u32,
    writes: Vec<(usize, u32)>,
    sent: Vec<u8>,
    rx: VecDeque<u8>,
    txfull_polls: u32,
}

struct ModelRegs(Mutex<Model>);

impl ModelRegs {
    /// Reset state: `CR` = 0x128 (TX_DIS | RX_DIS | STOPBRK).
    fn new() -> Self {
        Self(Mutex::new(Model {
            cr: 0x128,
            writes: Vec::new(),
            sent: Vec::new(),
            rx: VecDeque::new(),
            txfull_polls: 0,
        }))
    }
}

impl Registers for ModelRegs {
    fn read32(&self, offset: usize) -> u32 {
        let mut model = self.0.lock().unwrap();
        match offset {
            regs::CR => model.cr,
            regs::SR => {
                let mut sr = 0;
                if model.rx.is_empty() {
                    sr |= regs::SR_RXEMPTY;
                }
                if model.txfull_polls > 0 {
                    model.txfull_polls -= 1;
                    sr |= regs::SR_TXFULL;
                }
                sr
            }
            regs::FIFO => model.rx.pop_front().map_or(0, u32::from),
            _ => 0,
        }
    }

    fn write32(&self, offset: usize, value: u32) {
        let mut model = self.0.lock().unwrap();
        model.writes.push((offset, value));
        match offset {
            regs::CR => model.cr = value & !(regs::CR_TXRST | regs::CR_RXRST),
            regs::FIFO => {
                let enabled = model.cr & regs::CR_TX_EN != 0 && model.cr & regs::CR_TX_DIS == 0;
                if enabled {
                    model.sent.push(value as u8);
                }
            }
            _ => {}
        }
    }
}

fn uart() -> CadenceUart<ModelRegs> {
    CadenceUart::with_registers(ModelRegs::new(), 0xff01_0000)
}

fn sent(uart: &CadenceUart<ModelRegs>) -> Vec<u8> {
    uart.regs_for_test().0.lock().unwrap().sent.clone()
}

#[test]
fn a_port_out_of_reset_sends_nothing_until_enabled() {
    let uart = uart();
    uart.write(b"lost");
    assert!(sent(&uart).is_empty());
    uart.enable_transmitter();
    uart.write(b"ok\n");
    assert_eq!(sent(&uart), b"ok\r\n");
    assert_eq!(uart.name(), "cadence-uart@ff010000");
}

#[test]
fn enable_transmitter_leaves_an_enabled_port_alone() {
    let uart = uart();
    uart.regs_for_test().0.lock().unwrap().cr = regs::CR_TX_EN | regs::CR_RX_EN;
    uart.enable_transmitter();
    assert!(uart.regs_for_test().0.lock().unwrap().writes.is_empty());
}

#[test]
fn init_masks_resets_and_enables() {
    let uart = uart();
    assert!(uart.init());
    let model = uart.regs_for_test().0.lock().unwrap();
    assert_eq!(model.writes.first(), Some(&(regs::IDR, 0x3fff)));
    assert!(model.writes.contains(&(regs::MR, 0x20)), "8N1");
    assert!(model
        .writes
        .iter()
        .any(|&(o, v)| o == regs::CR && v & 0b11 == 0b11));
    assert_eq!(model.cr, 0x114, "TX_EN | RX_EN | STOPBRK");
}

#[test]
fn write_waits_for_room_and_reads_follow_rxempty() {
    let uart = uart();
    uart.init();
    uart.regs_for_test().0.lock().unwrap().txfull_polls = 4;
    uart.write(b"z");
    assert_eq!(sent(&uart), b"z");
    assert_eq!(uart.try_read(), None);
    uart.regs_for_test().0.lock().unwrap().rx.push_back(b'q');
    assert_eq!(uart.try_read(), Some(b'q'));
    assert_eq!(uart.try_read(), None);
}

#[test]
fn matches_the_zynqmp_node() {
    let node = DeviceNode {
        compatible: vec!["xlnx,zynqmp-uart".into(), "cdns,uart-r1p12".into()],
        ..DeviceNode::default()
    };
    assert!(DRIVER.matches(&node));
    let other = DeviceNode {
        compatible: vec!["cdns,ttc".into()],
        ..DeviceNode::default()
    };
    assert!(!DRIVER.matches(&other));
}
