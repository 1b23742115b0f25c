//! Driver for NS16550-compatible UARTs (`ns16550a`, `ns16550`, `nvidia,tegra20-uart`): the
//! console of the Jetson Nano (Tegra210 UART-A, `ttyS0`, 4-byte register stride).
//!
//! [`Ns16550::new`] wraps the port without touching it (early console on a port the boot loader
//! set up); [`DRIVER`] probes the DTB node into a [`Device::Console`] after [`Ns16550::init`].
//! The divisor is programmed only when the node states `clock-frequency` (Tegra nodes give the
//! clock by phandle, so the boot loader's baud rate is kept).
#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod regs;

#[cfg(test)]
mod tests;

use alloc::sync::Arc;
use core::fmt::Write as _;
use kernel_core::cap::MmioRegion;
use kernel_core::driver::{Device, DeviceClass, DeviceNode, Driver, ProbeContext, ProbeError};
use kernel_core::services::chardev::CharDevice;
pub use regs::{ByteRegisters, Layout, Registers};

/// Baud rate used when the node has no `current-speed`.
pub const DEFAULT_BAUD: u32 = 115_200;
/// Line-status polls before a byte is given up.
pub const TX_SPIN_LIMIT: u32 = 1 << 20;

/// The NS16550 driver.
pub static DRIVER: Driver = Driver {
    name: "ns16550",
    class: DeviceClass::Console,
    compatible: &["ns16550a", "ns16550", "nvidia,tegra20-uart"],
    probe,
};

/// The 16-bit divisor `clock / (16 * baud)`, rounded; `None` if zero or too large.
pub fn divisor(clock_hz: u32, baud: u32) -> Option<u16> {
    let per_tick = u64::from(baud).checked_mul(16).filter(|&t| t > 0)?;
    let divisor = (u64::from(clock_hz) + per_tick / 2) / per_tick;
    u16::try_from(divisor).ok().filter(|&d| d > 0)
}

fn probe(node: &DeviceNode, ctx: &dyn ProbeContext) -> Result<Device, ProbeError> {
    let layout = Layout::from_node(node.reg_shift, node.reg_io_width).ok_or(
        ProbeError::Invalid("ns16550: unsupported reg-shift or reg-io-width"),
    )?;
    let range = *node
        .reg
        .first()
        .ok_or(ProbeError::Invalid("ns16550: no reg"))?;
    if range.size < layout.span() as u64 {
        return Err(ProbeError::Invalid(
            "ns16550: reg smaller than the registers",
        ));
    }
    let window = ctx.map_mmio(range)?;
    if window.len() < layout.span() {
        return Err(ProbeError::Resource("ns16550: mapped window too small"));
    }
    let uart = Ns16550::new(window, layout);
    let baud = node.current_speed.unwrap_or(DEFAULT_BAUD);
    let divisor = node.clock_frequency.and_then(|clock| {
        let value = divisor(clock, baud);
        if value.is_none() {
            log::warn!("{}: {baud} baud unreachable from {clock} Hz", node.path);
        }
        value
    });
    uart.init(divisor);
    Ok(Device::Console(Arc::new(uart)))
}

/// An NS16550 behind the register window `R`.
pub struct Ns16550<R: ByteRegisters = MmioRegion> {
    regs: R,
    layout: Layout,
    name: heapless::String<32>,
}

impl Ns16550<MmioRegion> {
    /// Wraps the port behind `regs` without touching it. Allocates nothing.
    pub fn new(regs: MmioRegion, layout: Layout) -> Self {
        let base = regs.phys().as_u64();
        Self::with_registers(regs, layout, base)
    }
}

impl<R: ByteRegisters> Ns16550<R> {
    /// Wraps a port behind any register window; `base` is its physical address, for the name.
    pub fn with_registers(regs: R, layout: Layout, base: u64) -> Self {
        let mut name = heapless::String::new();
        // "ns16550@" plus at most 16 hex digits fits in 32 bytes.
        let _ = write!(name, "ns16550@{base:x}");
        Self { regs, layout, name }
    }

    fn read_reg(&self, register: usize) -> u8 {
        let offset = self.layout.offset(register);
        if self.layout.wide {
            (self.regs.read32(offset) & 0xff) as u8
        } else {
            self.regs.read8(offset)
        }
    }

    fn write_reg(&self, register: usize, value: u8) {
        let offset = self.layout.offset(register);
        if self.layout.wide {
            self.regs.write32(offset, u32::from(value));
        } else {
            self.regs.write8(offset, value);
        }
    }

    /// Full setup: interrupts off, the divisor when given, 8N1, FIFOs on and cleared, DTR/RTS.
    pub fn init(&self, divisor: Option<u16>) {
        self.wait_for(regs::LSR_THRE);
        self.write_reg(regs::IER, 0);
        if let Some(divisor) = divisor {
            let [low, high] = divisor.to_le_bytes();
            self.write_reg(regs::LCR, regs::LCR_DLAB | regs::LCR_8N1);
            self.write_reg(regs::RBR_THR, low);
            self.write_reg(regs::IER, high);
        }
        self.write_reg(regs::LCR, regs::LCR_8N1);
        self.write_reg(regs::FCR, regs::FCR_ENABLE_AND_CLEAR);
        self.write_reg(regs::MCR, regs::MCR_DTR_RTS);
    }

    /// The register window (for tests that inspect a model).
    #[cfg(test)]
    pub(crate) fn regs_for_test(&self) -> &R {
        &self.regs
    }

    fn wait_for(&self, bit: u8) -> bool {
        kernel_core::services::chardev::spin_until(TX_SPIN_LIMIT, || {
            self.read_reg(regs::LSR) & bit != 0
        })
    }

    fn put(&self, byte: u8) -> bool {
        let ready = self.wait_for(regs::LSR_THRE);
        if ready {
            self.write_reg(regs::RBR_THR, byte);
        }
        ready
    }
}

impl<R: ByteRegisters> CharDevice for Ns16550<R> {
    fn name(&self) -> &str {
        &self.name
    }

    /// Sends `bytes`, each `\n` as `\r\n`; a transmitter stuck for [`TX_SPIN_LIMIT`] polls
    /// drops the rest of the call.
    fn write(&self, bytes: &[u8]) {
        kernel_core::services::chardev::write_crlf(bytes, |byte| self.put(byte));
    }

    fn try_read(&self) -> Option<u8> {
        if self.read_reg(regs::LSR) & regs::LSR_DATA_READY == 0 {
            return None;
        }
        Some(self.read_reg(regs::RBR_THR))
    }
}
