//! The machine side of signal handlers: the user registers and live FP/SIMD state as the
//! process component's frame types, the frame copied to the user stack, and `rt_sigreturn`
//! reading it back.

use super::Process;
use kernel_core::arch::aarch64::context::{fp_restore, fp_save, FpState};
use kernel_core::arch::aarch64::exception::TrapFrame;
use kernel_core::{Errno, UserAddr};
use process::signal::codes::code;
use process::signal::frame::{
    build_rt_sigframe, parse_rt_sigframe, FpSimdState, FrameSource, RestoredFrame, SigreturnError,
    UserRegs,
};
use process::table::Delivery;

/// The interrupted registers in `frame`.
pub fn user_regs(frame: &TrapFrame) -> UserRegs {
    UserRegs {
        x: frame.x,
        sp: frame.sp_el0,
        pc: frame.elr,
        pstate: frame.spsr,
    }
}

/// Puts `regs` into `frame` for the return to user mode.
pub fn set_user_regs(frame: &mut TrapFrame, regs: &UserRegs) {
    frame.x = regs.x;
    frame.sp_el0 = regs.sp;
    frame.elr = regs.pc;
    frame.spsr = regs.pstate;
}

/// The running thread's live FP/SIMD registers (the kernel never uses them, and a context
/// switch saves and reloads them, so the live ones are the user's).
fn live_fp() -> FpSimdState {
    let mut live = FpState::default();
    let saved = kernel_core::arch::irq_save();
    fp_save(&mut live);
    kernel_core::arch::irq_restore(saved);
    FpSimdState {
        vregs: live.vregs,
        fpsr: live.fpsr as u32,
        fpcr: live.fpcr as u32,
    }
}

/// Loads `fp` into the running thread's FP/SIMD registers.
fn load_fp(fp: &FpSimdState) {
    let state = FpState {
        vregs: fp.vregs,
        fpsr: u64::from(fp.fpsr),
        fpcr: u64::from(fp.fpcr),
    };
    let saved = kernel_core::arch::irq_save();
    fp_restore(&state);
    kernel_core::arch::irq_restore(saved);
}

/// Pushes the frame for `delivery` on `process`'s user stack (or alternate stack) and points
/// `frame` at the handler, returning through `trampoline` unless `SA_RESTORER` names one.
/// `Err` when the frame has no room or cannot be written: the caller forces SIGSEGV.
pub fn setup(
    process: &Process,
    frame: &mut TrapFrame,
    delivery: &Delivery,
    trampoline: u64,
) -> Result<(), Errno> {
    let regs = user_regs(frame);
    let fp = live_fp();
    let input = delivery.frame_input(&regs, &fp, trampoline, false);
    let built = build_rt_sigframe(&input).map_err(|_| Errno::EFAULT)?;
    process
        .space
        .lock()
        .copy_out(UserAddr::new(built.address), &built.bytes)?;
    set_user_regs(frame, &built.regs);
    Ok(())
}

/// `process`'s memory as the frame parser reads it.
struct Memory<'a>(&'a Process);

impl FrameSource for Memory<'_> {
    fn read(&self, addr: u64, buffer: &mut [u8]) -> Result<(), Errno> {
        self.0.space.lock().copy_in(UserAddr::new(addr), buffer)
    }
}

/// Reads the frame at the user stack pointer `sp` and loads its FP/SIMD state; the caller
/// restores the mask, the alternate stack and the registers.
pub fn read_frame(process: &Process, sp: u64) -> Result<RestoredFrame, SigreturnError> {
    let restored = parse_rt_sigframe(sp, &Memory(process))?;
    load_fp(&restored.fp);
    Ok(restored)
}

/// `arm64_notify_segfault`'s `si_code` for a bad frame at `sp`: `SEGV_ACCERR` when `sp` lies in
/// a mapping, else `SEGV_MAPERR`.
pub fn segv_code(process: &Process, sp: u64) -> i32 {
    let mapped = process
        .space
        .lock()
        .vmas()
        .iter()
        .any(|vma| vma.start.as_u64() <= sp && sp < vma.end.as_u64());
    if mapped {
        code::SEGV_ACCERR
    } else {
        code::SEGV_MAPERR
    }
}
