//! PSCI calls (Arm DEN 0022): start a CPU, power the system off or reset it.

use crate::platform::PsciConduit;
use core::arch::asm;

const CPU_ON_64: u64 = 0xc400_0003;
const SYSTEM_OFF: u64 = 0x8400_0008;
const SYSTEM_RESET: u64 = 0x8400_0009;

/// A PSCI error code (negative return values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PsciError {
    /// NOT_SUPPORTED (-1).
    #[error("not supported")]
    NotSupported,
    /// INVALID_PARAMETERS (-2).
    #[error("invalid parameters")]
    InvalidParameters,
    /// DENIED (-3).
    #[error("denied")]
    Denied,
    /// ALREADY_ON (-4).
    #[error("CPU already on")]
    AlreadyOn,
    /// ON_PENDING (-5).
    #[error("CPU_ON already pending")]
    OnPending,
    /// Any other code.
    #[error("PSCI error {0}")]
    Other(i64),
}

fn call(conduit: PsciConduit, function: u64, arg0: u64, arg1: u64, arg2: u64) -> i64 {
    let mut result = function;
    // SAFETY: a PSCI call per the SMC Calling Convention: x0-x3 in, x0 out, x1-x17 may be
    // clobbered by the firmware, memory is not touched on our side.
    unsafe {
        match conduit {
            PsciConduit::Hvc => asm!("hvc #0", inout("x0") result, inout("x1") arg0 => _,
                inout("x2") arg1 => _, inout("x3") arg2 => _, out("x4") _, out("x5") _,
                out("x6") _, out("x7") _, out("x8") _, out("x9") _, out("x10") _, out("x11") _,
                out("x12") _, out("x13") _, out("x14") _, out("x15") _, out("x16") _, out("x17") _),
            PsciConduit::Smc => asm!("smc #0", inout("x0") result, inout("x1") arg0 => _,
                inout("x2") arg1 => _, inout("x3") arg2 => _, out("x4") _, out("x5") _,
                out("x6") _, out("x7") _, out("x8") _, out("x9") _, out("x10") _, out("x11") _,
                out("x12") _, out("x13") _, out("x14") _, out("x15") _, out("x16") _, out("x17") _),
        }
    }
    result as i64
}

fn to_result(code: i64) -> Result<(), PsciError> {
    match code {
        0 => Ok(()),
        -1 => Err(PsciError::NotSupported),
        -2 => Err(PsciError::InvalidParameters),
        -3 => Err(PsciError::Denied),
        -4 => Err(PsciError::AlreadyOn),
        -5 => Err(PsciError::OnPending),
        other => Err(PsciError::Other(other)),
    }
}

/// Starts CPU `mpidr` at physical `entry` with `context` in x0.
pub fn cpu_on(conduit: PsciConduit, mpidr: u64, entry: u64, context: u64) -> Result<(), PsciError> {
    to_result(call(conduit, CPU_ON_64, mpidr, entry, context))
}

/// Powers the machine off; returns only if the firmware refused.
pub fn system_off(conduit: PsciConduit) -> PsciError {
    to_result(call(conduit, SYSTEM_OFF, 0, 0, 0))
        .err()
        .unwrap_or(PsciError::Other(0))
}

/// Resets the machine; returns only if the firmware refused.
pub fn system_reset(conduit: PsciConduit) -> PsciError {
    to_result(call(conduit, SYSTEM_RESET, 0, 0, 0))
        .err()
        .unwrap_or(PsciError::Other(0))
}
