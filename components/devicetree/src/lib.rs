//! Reads the flattened device tree: memory, CPUs, chosen, and device nodes.
//!
//! Two entry points, for two moments of boot:
//!
//! - [`parse_platform`] runs before the heap exists and fills a fixed-capacity
//!   [`kernel_core::platform::PlatformInfo`] (memory, reservations, `/chosen`, CPUs, PSCI).
//! - [`device_nodes`] runs with the heap and lists every enabled node with `compatible` as a
//!   [`kernel_core::driver::DeviceNode`], `reg` translated to CPU physical addresses.
//!
//! Before either, the kernel turns the boot loader's pointer into a slice with the checks of
//! [`header`] ([`check_dtb_address`], [`dtb_total_size`]).
//!
//! The parser is this crate's own safe code: `fdt-rs` 0.4.5 rejects node names longer than 30
//! bytes (the Jetson Nano's `external-memory-controller@7001b000`), panics on a truncated
//! structure block in debug builds (`debug_assert!` in `next_devtree_token`), and needs `unsafe`
//! to construct; see `docs/contracts/devicetree.md`. Every offset is checked, every loop
//! advances through the blob, and nesting is limited to [`MAX_DEPTH`], so no blob can make it
//! panic, read outside the slice or loop forever.
#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod cells;
mod chosen;
mod devices;
pub mod error;
mod fdt;
pub mod header;
mod node;
mod platform;
mod token;

pub use devices::{device_nodes, devices, find_device_by_path, MAX_PATH_LEN};
pub use error::{Block, DtbError, Malformation, NodeName};
pub use fdt::{node_phandle, AllNodes, Fdt};
pub use header::{
    check_dtb_address, dtb_total_size, validate_header, DtbHeader, DTB_ALIGN, FDT_MAGIC,
    HEADER_SIZE, MAX_DTB_SIZE,
};
pub use node::{Children, Node, Properties, Property};
pub use platform::{parse_platform, platform_info};

/// The most levels of node nesting accepted, the root counting as one (Linux's `FDT_MAX_DEPTH`).
pub const MAX_DEPTH: usize = 64;
