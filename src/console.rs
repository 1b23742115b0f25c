//! The console: the board's early UART first, the device tree's UART once probed.

use crate::board;
use kernel_core::cap::{MintAuthority, MmioRegion};
use kernel_core::layout::phys_to_linear;
use kernel_core::services::chardev::CharDevice;
use kernel_core::sync::Once;
use kernel_core::{PhysAddr, VirtAddr};
use tty::{Console, ConsoleCaps};

static CONSOLE: Once<Console> = Once::new();

/// Brings up the early console through the boot tables' linear map (Device memory) and makes
/// it the logger and the exception-report console.
pub fn init_early(authority: &MintAuthority) -> &'static Console {
    // SAFETY: the boot tables map every GiB outside the image and DTB as Device memory at
    // phys + LINEAR_MAP_BASE, and the board names the UART's register window; nothing else
    // uses that window as memory.
    let regs = unsafe {
        MmioRegion::new(
            authority,
            VirtAddr::new(phys_to_linear(board::EARLY_UART_PHYS)),
            PhysAddr::new(board::EARLY_UART_PHYS),
            board::EARLY_UART_SIZE,
        )
    };
    let device = board::early_console(regs);
    install(device)
}

fn install(device: &'static dyn CharDevice) -> &'static Console {
    let console = CONSOLE.call_once(|| Console::new(ConsoleCaps { device }));
    kernel_core::arch::aarch64::exception::set_report_console(device);
    if log::set_logger(console).is_ok() {
        log::set_max_level(log::LevelFilter::Info);
    }
    console
}

/// The console, once [`init_early`] ran.
pub fn get() -> Option<&'static Console> {
    CONSOLE.get()
}

/// Prints to the console (nothing before it exists).
#[macro_export]
macro_rules! kprint {
    ($($arg:tt)*) => {
        if let Some(console) = $crate::console::get() {
            console.print(format_args!($($arg)*));
        }
    };
}
