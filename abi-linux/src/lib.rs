//! The Linux AArch64 system-call layer: one declarative table from syscall number to handler.
//!
//! [`table`] holds one row per syscall number; the [`syscall_table!`] macro turns it into the
//! number constants ([`table::nr`]), the metadata `docs/syscalls.md` is generated from
//! ([`table::SYSCALLS`]) and [`table::dispatch`], the single place where an `Errno` becomes
//! `-errno` and where an unknown number becomes `-ENOSYS` (logged once per number).
//! Handlers live in files by family (`time/`, `sched/`, ...), take typed arguments
//! ([`args`]) and reach components only through the [`context::SyscallContext`] they are given.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod args;
pub mod context;
pub mod events;
pub mod fs;
mod macros;
pub mod misc;
pub mod mm;
pub mod net;
pub mod process;
pub mod sched;
pub mod table;
pub mod time;
mod unknown;

/// What the documentation generator knows of one row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SyscallInfo {
    /// Linux's name, e.g. `clock_gettime`.
    pub name: &'static str,
    /// The AArch64 number.
    pub number: usize,
    /// The argument names, in register order.
    pub args: &'static [&'static str],
    /// The handler's path, e.g. `time::clock_gettime`; empty when not implemented.
    pub handler: &'static str,
    /// Whether a handler exists; the others return `-ENOSYS`.
    pub implemented: bool,
}

#[cfg(test)]
mod tests;
