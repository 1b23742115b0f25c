//! Program loading as pure functions over bytes: ELF, the initial stack, `#!`, the initramfs.
//!
//! Nothing here maps memory or touches a file system: the kernel reads bytes, asks this crate
//! what they mean, and does the mapping and copying itself. Every rule follows Linux 6.1 on
//! arm64 (the oracle kernel); [`linux`] lists the constants with their sources.
//!
//! An `execve` goes:
//!
//! 1. [`ExecArgs::new`] with the filename, `argv`, `envp` and `RLIMIT_STACK` (`E2BIG` rules).
//! 2. For each file of the chain: [`ExecArgs::check_depth`], read its first 256 bytes; if
//!    [`script::parse_shebang`] finds `#!`, [`ExecArgs::apply_script`] and go on with
//!    [`ExecArgs::next_path`]; otherwise [`elf::parse`] the file.
//! 3. Place the program (and its `PT_INTERP` interpreter, parsed the same way):
//!    [`elf::LoadPlan::place`]; map its segments.
//! 4. [`stack::build_initial_stack`] with [`stack::AuxValues`]; copy the bytes below the stack
//!    top and start at the entry with `sp`.
//!
//! At boot, [`initramfs::unpack`] turns the `initrd` image into entries to create in tmpfs.
#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod args;
pub mod elf;
pub mod initramfs;
pub mod linux;
pub mod script;
pub mod stack;

pub use args::{arg_space, ArgsError, ExecArgs};
pub use script::{parse_shebang, ScriptError, Shebang};
