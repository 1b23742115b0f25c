//! NXP i.MX8M (8M Plus / 8M Quad EVK): i.MX UART console, GICv3, the Arm generic timer, PSCI.
//!
//! A board is a manifest: which drivers are compiled in, which UART speaks before the device
//! tree is read, and the default component settings. The kernel binary does the wiring.
#![no_std]
#![forbid(unsafe_code)]

use kernel_core::cap::MmioRegion;
use kernel_core::driver::Driver;
use kernel_core::services::chardev::CharDevice;
use kernel_core::sync::Once;

/// Physical address of the UART used before (or without) a usable device tree: UART2 (`ttymxc1`), the console of the i.MX 8M Plus EVK (the 8M Quad EVK's is UART1 at 0x3086_0000, used once the DTB is read).
pub const EARLY_UART_PHYS: u64 = 0x3089_0000;
/// Size of the early UART's register window.
pub const EARLY_UART_SIZE: usize = 0x1000;
/// Linux's name for the console port (for `console=` on the command line).
pub const CONSOLE_TTY: &str = "ttymxc1";
/// The console's line settings, as the boot loader leaves them: 115200 8N1.
pub const CONSOLE_BAUD: u32 = 115_200;
/// Where RAM starts. DDR starts at 0x4000_0000 (6 GiB on the 8M Plus EVK, 3 GiB on the 8M Quad EVK).
pub const RAM_BASE: u64 = 0x4000_0000;
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
    ("console", "ttymxc1 through the tty line discipline"),
];

/// The drivers this board compiles in, matched against the device tree by `compatible`.
pub static DRIVERS: &[&Driver] = &[&imx_uart::DRIVER, &gic::DRIVER, &arch_timer::DRIVER];

static EARLY_CONSOLE: Once<imx_uart::ImxUart> = Once::new();

/// The early console over the UART at [`EARLY_UART_PHYS`], mapped by the caller; only its
/// enable bits are set (a port straight out of reset, as on QEMU, needs them).
pub fn early_console(regs: MmioRegion) -> &'static dyn CharDevice {
    EARLY_CONSOLE.call_once(|| {
        let uart = imx_uart::ImxUart::new(regs);
        uart.enable();
        uart
    })
}
