//! Time syscalls.

mod clock;

pub use clock::{clock_gettime, Timespec};
