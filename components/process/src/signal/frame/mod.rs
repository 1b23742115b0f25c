//! The AArch64 signal frame, byte for byte as Linux 6.1 lays it out
//! (`arch/arm64/kernel/signal.c`, `arch/arm64/include/uapi/asm/{sigcontext,ucontext}.h`).
//!
//! On delivery the kernel pushes, below the interrupted stack pointer (or the alternate
//! stack's top), a frame record `{fp, lr}` and under it `struct rt_sigframe { siginfo_t info;
//! struct ucontext uc; }`, whose `uc_mcontext.__reserved` holds an `fpsimd_context`, an
//! `esr_context` after a fault, and a null terminator. [`build`] makes those bytes and the
//! handler's registers; [`restore`] checks and decodes them for `rt_sigreturn`.

pub mod build;
pub mod layout;
pub mod restore;

pub use build::{build_rt_sigframe, FrameError, FrameInput, SignalFrame};
pub use restore::{
    parse_rt_sigframe, BadFrame, FrameSource, RestoredFrame, SigreturnError, SliceSource,
};

/// The user registers a frame saves (`struct user_pt_regs`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UserRegs {
    /// x0..x30.
    pub x: [u64; 31],
    /// The user stack pointer (SP_EL0).
    pub sp: u64,
    /// The program counter (ELR_EL1).
    pub pc: u64,
    /// PSTATE (SPSR_EL1).
    pub pstate: u64,
}

/// The FP/SIMD registers (`struct user_fpsimd_state`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FpSimdState {
    /// v0..v31.
    pub vregs: [u128; 32],
    /// FPSR.
    pub fpsr: u32,
    /// FPCR.
    pub fpcr: u32,
}

/// `__NR_rt_sigreturn` on arm64.
pub const NR_RT_SIGRETURN: u64 = 139;

/// The vDSO's `__kernel_rt_sigreturn` (`arch/arm64/kernel/vdso/sigreturn.S`):
/// `mov x8, #__NR_rt_sigreturn; svc #0`. glibc on arm64 does not set `SA_RESTORER`, so a
/// handler returns through `x30` to this code: the kernel must map it in every process and
/// pass its address as [`FrameInput::sigreturn_trampoline`].
pub const SIGRETURN_TRAMPOLINE: [u32; 2] = [0xd280_1168, 0xd400_0001];

/// `AT_MINSIGSTKSZ` as arm64 reports it without SVE/SME (`minsigstksz_setup`): the largest
/// frame (4688), the frame record (16) and 16 bytes of alignment slack.
pub const AT_MINSIGSTKSZ_VALUE: u64 =
    (layout::SIGFRAME_SIZE + layout::FRAME_RECORD_SIZE + 16) as u64;
