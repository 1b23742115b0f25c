//! The console (kernel messages through the `log` facade) and the N_TTY line discipline.
//!
//! [`Console`] writes kernel messages to a character device; [`ldisc`] is the terminal that
//! user programs read and write (termios, line editing, echo, job-control signals).
//!
//! The console receives only a character-device capability ([`ConsoleCaps`]); it cannot reach a
//! UART by itself. The board may hand it a better device later (the DTB's UART replacing the
//! early one), again as a capability.
//!
//! A component crate cannot mint the register window a UART driver needs:
//!
//! ```compile_fail
//! #![forbid(unsafe_code)]
//! let authority = unsafe { kernel_core::cap::MintAuthority::assume() };
//! ```
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

mod format;
pub mod ldisc;
pub mod node;
pub mod terminal;

use core::fmt::{self, Write};
use core::sync::atomic::{AtomicU8, Ordering};
use kernel_core::services::chardev::CharDevice;
use kernel_core::sync::IrqSpinLock;

pub use format::prefix_for;

/// What the console may use.
pub struct ConsoleCaps {
    /// Where bytes go.
    pub device: &'static dyn CharDevice,
}

/// The kernel console.
pub struct Console {
    device: IrqSpinLock<&'static dyn CharDevice>,
    max_level: AtomicU8,
}

impl Console {
    /// Builds the console over its device; messages up to `Info` are shown.
    pub const fn new(caps: ConsoleCaps) -> Self {
        Self {
            device: IrqSpinLock::new(caps.device),
            max_level: AtomicU8::new(log::Level::Info as u8),
        }
    }

    /// Switches to another device (e.g. from the early UART to the DTB's).
    pub fn set_device(&self, device: &'static dyn CharDevice) {
        *self.device.lock() = device;
    }

    /// Applies a Linux `loglevel=` value: as in Linux, a message is shown when its level
    /// (error 3, warning 4, info 6, debug 7) is below `loglevel`; the default, 7, shows info.
    pub fn set_linux_loglevel(&self, loglevel: u8) {
        let level = match loglevel {
            0..=3 => log::LevelFilter::Off,
            4 => log::LevelFilter::Error,
            5 | 6 => log::LevelFilter::Warn,
            7 => log::LevelFilter::Info,
            _ => log::LevelFilter::Debug,
        };
        self.max_level.store(level as u8, Ordering::Relaxed);
        log::set_max_level(level);
    }

    /// Writes formatted text, whole, without interleaving with other CPUs' lines.
    pub fn print(&self, args: fmt::Arguments<'_>) {
        let device = self.device.lock();
        let _ = Adapter(*device).write_fmt(args);
    }
}

struct Adapter(&'static dyn CharDevice);

impl Write for Adapter {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        self.0.write(text.as_bytes());
        Ok(())
    }
}

impl log::Log for Console {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        (metadata.level() as u8) <= self.max_level.load(Ordering::Relaxed)
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            self.print(format_args!(
                "{}{}\n",
                prefix_for(record.level()),
                record.args()
            ));
        }
    }

    fn flush(&self) {}
}

#[cfg(test)]
mod terminal_tests;
#[cfg(test)]
mod tests;
