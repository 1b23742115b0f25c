//! Driver for the BCM2835/BCM2711 "mini-UART" (`brcm,bcm2835-aux-uart`), the Raspberry Pi 4's
//! default console (`serial1`, GPIO 14/15).
//!
//! [`MiniUart::new`] wraps the port without touching it (the firmware set it up when
//! `enable_uart=1`); [`DRIVER`] probes the DTB node into a [`Device::Console`] after
//! [`MiniUart::init`]. The baud divisor depends on the VPU clock, which the DTB gives only as a
//! clock phandle, so it is programmed only when the node states `clock-frequency`.
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
pub use regs::Registers;

/// Baud rate used when the node has no `current-speed`.
pub const DEFAULT_BAUD: u32 = 115_200;
/// Line-status polls before a byte is given up, so a dead port cannot hang the kernel.
pub const TX_SPIN_LIMIT: u32 = 1 << 20;

/// The mini-UART driver.
pub static DRIVER: Driver = Driver {
    name: "bcm2835-aux-uart",
    class: DeviceClass::Console,
    compatible: &["brcm,bcm2835-aux-uart"],
    probe,
};

/// The `AUX_MU_BAUD` value for `baud` from the system clock, if it fits in 16 bits.
pub fn baud_divisor(clock_hz: u32, baud: u32) -> Option<u16> {
    let per_tick = u64::from(baud).checked_mul(8).filter(|&t| t > 0)?;
    let divisor = (u64::from(clock_hz) + per_tick / 2) / per_tick;
    u16::try_from(divisor.checked_sub(1)?).ok()
}

fn probe(node: &DeviceNode, ctx: &dyn ProbeContext) -> Result<Device, ProbeError> {
    let range = *node
        .reg
        .first()
        .ok_or(ProbeError::Invalid("mini-uart: no reg"))?;
    if range.size < regs::REGISTER_SPAN as u64 {
        return Err(ProbeError::Invalid(
            "mini-uart: reg smaller than the registers",
        ));
    }
    let window = ctx.map_mmio(range)?;
    if window.len() < regs::REGISTER_SPAN {
        return Err(ProbeError::Resource("mini-uart: mapped window too small"));
    }
    let uart = MiniUart::new(window);
    let baud = node.current_speed.unwrap_or(DEFAULT_BAUD);
    let divisor = node.clock_frequency.and_then(|clock| {
        let divisor = baud_divisor(clock, baud);
        if divisor.is_none() {
            log::warn!("{}: {baud} baud unreachable from {clock} Hz", node.path);
        }
        divisor
    });
    uart.init(divisor);
    Ok(Device::Console(Arc::new(uart)))
}

/// A mini-UART behind the register window `R`.
pub struct MiniUart<R: Registers = MmioRegion> {
    regs: R,
    name: heapless::String<40>,
}

impl MiniUart<MmioRegion> {
    /// Wraps the port behind `regs` without touching it (early console). Allocates nothing.
    pub fn new(regs: MmioRegion) -> Self {
        let base = regs.phys().as_u64();
        Self::with_registers(regs, base)
    }
}

impl<R: Registers> MiniUart<R> {
    /// Wraps a port behind any register window; `base` is its physical address, for the name.
    pub fn with_registers(regs: R, base: u64) -> Self {
        let mut name = heapless::String::new();
        // "bcm2835-aux-uart@" plus at most 16 hex digits fits in 40 bytes.
        let _ = write!(name, "bcm2835-aux-uart@{base:x}");
        Self { regs, name }
    }

    /// Full setup: interrupts off, 8 data bits, FIFOs cleared, the divisor programmed when
    /// given (else the firmware's is kept), then receiver and transmitter on.
    pub fn init(&self, divisor: Option<u16>) {
        self.wait_for(regs::LSR_TX_EMPTY);
        self.regs.write32(regs::CNTL, 0);
        self.regs.write32(regs::IER, 0);
        self.regs.write32(regs::LCR, regs::LCR_8BIT);
        self.regs.write32(regs::MCR, 0);
        self.regs.write32(regs::IIR, regs::IIR_CLEAR_FIFOS);
        if let Some(divisor) = divisor {
            self.regs.write32(regs::BAUD, u32::from(divisor));
        }
        self.regs
            .write32(regs::CNTL, regs::CNTL_RX_ENABLE | regs::CNTL_TX_ENABLE);
    }

    /// The register window (for tests that inspect a model).
    #[cfg(test)]
    pub(crate) fn regs_for_test(&self) -> &R {
        &self.regs
    }

    /// Polls `LSR` until `bit` is set; `false` after [`TX_SPIN_LIMIT`] polls.
    fn wait_for(&self, bit: u32) -> bool {
        kernel_core::services::chardev::spin_until(TX_SPIN_LIMIT, || {
            self.regs.read32(regs::LSR) & bit != 0
        })
    }

    fn put(&self, byte: u8) -> bool {
        let ready = self.wait_for(regs::LSR_TX_EMPTY);
        if ready {
            self.regs.write32(regs::IO, u32::from(byte));
        }
        ready
    }
}

impl<R: Registers> CharDevice for MiniUart<R> {
    fn name(&self) -> &str {
        &self.name
    }

    /// Sends `bytes`, each `\n` as `\r\n`; a transmitter stuck for [`TX_SPIN_LIMIT`] polls
    /// drops the rest of the call.
    fn write(&self, bytes: &[u8]) {
        kernel_core::services::chardev::write_crlf(bytes, |byte| self.put(byte));
    }

    fn try_read(&self) -> Option<u8> {
        if self.regs.read32(regs::LSR) & regs::LSR_DATA_READY == 0 {
            return None;
        }
        Some((self.regs.read32(regs::IO) & 0xff) as u8)
    }
}
