//! Driver for the Arm PL011 UART.
#![no_std]
#![forbid(unsafe_code)]
