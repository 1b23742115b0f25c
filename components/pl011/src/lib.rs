//! Driver for the Arm PL011 UART.
//!
//! [`Pl011::new`] wraps a port without touching it (the early console, on a UART the firmware
//! set up); [`DRIVER`] probes `arm,pl011` nodes into a [`Device::Console`] after a full
//! [`Pl011::init`]. Output is polled, so the console works with interrupts masked.
#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod regs;
mod uart;

#[cfg(test)]
mod tests;

pub use regs::Registers;
pub use uart::{BaudDivisor, Pl011, Pl011Error, TX_SPIN_LIMIT};

use alloc::sync::Arc;
use kernel_core::driver::{Device, DeviceClass, DeviceNode, Driver, ProbeContext, ProbeError};

/// Baud rate used when the node has no `current-speed`.
pub const DEFAULT_BAUD: u32 = 115_200;

/// The PL011 driver.
///
/// Only `arm,pl011` is matched: `arm,primecell` is the generic tag of every PrimeCell device
/// (the PL031 RTC and PL061 GPIO of QEMU `virt` carry it too), so matching it would claim them.
pub static DRIVER: Driver = Driver {
    name: "pl011",
    class: DeviceClass::Console,
    compatible: &["arm,pl011"],
    probe,
};

/// Maps `reg[0]`, initialises the port (programming the divisor only when the node states its
/// `clock-frequency`) and returns it as a console.
fn probe(node: &DeviceNode, ctx: &dyn ProbeContext) -> Result<Device, ProbeError> {
    let range = *node
        .reg
        .first()
        .ok_or(ProbeError::Invalid("pl011: no reg"))?;
    if range.size < regs::REGISTER_SPAN as u64 {
        return Err(ProbeError::Invalid(
            "pl011: reg smaller than the register file",
        ));
    }
    let window = ctx.map_mmio(range)?;
    if window.len() < regs::REGISTER_SPAN {
        return Err(ProbeError::Resource(
            "pl011: mapped window smaller than the register file",
        ));
    }
    let uart = Pl011::new(window);
    let baud = node.current_speed.unwrap_or(DEFAULT_BAUD);
    let clock_hz = node
        .clock_frequency
        .filter(|&clock| match BaudDivisor::new(clock, baud) {
            Ok(_) => true,
            Err(error) => {
                log::warn!("{}: {error}; keeping the firmware's baud rate", node.path);
                false
            }
        });
    if let Err(error) = uart.init(clock_hz, baud) {
        log::warn!("{}: {error}", node.path);
    }
    Ok(Device::Console(Arc::new(uart)))
}
