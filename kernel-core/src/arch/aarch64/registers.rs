//! Small system-register reads that several modules need.

use aarch64_cpu::registers::{Readable, ESR_EL1, FAR_EL1, MPIDR_EL1};

/// The syndrome of the exception being handled.
pub fn esr_el1() -> u64 {
    ESR_EL1.get()
}

/// The faulting virtual address of the abort being handled.
pub fn far_el1() -> u64 {
    FAR_EL1.get()
}

/// The calling CPU's affinity (Aff3..Aff0), the value DTB `cpu` nodes use in `reg`.
pub fn mpidr_affinity() -> u64 {
    MPIDR_EL1.get() & 0xff_00ff_ffff
}
