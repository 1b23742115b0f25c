//! Lichen's contracts: what components promise each other, and the machine layer they stand on.
//!
//! Components depend on this crate and nothing else of Lichen's. Everything a component may use
//! reaches it as a service trait object ([`services`]) or a capability handle ([`cap`]) handed to
//! it at construction by the board's assembly code.
#![cfg_attr(not(test), no_std)]
#![deny(unsafe_op_in_unsafe_fn)]

extern crate alloc;
#[cfg(test)]
extern crate std;

pub mod addr;
pub mod arch;
pub mod cap;
pub mod cmdline;
pub mod dispatch;
pub mod driver;
pub mod errno;
pub mod layout;
pub mod mmio;
pub mod paging;
pub mod percpu;
pub mod platform;
pub mod services;
pub mod sync;
#[cfg(feature = "host-testing")]
pub mod testing;

pub use addr::{PhysAddr, UserAddr, VirtAddr};
pub use errno::Errno;

/// Size of the smallest page and of a physical frame, in bytes.
pub const PAGE_SIZE: usize = 4096;

/// The most CPUs Lichen brings up; per-CPU tables are sized by it.
pub const MAX_CPUS: usize = 16;
