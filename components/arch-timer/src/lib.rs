//! Driver for the Arm generic timer (per-CPU virtual timer and system counter).
#![no_std]
#![forbid(unsafe_code)]
