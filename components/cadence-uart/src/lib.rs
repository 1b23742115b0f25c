//! Driver for the Cadence UART (`cdns,uart-r1p12`, `xlnx,xuartps`, `xlnx,zynqmp-uart`), the
//! console of Xilinx ZynqMP boards such as the Kria KV260 (`ttyPS1`, UART1).
//!
//! [`CadenceUart::new`] wraps the port; [`CadenceUart::enable_transmitter`] is the only write an
//! early console makes (QEMU and a cold port reset with the transmitter disabled). [`DRIVER`]
//! probes the DTB node into a [`Device::Console`] after [`CadenceUart::init`]. The baud rate
//! generator is left as the boot loader set it: the DTB names the reference clock only by
//! phandle.
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

/// Status polls before a byte (or a FIFO reset) is given up.
pub const SPIN_LIMIT: u32 = 1 << 20;

/// The Cadence UART driver.
pub static DRIVER: Driver = Driver {
    name: "cadence-uart",
    class: DeviceClass::Console,
    compatible: &[
        "cdns,uart-r1p12",
        "cdns,uart-r1p8",
        "xlnx,xuartps",
        "xlnx,zynqmp-uart",
    ],
    probe,
};

fn probe(node: &DeviceNode, ctx: &dyn ProbeContext) -> Result<Device, ProbeError> {
    let range = *node
        .reg
        .first()
        .ok_or(ProbeError::Invalid("cadence-uart: no reg"))?;
    if range.size < regs::REGISTER_SPAN as u64 {
        return Err(ProbeError::Invalid(
            "cadence-uart: reg smaller than the registers",
        ));
    }
    let window = ctx.map_mmio(range)?;
    if window.len() < regs::REGISTER_SPAN {
        return Err(ProbeError::Resource(
            "cadence-uart: mapped window too small",
        ));
    }
    let uart = CadenceUart::new(window);
    if !uart.init() {
        log::warn!("{}: FIFO reset did not complete", node.path);
    }
    Ok(Device::Console(Arc::new(uart)))
}

/// A Cadence UART behind the register window `R`.
pub struct CadenceUart<R: Registers = MmioRegion> {
    regs: R,
    name: heapless::String<40>,
}

impl CadenceUart<MmioRegion> {
    /// Wraps the port behind `regs` without touching it. Allocates nothing.
    pub fn new(regs: MmioRegion) -> Self {
        let base = regs.phys().as_u64();
        Self::with_registers(regs, base)
    }
}

impl<R: Registers> CadenceUart<R> {
    /// Wraps a port behind any register window; `base` is its physical address, for the name.
    pub fn with_registers(regs: R, base: u64) -> Self {
        let mut name = heapless::String::new();
        // "cadence-uart@" plus at most 16 hex digits fits in 40 bytes.
        let _ = write!(name, "cadence-uart@{base:x}");
        Self { regs, name }
    }

    /// Turns the transmitter on if it is off, changing no other bit (early console).
    pub fn enable_transmitter(&self) {
        let control = self.regs.read32(regs::CR);
        if control & regs::CR_TX_EN == 0 || control & regs::CR_TX_DIS != 0 {
            let control = control & !(regs::CR_TX_DIS | regs::CR_TXRST | regs::CR_RXRST);
            self.regs.write32(regs::CR, control | regs::CR_TX_EN);
        }
    }

    /// Full setup: interrupts off and cleared, both FIFOs reset, 8N1, receiver and transmitter
    /// on. Returns `false` if the FIFO reset bits never cleared (the port is then enabled anyway).
    pub fn init(&self) -> bool {
        self.regs.write32(regs::IDR, regs::ALL_INTERRUPTS);
        self.regs.write32(
            regs::CR,
            regs::CR_TX_DIS | regs::CR_RX_DIS | regs::CR_STOPBRK,
        );
        self.regs.write32(
            regs::CR,
            regs::CR_TXRST | regs::CR_RXRST | regs::CR_TX_DIS | regs::CR_RX_DIS | regs::CR_STOPBRK,
        );
        let reset_done = (0..SPIN_LIMIT)
            .any(|_| self.regs.read32(regs::CR) & (regs::CR_TXRST | regs::CR_RXRST) == 0);
        self.regs.write32(regs::MR, regs::MR_8N1);
        self.regs.write32(regs::ISR, regs::ALL_INTERRUPTS);
        self.regs
            .write32(regs::CR, regs::CR_TX_EN | regs::CR_RX_EN | regs::CR_STOPBRK);
        reset_done
    }

    /// The register window (for tests that inspect a model).
    #[cfg(test)]
    pub(crate) fn regs_for_test(&self) -> &R {
        &self.regs
    }

    fn put(&self, byte: u8) -> bool {
        let ready = kernel_core::services::chardev::spin_until(SPIN_LIMIT, || {
            self.regs.read32(regs::SR) & regs::SR_TXFULL == 0
        });
        if ready {
            self.regs.write32(regs::FIFO, u32::from(byte));
        }
        ready
    }
}

impl<R: Registers> CharDevice for CadenceUart<R> {
    fn name(&self) -> &str {
        &self.name
    }

    /// Sends `bytes`, each `\n` as `\r\n`; a FIFO full for [`SPIN_LIMIT`] polls drops the rest.
    fn write(&self, bytes: &[u8]) {
        kernel_core::services::chardev::write_crlf(bytes, |byte| self.put(byte));
    }

    fn try_read(&self) -> Option<u8> {
        if self.regs.read32(regs::SR) & regs::SR_RXEMPTY != 0 {
            return None;
        }
        Some((self.regs.read32(regs::FIFO) & 0xff) as u8)
    }
}
