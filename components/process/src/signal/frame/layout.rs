//! Offsets and sizes of the arm64 signal frame (checked against the headers in the tests).

/// `sizeof(siginfo_t)`.
pub const INFO_SIZE: usize = 128;
/// `offsetof(struct rt_sigframe, uc)`.
pub const UC: usize = 128;
/// `uc_flags`.
pub const UC_FLAGS: usize = UC;
/// `uc_link`.
pub const UC_LINK: usize = UC + 8;
/// `uc_stack` (a 24-byte `stack_t`).
pub const UC_STACK: usize = UC + 16;
/// `uc_sigmask`.
pub const UC_SIGMASK: usize = UC + 40;
/// `uc_mcontext` (16-aligned: `__reserved` is `__aligned__(16)`).
pub const MCONTEXT: usize = UC + 176;
/// `sigcontext.fault_address`.
pub const SC_FAULT_ADDRESS: usize = MCONTEXT;
/// `sigcontext.regs[0]`.
pub const SC_REGS: usize = MCONTEXT + 8;
/// `sigcontext.sp`.
pub const SC_SP: usize = MCONTEXT + 256;
/// `sigcontext.pc`.
pub const SC_PC: usize = MCONTEXT + 264;
/// `sigcontext.pstate`.
pub const SC_PSTATE: usize = MCONTEXT + 272;
/// `sigcontext.__reserved`.
pub const SC_RESERVED: usize = MCONTEXT + 288;
/// `sizeof(sigcontext.__reserved)`.
pub const RESERVED_SIZE: usize = 4096;
/// `sizeof(struct rt_sigframe)`, a multiple of 16.
pub const SIGFRAME_SIZE: usize = SC_RESERVED + RESERVED_SIZE;
/// `sizeof(struct frame_record)`: `{fp, lr}`.
pub const FRAME_RECORD_SIZE: usize = 16;

/// `FPSIMD_MAGIC`.
pub const FPSIMD_MAGIC: u32 = 0x4650_8001;
/// `sizeof(struct fpsimd_context)`: head (8), fpsr, fpcr, 32 x 16 bytes.
pub const FPSIMD_CONTEXT_SIZE: usize = 528;
/// `ESR_MAGIC`.
pub const ESR_MAGIC: u32 = 0x4553_5201;
/// `sizeof(struct esr_context)`.
pub const ESR_CONTEXT_SIZE: usize = 16;
/// `EXTRA_MAGIC`.
pub const EXTRA_MAGIC: u32 = 0x4558_5401;
/// `sizeof(struct extra_context)`.
pub const EXTRA_CONTEXT_SIZE: usize = 32;
/// `SVE_MAGIC` (rejected: Lichen reports no SVE).
pub const SVE_MAGIC: u32 = 0x5356_4501;
/// `ZA_MAGIC` (rejected: Lichen reports no SME).
pub const ZA_MAGIC: u32 = 0x5436_6345;
/// `TERMINATOR_SIZE`: a null `_aarch64_ctx` rounded to 16.
pub const TERMINATOR_SIZE: usize = 16;
/// `SIGFRAME_MAXSZ`: the most an `extra_context` may reach past the frame's start.
pub const SIGFRAME_MAXSZ: u64 = 256 * 1024;

/// `PSR_BTYPE_MASK`.
pub const PSR_BTYPE_MASK: u64 = 0x0000_0c00;
/// `PSR_BTYPE_C`: what a `BLR` to the handler would set.
pub const PSR_BTYPE_C: u64 = 0x0000_0800;
/// `PSR_TCO_BIT`: tag check override, cleared for handlers.
pub const PSR_TCO_BIT: u64 = 0x0200_0000;
