//! Reading the frame back for `rt_sigreturn` (`restore_sigframe`, `parse_user_sigframe`,
//! `restore_fpsimd_context`, `valid_native_regs`). A bad frame is SIGSEGV, as in Linux.

use super::layout::*;
use super::{FpSimdState, UserRegs};
use crate::signal::altstack::{StackT, STACK_T_SIZE};
use crate::signal::sigset::SigSet;
use alloc::boxed::Box;
use kernel_core::Errno;

/// Checked reads of the calling process's memory (a fault is `EFAULT`).
pub trait FrameSource {
    /// Fills `buffer` from user address `addr`.
    fn read(&self, addr: u64, buffer: &mut [u8]) -> Result<(), Errno>;
}

/// User memory as one byte slice that starts at `base` (for tests and for kernels that copy
/// the frame in first).
#[derive(Clone, Copy, Debug)]
pub struct SliceSource<'a> {
    /// The user address of `bytes[0]`.
    pub base: u64,
    /// The bytes.
    pub bytes: &'a [u8],
}

impl FrameSource for SliceSource<'_> {
    fn read(&self, addr: u64, buffer: &mut [u8]) -> Result<(), Errno> {
        let start = addr.checked_sub(self.base).ok_or(Errno::EFAULT)? as usize;
        let end = start.checked_add(buffer.len()).ok_or(Errno::EFAULT)?;
        let bytes = self.bytes.get(start..end).ok_or(Errno::EFAULT)?;
        buffer.copy_from_slice(bytes);
        Ok(())
    }
}

/// What `rt_sigreturn` restores.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RestoredFrame {
    /// The registers to return to user mode with (the syscall returns `regs.x[0]`).
    pub regs: UserRegs,
    /// The FP/SIMD registers.
    pub fp: FpSimdState,
    /// The new blocked mask (SIGKILL and SIGSTOP removed).
    pub blocked: SigSet,
    /// `uc_stack`, for `AltStack::restore` at the restored stack pointer.
    pub altstack: StackT,
}

/// Why a frame was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BadFrame {
    /// The stack pointer is not 16-byte aligned.
    #[error("sigreturn stack pointer not 16-byte aligned")]
    Misaligned,
    /// Part of the frame could not be read.
    #[error("sigreturn frame not readable")]
    Unreadable,
    /// `pstate` asks for a privileged mode, AArch32, or masked exceptions.
    #[error("sigreturn pstate not a valid EL0t state")]
    InvalidPstate,
    /// A record in `__reserved` is malformed, duplicated or unknown.
    #[error("malformed record in the signal frame")]
    BadRecord,
    /// No `fpsimd_context` record.
    #[error("no fpsimd_context in the signal frame")]
    NoFpsimd,
    /// The `fpsimd_context` has the wrong magic or size.
    #[error("bad fpsimd_context in the signal frame")]
    BadFpsimd,
}

/// A refused frame and what Linux had already applied when it noticed: the blocked mask is
/// set as soon as it is read, the registers before they are checked. The kernel applies
/// these, then forces SIGSEGV (`arm64_notify_segfault(sp)`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigreturnError {
    /// Why.
    pub reason: BadFrame,
    /// The blocked mask to install anyway, if it was read.
    pub blocked: Option<SigSet>,
    /// The registers to install anyway (pstate forced to a valid EL0t), if they were read.
    pub regs: Option<Box<UserRegs>>,
}

/// Bits of PSTATE that are RES0 for AArch64 EL0 in Linux 6.1 (`SPSR_EL1_AARCH64_RES0_BITS`).
const PSTATE_RES0: u64 =
    0xffff_ffff_0000_0000 | (0b11 << 26) | (0b11 << 22) | (0xff << 13) | (1 << 5);
/// `DBG_SPSR_SS`: cleared unless single-stepping (never, here).
const PSTATE_SS: u64 = 1 << 21;
/// Mode field, AArch32 bit and the D, A, I, F masks.
const PSTATE_MODE_MASK: u64 = 0xf;
const PSTATE_MODE32: u64 = 0x10;
const PSTATE_DAIF: u64 = 0x3c0;
/// N, Z, C, V: all Linux keeps of a bad pstate.
const PSTATE_NZCV: u64 = 0xf000_0000;

/// `valid_user_regs` for a native task: clears RES0 and SS, and checks for EL0t with no
/// exception masked; a bad value is forced to its NZCV bits.
fn validate_pstate(pstate: &mut u64) -> bool {
    *pstate &= !PSTATE_RES0;
    *pstate &= !PSTATE_SS;
    let ok = *pstate & PSTATE_MODE_MASK == 0 && *pstate & (PSTATE_MODE32 | PSTATE_DAIF) == 0;
    if !ok {
        *pstate &= PSTATE_NZCV;
    }
    ok
}

fn read_u32(source: &dyn FrameSource, addr: u64) -> Result<u32, BadFrame> {
    let mut raw = [0u8; 4];
    source
        .read(addr, &mut raw)
        .map_err(|_| BadFrame::Unreadable)?;
    Ok(u32::from_le_bytes(raw))
}

fn read_u64(source: &dyn FrameSource, addr: u64) -> Result<u64, BadFrame> {
    let mut raw = [0u8; 8];
    source
        .read(addr, &mut raw)
        .map_err(|_| BadFrame::Unreadable)?;
    Ok(u64::from_le_bytes(raw))
}

fn word(frame: &[u8], at: usize) -> u64 {
    let mut raw = [0u8; 8];
    raw.copy_from_slice(&frame[at..at + 8]);
    u64::from_le_bytes(raw)
}

/// Walks the records of `__reserved` (and an `extra_context` area) and returns the address
/// of the `fpsimd_context` (`parse_user_sigframe` on a CPU with FP/SIMD and without SVE/SME).
fn find_fpsimd(frame_addr: u64, source: &dyn FrameSource) -> Result<u64, BadFrame> {
    let at = |base: u64, offset: u64| base.checked_add(offset).ok_or(BadFrame::BadRecord);
    let mut base = at(frame_addr, SC_RESERVED as u64)?;
    let mut offset: u64 = 0;
    let mut limit: u64 = RESERVED_SIZE as u64;
    let mut have_extra = false;
    let mut fpsimd = None;
    loop {
        if limit - offset < 8 || !offset.is_multiple_of(16) {
            return Err(BadFrame::BadRecord);
        }
        let head = at(base, offset)?;
        let magic = read_u32(source, head)?;
        let size = u64::from(read_u32(source, at(head, 4)?)?);
        if limit - offset < size {
            return Err(BadFrame::BadRecord);
        }
        match magic {
            0 => {
                if size != 0 {
                    return Err(BadFrame::BadRecord);
                }
                return fpsimd.ok_or(BadFrame::NoFpsimd);
            }
            FPSIMD_MAGIC => {
                if fpsimd.is_some() || size < FPSIMD_CONTEXT_SIZE as u64 {
                    return Err(BadFrame::BadRecord);
                }
                fpsimd = Some(head);
            }
            ESR_MAGIC => {}
            EXTRA_MAGIC => {
                if have_extra || size < EXTRA_CONTEXT_SIZE as u64 {
                    return Err(BadFrame::BadRecord);
                }
                let datap = read_u64(source, at(head, 8)?)?;
                let extra_size = u64::from(read_u32(source, at(head, 16)?)?);
                if limit - offset - size < TERMINATOR_SIZE as u64 {
                    return Err(BadFrame::BadRecord);
                }
                let end = at(head, size)?;
                if read_u32(source, end)? != 0 || read_u32(source, at(end, 4)?)? != 0 {
                    return Err(BadFrame::BadRecord);
                }
                have_extra = true;
                let after = at(end, TERMINATOR_SIZE as u64)?;
                let room = at(frame_addr, SIGFRAME_MAXSZ)?.checked_sub(after);
                if !datap.is_multiple_of(16)
                    || !extra_size.is_multiple_of(16)
                    || datap != after
                    || room.is_none_or(|room| extra_size > room)
                {
                    return Err(BadFrame::BadRecord);
                }
                base = datap;
                offset = 0;
                limit = extra_size;
                continue;
            }
            _ => return Err(BadFrame::BadRecord),
        }
        if size < 8 || limit - offset < size {
            return Err(BadFrame::BadRecord);
        }
        offset += size;
    }
}

/// Checks and decodes the frame at user stack pointer `sp` for `rt_sigreturn`.
pub fn parse_rt_sigframe(
    sp: u64,
    source: &dyn FrameSource,
) -> Result<RestoredFrame, SigreturnError> {
    let fail = |reason, blocked, regs: Option<UserRegs>| SigreturnError {
        reason,
        blocked,
        regs: regs.map(Box::new),
    };
    if !sp.is_multiple_of(16) {
        return Err(fail(BadFrame::Misaligned, None, None));
    }
    let mut frame = alloc::vec![0u8; SIGFRAME_SIZE];
    if source.read(sp, &mut frame).is_err() {
        return Err(fail(BadFrame::Unreadable, None, None));
    }
    let blocked = SigSet::from_bits(word(&frame, UC_SIGMASK)).without_unblockable();
    let mut regs = UserRegs::default();
    for (index, value) in regs.x.iter_mut().enumerate() {
        *value = word(&frame, SC_REGS + 8 * index);
    }
    regs.sp = word(&frame, SC_SP);
    regs.pc = word(&frame, SC_PC);
    regs.pstate = word(&frame, SC_PSTATE);
    if !validate_pstate(&mut regs.pstate) {
        return Err(fail(BadFrame::InvalidPstate, Some(blocked), Some(regs)));
    }
    let fail_late = |reason| fail(reason, Some(blocked), Some(regs));
    let record = find_fpsimd(sp, source).map_err(fail_late)?;
    let size_at = record
        .checked_add(4)
        .ok_or(fail_late(BadFrame::BadFpsimd))?;
    if read_u32(source, record).map_err(fail_late)? != FPSIMD_MAGIC
        || read_u32(source, size_at).map_err(fail_late)? != FPSIMD_CONTEXT_SIZE as u32
    {
        return Err(fail_late(BadFrame::BadFpsimd));
    }
    let mut raw = [0u8; FPSIMD_CONTEXT_SIZE];
    source
        .read(record, &mut raw)
        .map_err(|_| fail_late(BadFrame::Unreadable))?;
    let mut fp = FpSimdState {
        fpsr: u32::from_le_bytes([raw[8], raw[9], raw[10], raw[11]]),
        fpcr: u32::from_le_bytes([raw[12], raw[13], raw[14], raw[15]]),
        ..FpSimdState::default()
    };
    for (index, value) in fp.vregs.iter_mut().enumerate() {
        let mut v = [0u8; 16];
        v.copy_from_slice(&raw[16 + 16 * index..32 + 16 * index]);
        *value = u128::from_le_bytes(v);
    }
    let mut stack = [0u8; STACK_T_SIZE];
    stack.copy_from_slice(&frame[UC_STACK..UC_STACK + STACK_T_SIZE]);
    Ok(RestoredFrame {
        regs,
        fp,
        blocked,
        altstack: StackT::from_bytes(&stack),
    })
}
