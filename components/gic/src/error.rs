//! Why a GIC cannot be brought up.

use kernel_core::driver::ProbeError;

/// A GIC construction failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GicError {
    /// A register window is smaller than the registers the driver uses.
    #[error("{block} window is {got:#x} bytes, need {needed:#x}")]
    WindowTooSmall {
        /// Which block (`distributor`, `CPU interface`, `redistributor`).
        block: &'static str,
        /// Bytes the driver needs.
        needed: usize,
        /// Bytes mapped.
        got: usize,
    },
    /// No redistributor frame carries the affinity of the CPU doing the probe.
    #[error("no redistributor for the boot CPU (MPIDR {mpidr:#x})")]
    NoRedistributor {
        /// The boot CPU's MPIDR.
        mpidr: u64,
    },
    /// The GICv3 CPU interface cannot be reached through system registers on this machine.
    #[error("GICv3 system-register interface unavailable")]
    NoSystemRegisters,
}

impl From<GicError> for ProbeError {
    fn from(error: GicError) -> Self {
        match error {
            GicError::WindowTooSmall { .. } => {
                ProbeError::Invalid("gic: register window too small")
            }
            GicError::NoRedistributor { .. } => {
                ProbeError::Invalid("gic: no redistributor for the boot CPU")
            }
            GicError::NoSystemRegisters => {
                ProbeError::Resource("gic: GICv3 system-register interface unavailable")
            }
        }
    }
}

/// Fails with [`GicError::WindowTooSmall`] unless `got >= needed`.
pub(crate) fn require_size(block: &'static str, got: usize, needed: usize) -> Result<(), GicError> {
    if got >= needed {
        Ok(())
    } else {
        Err(GicError::WindowTooSmall { block, needed, got })
    }
}
