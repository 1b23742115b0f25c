//! AArch64: boot, exception vectors, MMU, PSCI, CPU primitives.

pub mod cpu;
