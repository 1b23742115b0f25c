//! The QEMU `virt` board: PL011 console, GICv2 or GICv3, the Arm generic timer, the PL031
//! real-time clock, PSCI.
//!
//! A board is a manifest: which drivers are compiled in, which UART speaks before the device
//! tree is read, and the default component settings. The kernel binary does the wiring.
#![no_std]
#![forbid(unsafe_code)]

use kernel_core::cap::MmioRegion;
use kernel_core::driver::Driver;
use kernel_core::services::chardev::CharDevice;
use kernel_core::sync::Once;

/// Physical address of the UART used before (or without) a usable device tree: QEMU's first
/// PL011, which needs no set-up to transmit.
pub const EARLY_UART_PHYS: u64 = 0x0900_0000;
/// Size of the early UART's register window.
pub const EARLY_UART_SIZE: usize = 0x1000;
/// The periodic tick rate.
pub const TICK_HZ: u32 = 100;

/// The drivers this board compiles in, matched against the device tree.
pub static DRIVERS: &[&Driver] = &[
    &pl011::DRIVER,
    &gic::DRIVER,
    &arch_timer::DRIVER,
    &pl031::DRIVER,
];

static EARLY_CONSOLE: Once<pl011::Pl011> = Once::new();

/// The early console over the UART at [`EARLY_UART_PHYS`], mapped by the caller.
pub fn early_console(regs: MmioRegion) -> &'static dyn CharDevice {
    EARLY_CONSOLE.call_once(|| pl011::Pl011::new(regs))
}
