//! Lichen: assembles the selected board's components into a kernel.
//!
//! Everything here is wiring: it builds each component with exactly the capabilities it may
//! use, in boot order. Algorithms live in the component crates.
#![no_std]
#![no_main]
#![deny(unsafe_op_in_unsafe_fn)]

extern crate alloc;

#[cfg(feature = "board-imx8m")]
use board_imx8m as board;
#[cfg(feature = "board-jetson-nano")]
use board_jetson_nano as board;
#[cfg(feature = "board-kria-kv260")]
use board_kria_kv260 as board;
#[cfg(feature = "board-qemu-virt")]
use board_qemu_virt as board;
#[cfg(feature = "board-rpi4")]
use board_rpi4 as board;

mod console;
mod devices;
mod dtb;
mod events;
mod exec;
mod fatal;
mod init;
mod kernel;
mod memory;
mod panic;
mod power;
mod primary;
mod process;
mod procfs_source;
mod rootfs;
mod selftest;
mod smp;
mod task;
mod terminal;
mod user;
mod vdso;

include!(concat!(env!("OUT_DIR"), "/board.rs"));

/// The kernel heap: bootstrapped from the image's bss, then grown from the frame allocator.
#[global_allocator]
static HEAP: mm::KernelHeap = mm::KernelHeap::new();
