//! Time syscalls.

mod clock;
mod sleep;

pub use clock::{clock_gettime, Timespec};
pub use sleep::{clock_nanosleep, nanosleep};
