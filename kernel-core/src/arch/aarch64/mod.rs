//! AArch64: boot, exception vectors, MMU, PSCI, CPU primitives.

pub mod boot;
pub mod context;
pub mod cpu;
pub mod exception;
pub mod icc;
pub mod mmu;
pub mod psci;
pub mod registers;
pub mod string;
