//! The devices devtmpfs offers: memory devices, random numbers, the console.

mod chacha;
mod console;
mod memory;
mod random;

pub use console::{ConsoleDevice, StaticCharDevice};
pub use memory::{FullDevice, NullDevice, ZeroDevice};
pub use random::RandomDevice;

use kernel_core::services::vfs::DeviceId;

/// `/dev/null` (1:3).
pub const NULL: DeviceId = DeviceId::new(1, 3);
/// `/dev/zero` (1:5).
pub const ZERO: DeviceId = DeviceId::new(1, 5);
/// `/dev/full` (1:7).
pub const FULL: DeviceId = DeviceId::new(1, 7);
/// `/dev/random` (1:8).
pub const RANDOM: DeviceId = DeviceId::new(1, 8);
/// `/dev/urandom` (1:9).
pub const URANDOM: DeviceId = DeviceId::new(1, 9);
/// `/dev/tty` (5:0).
pub const TTY: DeviceId = DeviceId::new(5, 0);
/// `/dev/console` (5:1).
pub const CONSOLE: DeviceId = DeviceId::new(5, 1);
