//! File syscalls: read/write, stat, readlink.

mod rw;
mod stat;

pub use rw::{read, write};
pub use stat::{fstat, newfstatat, readlinkat, Stat};
