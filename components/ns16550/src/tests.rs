//! Host tests of the NS16550 against a register model: a real 16550's register file (DLAB
//! banking included) behind a byte-addressed window with a stride and access width.

use crate::regs::{self, ByteRegisters, Layout, Registers};
use crate::{divisor, Ns16550, DRIVER};
use kernel_core::driver::DeviceNode;
use kernel_core::services::chardev::CharDevice;
use std::collections::VecDeque;
use std::sync::Mutex;

/// The chip: registers by number, plus what crossed the wire.
#[derive(Default)]
struct Chip {
    ier: u8,
    lcr: u8,
    mcr: u8,
    fcr: u8,
    divisor: [u8; 2],
    sent: Vec<u8>,
    rx: VecDeque<u8>,
    /// LSR reads that report THRE clear.
    busy_polls: u32,
    /// Accesses that were not at a register boundary or had the wrong width.
    bad_accesses: Vec<(usize, usize)>,
}

struct ModelRegs {
    layout: Layout,
    chip: Mutex<Chip>,
}

impl ModelRegs {
    fn new(layout: Layout) -> Self {
        Self {
            layout,
            chip: Mutex::new(Chip::default()),
        }
    }

    /// The register number at `offset` if the access is well formed.
    fn register(&self, offset: usize, width: usize) -> Option<usize> {
        let stride = 1 << self.layout.shift;
        let expected_width = if self.layout.wide { 4 } else { 1 };
        let ok = offset.is_multiple_of(stride) && width == expected_width;
        if !ok {
            self.chip.lock().unwrap().bad_accesses.push((offset, width));
        }
        ok.then_some(offset / stride)
    }

    fn read_register(&self, register: usize) -> u8 {
        let mut chip = self.chip.lock().unwrap();
        let dlab = chip.lcr & regs::LCR_DLAB != 0;
        match register {
            regs::RBR_THR if dlab => chip.divisor[0],
            regs::RBR_THR => chip.rx.pop_front().unwrap_or(0),
            regs::IER if dlab => chip.divisor[1],
            regs::IER => chip.ier,
            regs::LCR => chip.lcr,
            regs::MCR => chip.mcr,
            regs::LSR => {
                let mut lsr = 0;
                if !chip.rx.is_empty() {
                    lsr |= regs::LSR_DATA_READY;
                }
                if chip.busy_polls > 0 {
                    chip.busy_polls -= 1;
                } else {
                    lsr |= regs::LSR_THRE;
                }
                lsr
            }
            _ => 0,
        }
    }

    fn write_register(&self, register: usize, value: u8) {
        let mut chip = self.chip.lock().unwrap();
        let dlab = chip.lcr & regs::LCR_DLAB != 0;
        match register {
            regs::RBR_THR if dlab => chip.divisor[0] = value,
            regs::RBR_THR => chip.sent.push(value),
            regs::IER if dlab => chip.divisor[1] = value,
            regs::IER => chip.ier = value,
            regs::FCR => chip.fcr = value,
            regs::LCR => chip.lcr = value,
            regs::MCR => chip.mcr = value,
            _ => {}
        }
    }
}

impl ByteRegisters for ModelRegs {
    fn read8(&self, offset: usize) -> u8 {
        self.register(offset, 1)
            .map_or(0, |r| self.read_register(r))
    }
    fn write8(&self, offset: usize, value: u8) {
        if let Some(r) = self.register(offset, 1) {
            self.write_register(r, value);
        }
    }
}

impl Registers for ModelRegs {
    fn read32(&self, offset: usize) -> u32 {
        self.register(offset, 4)
            .map_or(0, |r| u32::from(self.read_register(r)))
    }
    fn write32(&self, offset: usize, value: u32) {
        if let Some(r) = self.register(offset, 4) {
            self.write_register(r, value as u8);
        }
    }
}

/// The Jetson Nano's UART-A: `reg-shift = <2>`, no `reg-io-width` (byte accesses).
fn tegra() -> Ns16550<ModelRegs> {
    let layout = Layout::from_node(Some(2), None).unwrap();
    Ns16550::with_registers(ModelRegs::new(layout), layout, 0x7000_6000)
}

fn chip(uart: &Ns16550<ModelRegs>) -> std::sync::MutexGuard<'_, Chip> {
    uart.regs_for_test().chip.lock().unwrap()
}

#[test]
fn tegra_layout_strides_by_four_with_byte_accesses() {
    let layout = Layout::from_node(Some(2), None).unwrap();
    assert_eq!(layout.offset(regs::LSR), 0x14);
    assert_eq!(layout.span(), 0x15);
    assert!(!layout.wide);
    assert_eq!(Layout::from_node(None, None).unwrap().offset(regs::LSR), 5);
    assert!(Layout::from_node(Some(2), Some(4)).unwrap().wide);
    assert_eq!(Layout::from_node(Some(2), Some(2)), None);
    assert_eq!(Layout::from_node(Some(0), Some(4)), None);
    assert_eq!(Layout::from_node(Some(9), None), None);
}

#[test]
fn init_without_clock_keeps_the_divisor_and_sets_8n1() {
    let uart = tegra();
    chip(&uart).divisor = [0x11, 0x00];
    uart.init(None);
    let chip = chip(&uart);
    assert_eq!(chip.divisor, [0x11, 0x00]);
    assert_eq!(chip.lcr, regs::LCR_8N1);
    assert_eq!(chip.ier, 0);
    assert_eq!(chip.fcr, 0b111);
    assert_eq!(chip.mcr, 0b11);
    assert!(chip.bad_accesses.is_empty(), "{:?}", chip.bad_accesses);
}

#[test]
fn init_with_tegra_pllp_clock_programs_the_divisor_behind_dlab() {
    // Tegra210 UART-A runs from PLLP at 408 MHz: 408e6 / (16 * 115200) = 221.35 -> 221.
    assert_eq!(divisor(408_000_000, 115_200), Some(221));
    let uart = tegra();
    uart.init(divisor(408_000_000, 115_200));
    let chip = chip(&uart);
    assert_eq!(chip.divisor, [221, 0]);
    assert_eq!(chip.lcr & regs::LCR_DLAB, 0, "DLAB cleared again");
    assert_eq!(chip.ier, 0, "the divisor byte did not land in IER");
    assert!(chip.sent.is_empty(), "the divisor byte was not transmitted");
}

#[test]
fn writes_wait_for_thre_and_translate_newlines() {
    let uart = tegra();
    uart.init(None);
    chip(&uart).busy_polls = 7;
    uart.write(b"nano\n");
    assert_eq!(chip(&uart).sent, b"nano\r\n");
    assert_eq!(uart.name(), "ns16550@70006000");
}

#[test]
fn a_dead_transmitter_drops_output() {
    let uart = tegra();
    chip(&uart).busy_polls = u32::MAX;
    uart.write(b"abc");
    assert!(chip(&uart).sent.is_empty());
}

#[test]
fn reads_follow_data_ready_in_32_bit_mode_too() {
    let layout = Layout::from_node(Some(2), Some(4)).unwrap();
    let uart = Ns16550::with_registers(ModelRegs::new(layout), layout, 0x1000);
    assert_eq!(uart.try_read(), None);
    chip(&uart).rx.extend(b"hi");
    assert_eq!(uart.try_read(), Some(b'h'));
    assert_eq!(uart.try_read(), Some(b'i'));
    assert_eq!(uart.try_read(), None);
    uart.write(b"!");
    assert_eq!(chip(&uart).sent, b"!");
    assert!(chip(&uart).bad_accesses.is_empty());
}

#[test]
fn matches_tegra_and_generic_nodes() {
    let node = |c: &[&str]| DeviceNode {
        compatible: c.iter().map(|s| s.to_string()).collect(),
        ..DeviceNode::default()
    };
    assert!(DRIVER.matches(&node(&["nvidia,tegra210-uart", "nvidia,tegra20-uart"])));
    assert!(DRIVER.matches(&node(&["ns16550a"])));
    assert!(!DRIVER.matches(&node(&["nvidia,tegra210-hsuart"])));
    assert_eq!(divisor(1_843_200, 115_200), Some(1));
    assert_eq!(divisor(100, 115_200), None);
}
