//! The Raspberry Pi 4 Model B (BCM2711): mini-UART console, GIC-400, the Arm generic timer, spin-table CPUs.
//!
//! A board is a manifest: which drivers are compiled in, which UART speaks before the device
//! tree is read, and the default component settings. The kernel binary does the wiring.
#![no_std]
#![forbid(unsafe_code)]

use kernel_core::cap::MmioRegion;
use kernel_core::driver::Driver;
use kernel_core::services::chardev::CharDevice;
use kernel_core::sync::Once;

/// Physical address of the UART used before (or without) a usable device tree: the mini-UART (`serial1`, GPIO 14/15), which the firmware sets up with `enable_uart=1`.
pub const EARLY_UART_PHYS: u64 = 0xfe21_5040;
/// Size of the early UART's register window.
pub const EARLY_UART_SIZE: usize = 0x40;
/// Linux's name for the console port (for `console=` on the command line).
pub const CONSOLE_TTY: &str = "ttyS1";
/// The console's line settings, as the boot loader leaves them: 115200 8N1.
pub const CONSOLE_BAUD: u32 = 115_200;
/// Where RAM starts. RAM starts at 0; the firmware fills `/memory` (the DTB in the kernel package says size 0) and reserves its own spin-table page at 0..0x1000.
pub const RAM_BASE: u64 = 0x0;
/// How the secondary CPUs start. Spin table: the firmware (and QEMU's `raspi4b`) parks CPUs 1-3 polling `cpu-release-addr` (0xd8, 0xe0, 0xe8).
pub const CPU_BRING_UP: &str = "spin-table";
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
    ("console", "ttyS1 through the tty line discipline"),
];

/// The drivers this board compiles in, matched against the device tree by `compatible`.
pub static DRIVERS: &[&Driver] = &[
    &bcm2835_aux_uart::DRIVER,
    &pl011::DRIVER,
    &gic::DRIVER,
    &arch_timer::DRIVER,
];

static EARLY_CONSOLE: Once<bcm2835_aux_uart::MiniUart> = Once::new();

/// The early console over the UART at [`EARLY_UART_PHYS`], mapped by the caller; the firmware
/// already set it up, so it is used as found.
pub fn early_console(regs: MmioRegion) -> &'static dyn CharDevice {
    EARLY_CONSOLE.call_once(|| bcm2835_aux_uart::MiniUart::new(regs))
}
