//! Driver for the Arm PL031 real-time clock (QEMU `virt`'s RTC).
//!
//! [`DRIVER`] probes `arm,pl031` nodes into a [`Device::Rtc`]: the data register counts
//! seconds since the Unix epoch, which the kernel reads once to set its wall clock.
#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]

extern crate alloc;

use alloc::sync::Arc;
use kernel_core::cap::MmioRegion;
use kernel_core::driver::{Device, DeviceClass, DeviceNode, Driver, ProbeContext, ProbeError};
use kernel_core::services::time::RealTimeClock;

/// `RTCDR`: the current time in seconds (Arm PrimeCell RTC (PL031) TRM, r1p3).
pub const RTCDR: usize = 0x00;
/// `RTCCR`: bit 0 starts the counter (it cannot be stopped once started).
pub const RTCCR: usize = 0x0c;
/// Bytes of register space the driver touches.
pub const REGISTER_SPAN: usize = 0x10;

/// The PL031 driver. Only `arm,pl031` is matched (`arm,primecell` names every PrimeCell).
pub static DRIVER: Driver = Driver {
    name: "pl031",
    class: DeviceClass::Rtc,
    compatible: &["arm,pl031"],
    probe,
};

/// A PL031 behind its register window.
pub struct Pl031 {
    regs: MmioRegion,
}

impl Pl031 {
    /// Wraps the register window and starts the counter if the firmware left it stopped.
    pub fn new(regs: MmioRegion) -> Self {
        if regs.read32(RTCCR) & 1 == 0 {
            regs.write32(RTCCR, 1);
        }
        Self { regs }
    }
}

impl RealTimeClock for Pl031 {
    fn unix_seconds(&self) -> u64 {
        u64::from(self.regs.read32(RTCDR))
    }
}

/// Maps `reg[0]` and returns the clock.
fn probe(node: &DeviceNode, ctx: &dyn ProbeContext) -> Result<Device, ProbeError> {
    let range = *node
        .reg
        .first()
        .ok_or(ProbeError::Invalid("pl031: no reg"))?;
    if range.size < REGISTER_SPAN as u64 {
        return Err(ProbeError::Invalid(
            "pl031: reg smaller than the register file",
        ));
    }
    let window = ctx.map_mmio(range)?;
    if window.len() < REGISTER_SPAN {
        return Err(ProbeError::Resource(
            "pl031: mapped window smaller than the register file",
        ));
    }
    Ok(Device::Rtc(Arc::new(Pl031::new(window))))
}
