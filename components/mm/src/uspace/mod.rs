//! User address spaces: VMAs, demand paging, copy-on-write fork and the mmap family.
//!
//! One [`AddressSpace`] per process: a [`PageTable`] of the user half whose table pages come
//! from frames ([`FrameTables`]), and a tree of VMAs. All address spaces made by one
//! [`UserMemory`] share its frame reference counts, so pages shared copy-on-write by `fork` are
//! freed when the last mapping goes. Frame contents are reached through the [`FrameMemory`]
//! service, so the same code runs on host fake memory and on the kernel's linear map. The
//! contract is written in `docs/contracts/uspace.md`.
//!
//! [`PageTable`]: kernel_core::paging::PageTable
//! [`FrameTables`]: kernel_core::services::mm::FrameTables

mod advice;
mod api;
mod brk;
mod context;
mod fault;
mod fork;
pub mod layout;
mod mmap;
mod mprotect;
mod mremap;
mod pool;
mod reclaim;
mod refs;
mod space;
mod tables;
mod uaccess;
mod vma;
mod vmas;

#[cfg(test)]
mod tests;

pub use context::{UserMemory, UserMemoryCaps};
pub use space::AddressSpace;
