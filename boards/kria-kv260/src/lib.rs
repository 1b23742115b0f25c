//! The Kria KV260 (ZynqMP K26 SOM): Cadence UART console, GIC-400, the Arm generic timer, PSCI.
//!
//! A board is a manifest: which drivers are compiled in, which UART speaks before the device
//! tree is read, and the default component settings. The kernel binary does the wiring.
#![no_std]
#![forbid(unsafe_code)]

use kernel_core::cap::MmioRegion;
use kernel_core::driver::Driver;
use kernel_core::services::chardev::CharDevice;
use kernel_core::sync::Once;

/// Physical address of the UART used before (or without) a usable device tree: UART1 (`serial1`, `ttyPS1`, the carrier card's USB-JTAG/UART port).
pub const EARLY_UART_PHYS: u64 = 0xff01_0000;
/// Size of the early UART's register window.
pub const EARLY_UART_SIZE: usize = 0x1000;
/// Linux's name for the console port (for `console=` on the command line).
pub const CONSOLE_TTY: &str = "ttyPS1";
/// The console's line settings, as the boot loader leaves them: 115200 8N1.
pub const CONSOLE_BAUD: u32 = 115_200;
/// Where RAM starts. DDR: 2 GiB at 0 and 2 GiB at 0x8_0000_0000; the PMU firmware and TF-A reserve their own pieces in `/reserved-memory`.
pub const RAM_BASE: u64 = 0x0;
/// How the secondary CPUs start. PSCI over SMC (TF-A): four Cortex-A53.
pub const CPU_BRING_UP: &str = "psci";
/// The periodic tick rate.
pub const TICK_HZ: u32 = 100;
/// The default component set: (role, implementation); each is switched by a feature of the
/// kernel crate (see docs/components.md).
pub const COMPONENTS: &[(&str, &str)] = &[
    (
        "scheduler",
        "round-robin (feature sched-fifo swaps in FIFO)",
    ),
    ("memory", "buddy frame allocator + kernel heap"),
    (
        "root file system",
        "initramfs (newc cpio) in a RAM file system",
    ),
    ("console", "ttyPS1 through the tty line discipline"),
];

/// The drivers this board compiles in, matched against the device tree by `compatible`.
pub static DRIVERS: &[&Driver] = &[&cadence_uart::DRIVER, &gic::DRIVER, &arch_timer::DRIVER];

static EARLY_CONSOLE: Once<cadence_uart::CadenceUart> = Once::new();

/// The early console over the UART at [`EARLY_UART_PHYS`], mapped by the caller. Its
/// transmitter is switched on if it is off (a port straight out of reset, as on QEMU).
pub fn early_console(regs: MmioRegion) -> &'static dyn CharDevice {
    EARLY_CONSOLE.call_once(|| {
        let uart = cadence_uart::CadenceUart::new(regs);
        uart.enable_transmitter();
        uart
    })
}
