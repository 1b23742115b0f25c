//! The virtual file system: mount tree, path walk, open files, tmpfs, devtmpfs and pipes.
//!
//! [`Vfs`] implements the [`VfsService`](kernel_core::services::vfs::VfsService) contract. It
//! receives everything it uses in [`VfsCaps`] (the time service, the console device, a random
//! seed) and never sleeps: blocking is the caller's, through the contract's `Waker` hook.
//!
//! File systems: tmpfs ([`TmpFs`], also the root `rootfs`), devtmpfs (one shared tmpfs holding
//! the device nodes). Other types, procfs first, plug in with
//! [`Vfs::register_filesystem_type`]; character devices with [`Vfs::register_char_device`].
//!
//! A component crate cannot mint capabilities:
//!
//! ```compile_fail
//! #![forbid(unsafe_code)]
//! let authority = unsafe { kernel_core::cap::MintAuthority::assume() };
//! ```
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

mod anon;
mod clock;
mod devices;
mod file;
mod locks;
mod mount;
mod ops;
mod path;
mod perm;
mod pipe;
mod service;
mod tmpfs;
mod vfs;

pub use clock::WallClock;
pub use devices::{
    ConsoleDevice, FullDevice, NullDevice, RandomDevice, StaticCharDevice, ZeroDevice, CONSOLE,
    FULL, NULL, RANDOM, TTY, URANDOM, ZERO,
};
pub use file::OpenFile;
pub use pipe::PipeEnd;
pub use tmpfs::{TmpFs, TmpFsOptions, TmpInode, TMPFS_MAGIC};
pub use vfs::{Vfs, VfsCaps};
