//! The NVIDIA Jetson Nano (Tegra210, P3450): NS16550 UART-A console, GIC-400, the Arm generic timer, PSCI.
//!
//! A board is a manifest: which drivers are compiled in, which UART speaks before the device
//! tree is read, and the default component settings. The kernel binary does the wiring.
#![no_std]
#![forbid(unsafe_code)]

use kernel_core::cap::MmioRegion;
use kernel_core::driver::Driver;
use kernel_core::services::chardev::CharDevice;
use kernel_core::sync::Once;

/// Physical address of the UART used before (or without) a usable device tree: UART-A (`serial0`, `ttyS0`, the J50 debug header pins 3/4), 4-byte register stride.
pub const EARLY_UART_PHYS: u64 = 0x7000_6000;
/// Size of the early UART's register window.
pub const EARLY_UART_SIZE: usize = 0x40;
/// Linux's name for the console port (for `console=` on the command line).
pub const CONSOLE_TTY: &str = "ttyS0";
/// The console's line settings, as the boot loader leaves them: 115200 8N1.
pub const CONSOLE_BAUD: u32 = 115_200;
/// Where RAM starts. DRAM starts at 0x8000_0000 (4 GiB on the P3450); the boot loader carves its carve-outs out of `/memory`.
pub const RAM_BASE: u64 = 0x8000_0000;
/// How the secondary CPUs start. PSCI over SMC (TF-A): four Cortex-A57.
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
    ("console", "ttyS0 through the tty line discipline"),
];

/// The drivers this board compiles in, matched against the device tree by `compatible`.
pub static DRIVERS: &[&Driver] = &[&ns16550::DRIVER, &gic::DRIVER, &arch_timer::DRIVER];

static EARLY_CONSOLE: Once<ns16550::Ns16550> = Once::new();

/// UART-A's layout: `reg-shift = <2>`, byte accesses.
pub const EARLY_UART_LAYOUT: ns16550::Layout = ns16550::Layout {
    shift: 2,
    wide: false,
};

/// The early console over the UART at [`EARLY_UART_PHYS`], mapped by the caller; the boot
/// loader set it up, so it is used as found.
pub fn early_console(regs: MmioRegion) -> &'static dyn CharDevice {
    EARLY_CONSOLE.call_once(|| ns16550::Ns16550::new(regs, EARLY_UART_LAYOUT))
}
