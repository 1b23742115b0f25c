//! The two ways the kernel gives up: a fatal boot error and a panic. Both print one
//! `lichen: fatal:` line naming the cause and halt the CPU.

use core::fmt::Write;
use kernel_core::arch::aarch64::exception::{halt, ReportWriter};

/// Prints `lichen: fatal: <message>` and halts this CPU.
pub fn fatal(message: core::fmt::Arguments<'_>) -> ! {
    let _ = writeln!(ReportWriter, "lichen: fatal: {message}");
    halt()
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    let cpu = kernel_core::arch::cpu_index();
    let _ = writeln!(ReportWriter, "\nlichen: fatal: panic on cpu{cpu}: {info}");
    halt()
}
