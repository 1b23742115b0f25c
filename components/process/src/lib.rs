//! Processes for Lichen: the process table (pids, thread groups, sessions, exit and wait),
//! credentials, resource limits, file-descriptor tables and signals, as Linux 6.1 does them.
//!
//! The component is pure state and rules: it never sleeps, switches or touches user memory.
//! The kernel calls it under one lock ([`Processes`]) and does the machine parts (context
//! switch, EL0 entry, copying frames to the user stack); the table tells it whom to wake
//! ([`kernel_core::services::process::Wakeup`]). Every value and errno is Linux's; the
//! sources are listed in `docs/contracts/process.md`.
#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod credentials;
pub mod fd_table;
pub mod pid;
pub mod rlimit;
pub mod service;
pub mod signal;
pub mod table;
pub mod wait;

#[cfg(test)]
mod tests;

pub use credentials::Credentials;
pub use fd_table::FdTable;
pub use kernel_core::services::process::{Pid, Signal};
pub use pid::PidAllocator;
pub use rlimit::{Resource, Rlimit, Rlimits};
pub use service::{Processes, ProcessesCaps};
pub use signal::{SigAction, SigInfo, SigSet};
pub use table::ProcessTable;
