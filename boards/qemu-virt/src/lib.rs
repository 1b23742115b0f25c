//! The QEMU virt board: its drivers, early console, and wiring.
#![no_std]
#![forbid(unsafe_code)]
