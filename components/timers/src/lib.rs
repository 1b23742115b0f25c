//! Kernel time: the periodic tick, uptime and per-CPU tick counts.
#![no_std]
#![forbid(unsafe_code)]
