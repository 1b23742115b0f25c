//! Host tests of the i.MX UART against a register model that, like the hardware (and QEMU's
//! model), transmits only with `UCR1.UARTEN` and `UCR2.TXEN` set.

use crate::regs::{self, Registers};
use crate::{ImxUart, DRIVER};
use kernel_core::driver::DeviceNode;
use kernel_core::services::chardev::CharDevice;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

#[derive(Default)]
struct Model {
    values: HashMap<usize, u32>,
    sent: Vec<u8>,
    rx: VecDeque<u32>,
    txfull_polls: u32,
}

#[derive(Default)]
struct ModelRegs(Mutex<Model>);

impl Registers for ModelRegs {
    fn read32(&self, offset: usize) -> u32 {
        let mut model = self.0.lock().unwrap();
        match offset {
            regs::USR2 => u32::from(!model.rx.is_empty()),
            regs::URXD => model.rx.pop_front().unwrap_or(0),
            regs::UTS if model.txfull_polls > 0 => {
                model.txfull_polls -= 1;
                regs::UTS_TXFULL
            }
            _ => model.values.get(&offset).copied().unwrap_or(0),
        }
    }

    fn write32(&self, offset: usize, value: u32) {
        let mut model = self.0.lock().unwrap();
        if offset == regs::UTXD {
            let ucr1 = model.values.get(&regs::UCR1).copied().unwrap_or(0);
            let ucr2 = model.values.get(&regs::UCR2).copied().unwrap_or(0);
            if ucr1 & regs::UCR1_UARTEN != 0 && ucr2 & regs::UCR2_TXEN != 0 {
                model.sent.push(value as u8);
            }
        } else {
            model.values.insert(offset, value);
        }
    }
}

fn uart() -> ImxUart<ModelRegs> {
    ImxUart::with_registers(ModelRegs::default(), 0x3089_0000)
}

fn sent(uart: &ImxUart<ModelRegs>) -> Vec<u8> {
    uart.regs_for_test().0.lock().unwrap().sent.clone()
}

fn value(uart: &ImxUart<ModelRegs>, offset: usize) -> u32 {
    uart.regs_for_test().read32(offset)
}

#[test]
fn a_port_out_of_reset_transmits_once_enabled() {
    let uart = uart();
    uart.write(b"x");
    assert!(sent(&uart).is_empty());
    uart.enable();
    uart.write(b"imx\n");
    assert_eq!(sent(&uart), b"imx\r\n");
    assert_eq!(value(&uart, regs::UCR2), 0x4027);
    assert_eq!(uart.name(), "imx-uart@30890000");
}

#[test]
fn enable_keeps_the_boot_loaders_other_bits() {
    let uart = uart();
    uart.regs_for_test().write32(regs::UCR2, 1 << 12);
    uart.regs_for_test().write32(regs::UCR1, 1 << 2);
    uart.enable();
    assert_eq!(value(&uart, regs::UCR2), 0x4027 | (1 << 12));
    assert_eq!(value(&uart, regs::UCR1), 1 | (1 << 2));
}

#[test]
fn init_masks_interrupts() {
    let uart = uart();
    uart.regs_for_test()
        .write32(regs::UCR1, regs::UCR1_UARTEN | (1 << 13) | (1 << 9));
    uart.regs_for_test()
        .write32(regs::UCR4, 1 | (1 << 6) | (1 << 10) | (1 << 5));
    uart.init();
    assert_eq!(value(&uart, regs::UCR1), regs::UCR1_UARTEN);
    assert_eq!(
        value(&uart, regs::UCR4),
        (1 << 10) | (1 << 5),
        "CTSTL and IRSC stay; DREN and IDDMAEN go"
    );
}

#[test]
fn write_waits_for_room_and_reads_follow_rdr() {
    let uart = uart();
    uart.init();
    uart.regs_for_test().0.lock().unwrap().txfull_polls = 3;
    uart.write(b"w");
    assert_eq!(sent(&uart), b"w");
    assert_eq!(uart.try_read(), None);
    uart.regs_for_test().0.lock().unwrap().rx.extend([
        0x8000 | u32::from(b'a'),
        0x8000 | regs::URXD_ERR | regs::URXD_BRK,
    ]);
    assert_eq!(uart.try_read(), Some(b'a'));
    assert_eq!(uart.try_read(), None, "a break carries no character");
}

#[test]
fn matches_imx8m_nodes() {
    for compatible in [
        &["fsl,imx8mp-uart", "fsl,imx6q-uart"][..],
        &["fsl,imx8mq-uart", "fsl,imx6q-uart"][..],
        &["fsl,imx21-uart"][..],
    ] {
        let node = DeviceNode {
            compatible: compatible.iter().map(|s| s.to_string()).collect(),
            ..DeviceNode::default()
        };
        assert!(DRIVER.matches(&node), "{compatible:?}");
    }
}
