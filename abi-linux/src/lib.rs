//! The Linux AArch64 system-call table: syscall numbers to component calls.
#![no_std]
#![forbid(unsafe_code)]
