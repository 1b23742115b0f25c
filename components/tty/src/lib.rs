//! The console: log output and the kernel's terminal on a character device.
#![no_std]
#![forbid(unsafe_code)]
