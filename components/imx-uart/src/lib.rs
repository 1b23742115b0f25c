//! Driver for the NXP i.MX UART (`fsl,imx21-uart` family: `fsl,imx6q-uart`, `fsl,imx8mp-uart`,
//! `fsl,imx8mq-uart`...), the console of i.MX8M boards (`ttymxc1` on the 8M Plus EVK, UART2).
//!
//! [`ImxUart::new`] wraps the port; [`ImxUart::enable`] sets only the enable bits (an early
//! console on a port U-Boot set up, or one fresh out of reset as on QEMU). [`DRIVER`] probes the
//! DTB node into a [`Device::Console`] after [`ImxUart::init`]. Baud rate and reference clock stay
//! as the boot loader set them: the DTB names the clocks only by phandle.
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

/// Status polls before a byte is given up.
pub const TX_SPIN_LIMIT: u32 = 1 << 20;

/// The i.MX UART driver. Every i.MX UART node lists one of these as its last compatible.
pub static DRIVER: Driver = Driver {
    name: "imx-uart",
    class: DeviceClass::Console,
    compatible: &["fsl,imx21-uart", "fsl,imx6q-uart", "fsl,imx53-uart"],
    probe,
};

fn probe(node: &DeviceNode, ctx: &dyn ProbeContext) -> Result<Device, ProbeError> {
    let range = *node
        .reg
        .first()
        .ok_or(ProbeError::Invalid("imx-uart: no reg"))?;
    if range.size < regs::REGISTER_SPAN as u64 {
        return Err(ProbeError::Invalid(
            "imx-uart: reg smaller than the registers",
        ));
    }
    let window = ctx.map_mmio(range)?;
    if window.len() < regs::REGISTER_SPAN {
        return Err(ProbeError::Resource("imx-uart: mapped window too small"));
    }
    let uart = ImxUart::new(window);
    uart.init();
    Ok(Device::Console(Arc::new(uart)))
}

/// An i.MX UART behind the register window `R`.
pub struct ImxUart<R: Registers = MmioRegion> {
    regs: R,
    name: heapless::String<32>,
}

impl ImxUart<MmioRegion> {
    /// Wraps the port behind `regs` without touching it. Allocates nothing.
    pub fn new(regs: MmioRegion) -> Self {
        let base = regs.phys().as_u64();
        Self::with_registers(regs, base)
    }
}

/// The `UCR2` bits a working 8-bit port needs.
const UCR2_RUNNING: u32 =
    regs::UCR2_SRST | regs::UCR2_RXEN | regs::UCR2_TXEN | regs::UCR2_WS | regs::UCR2_IRTS;

impl<R: Registers> ImxUart<R> {
    /// Wraps a port behind any register window; `base` is its physical address, for the name.
    pub fn with_registers(regs: R, base: u64) -> Self {
        let mut name = heapless::String::new();
        // "imx-uart@" plus at most 16 hex digits fits in 32 bytes.
        let _ = write!(name, "imx-uart@{base:x}");
        Self { regs, name }
    }

    /// Sets `UCR1.UARTEN` and the running bits of `UCR2`, changing nothing else.
    pub fn enable(&self) {
        let ucr1 = self.regs.read32(regs::UCR1);
        if ucr1 & regs::UCR1_UARTEN == 0 {
            self.regs.write32(regs::UCR1, ucr1 | regs::UCR1_UARTEN);
        }
        let ucr2 = self.regs.read32(regs::UCR2);
        if ucr2 & UCR2_RUNNING != UCR2_RUNNING {
            self.regs.write32(regs::UCR2, ucr2 | UCR2_RUNNING);
        }
    }

    /// Full setup: every interrupt and DMA request off, then [`Self::enable`].
    pub fn init(&self) {
        let ucr1 = self.regs.read32(regs::UCR1);
        self.regs.write32(regs::UCR1, ucr1 & !regs::UCR1_INTERRUPTS);
        let ucr4 = self.regs.read32(regs::UCR4);
        self.regs.write32(regs::UCR4, ucr4 & !regs::UCR4_INTERRUPTS);
        self.enable();
    }

    /// The register window (for tests that inspect a model).
    #[cfg(test)]
    pub(crate) fn regs_for_test(&self) -> &R {
        &self.regs
    }

    fn put(&self, byte: u8) -> bool {
        let ready = kernel_core::services::chardev::spin_until(TX_SPIN_LIMIT, || {
            self.regs.read32(regs::UTS) & regs::UTS_TXFULL == 0
        });
        if ready {
            self.regs.write32(regs::UTXD, u32::from(byte));
        }
        ready
    }
}

impl<R: Registers> CharDevice for ImxUart<R> {
    fn name(&self) -> &str {
        &self.name
    }

    /// Sends `bytes`, each `\n` as `\r\n`; a FIFO full for [`TX_SPIN_LIMIT`] polls drops the
    /// rest.
    fn write(&self, bytes: &[u8]) {
        kernel_core::services::chardev::write_crlf(bytes, |byte| self.put(byte));
    }

    /// Takes one byte when `USR2.RDR` is set; a break yields `None`.
    fn try_read(&self) -> Option<u8> {
        if self.regs.read32(regs::USR2) & regs::USR2_RDR == 0 {
            return None;
        }
        let data = self.regs.read32(regs::URXD);
        if data & regs::URXD_BRK != 0 {
            return None;
        }
        Some((data & 0xff) as u8)
    }
}
