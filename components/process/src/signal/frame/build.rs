//! Building the frame for a handler (`get_sigframe`, `setup_sigframe`, `setup_return`).

use super::layout::*;
use super::{FpSimdState, UserRegs};
use crate::signal::action::{SaFlags, SigAction};
use crate::signal::altstack::AltStack;
use crate::signal::info::SigInfo;
use crate::signal::number::Signal;
use crate::signal::sigset::SigSet;
use alloc::vec;
use alloc::vec::Vec;

/// Everything the frame is made from.
#[derive(Clone, Copy, Debug)]
pub struct FrameInput<'a> {
    /// The signal being delivered.
    pub signal: Signal,
    /// Its information (copied into the frame only for `SA_SIGINFO` handlers).
    pub info: &'a SigInfo,
    /// The handler's disposition.
    pub action: &'a SigAction,
    /// The mask `rt_sigreturn` restores (`sigmask_to_save`: the mask saved by `sigsuspend`
    /// and friends, else the current one).
    pub saved_mask: SigSet,
    /// The thread's alternate stack before delivery.
    pub altstack: AltStack,
    /// The interrupted user registers.
    pub regs: &'a UserRegs,
    /// The interrupted FP/SIMD registers.
    pub fp: &'a FpSimdState,
    /// The thread's last fault address (`thread.fault_address`), 0 if none.
    pub fault_address: u64,
    /// The thread's last fault syndrome (`thread.fault_code`); nonzero adds an `esr_context`.
    pub fault_code: u64,
    /// Where the handler returns without `SA_RESTORER` (the vDSO's sigreturn trampoline).
    pub sigreturn_trampoline: u64,
    /// The CPU has BTI: enter the handler with `PSTATE.BTYPE = 0b10`, as after a `BLR`.
    pub bti: bool,
}

/// A built frame: copy `bytes` to user memory at `address`, then enter the handler with
/// `regs`. If the copy faults, the kernel calls `ProcessTable::signal_setup_failed`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignalFrame {
    /// The new stack pointer: the `rt_sigframe`.
    pub address: u64,
    /// `rt_sigframe` followed by the frame record (`SIGFRAME_SIZE + 16` bytes).
    pub bytes: Vec<u8>,
    /// The registers the handler starts with.
    pub regs: UserRegs,
}

/// Why no frame could be placed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    /// The frame would wrap below address 0 (Linux's `access_ok` fails: SIGSEGV).
    #[error("signal frame would not fit below the stack pointer")]
    NoRoom,
}

fn put(bytes: &mut [u8], at: usize, value: &[u8]) {
    bytes[at..at + value.len()].copy_from_slice(value);
}

/// Builds the frame and the handler's registers for `input`.
pub fn build_rt_sigframe(input: &FrameInput<'_>) -> Result<SignalFrame, FrameError> {
    let regs = input.regs;
    let on_stack = input.action.flags.contains(SaFlags::ONSTACK);
    let top = input.altstack.frame_top(regs.sp, on_stack);
    let record = top
        .checked_sub(FRAME_RECORD_SIZE as u64)
        .ok_or(FrameError::NoRoom)?
        & !15;
    let address = record
        .checked_sub(SIGFRAME_SIZE as u64)
        .ok_or(FrameError::NoRoom)?;

    let mut bytes = vec![0u8; SIGFRAME_SIZE + FRAME_RECORD_SIZE];
    if input.action.flags.contains(SaFlags::SIGINFO) {
        put(&mut bytes, 0, &input.info.to_user_bytes());
    }
    // uc_flags and uc_link stay 0.
    put(&mut bytes, UC_STACK, &input.altstack.saved().to_bytes());
    put(&mut bytes, UC_SIGMASK, &input.saved_mask.to_bytes());
    put(
        &mut bytes,
        SC_FAULT_ADDRESS,
        &input.fault_address.to_le_bytes(),
    );
    for (index, value) in regs.x.iter().enumerate() {
        put(&mut bytes, SC_REGS + 8 * index, &value.to_le_bytes());
    }
    put(&mut bytes, SC_SP, &regs.sp.to_le_bytes());
    put(&mut bytes, SC_PC, &regs.pc.to_le_bytes());
    put(&mut bytes, SC_PSTATE, &regs.pstate.to_le_bytes());

    let mut at = SC_RESERVED;
    put(&mut bytes, at, &FPSIMD_MAGIC.to_le_bytes());
    put(
        &mut bytes,
        at + 4,
        &(FPSIMD_CONTEXT_SIZE as u32).to_le_bytes(),
    );
    put(&mut bytes, at + 8, &input.fp.fpsr.to_le_bytes());
    put(&mut bytes, at + 12, &input.fp.fpcr.to_le_bytes());
    for (index, value) in input.fp.vregs.iter().enumerate() {
        put(&mut bytes, at + 16 + 16 * index, &value.to_le_bytes());
    }
    at += FPSIMD_CONTEXT_SIZE;
    if input.fault_code != 0 {
        put(&mut bytes, at, &ESR_MAGIC.to_le_bytes());
        put(&mut bytes, at + 4, &(ESR_CONTEXT_SIZE as u32).to_le_bytes());
        put(&mut bytes, at + 8, &input.fault_code.to_le_bytes());
    }
    // The terminator after the last record is already zero.

    put(&mut bytes, SIGFRAME_SIZE, &regs.x[29].to_le_bytes());
    put(&mut bytes, SIGFRAME_SIZE + 8, &regs.x[30].to_le_bytes());

    let mut entry = *regs;
    entry.x[0] = input.signal.number() as u64;
    entry.sp = address;
    entry.x[29] = record;
    entry.pc = input.action.handler;
    if input.bti {
        entry.pstate = (entry.pstate & !PSR_BTYPE_MASK) | PSR_BTYPE_C;
    }
    entry.pstate &= !PSR_TCO_BIT;
    entry.x[30] = if input.action.flags.contains(SaFlags::RESTORER) {
        input.action.restorer
    } else {
        input.sigreturn_trampoline
    };
    if input.action.flags.contains(SaFlags::SIGINFO) {
        entry.x[1] = address;
        entry.x[2] = address + UC as u64;
    }
    Ok(SignalFrame {
        address,
        bytes,
        regs: entry,
    })
}
