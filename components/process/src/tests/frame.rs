//! The arm64 `rt_sigframe` byte for byte.
//!
//! Expected offsets, computed from the uapi structs (and confirmed by compiling them with
//! `aarch64-linux-gnu-gcc` against linux-libc-dev 6.1):
//!
//! ```text
//! // arch/arm64/kernel/signal.c
//! struct rt_sigframe { struct siginfo info; struct ucontext uc; };
//!     info 0 (128 bytes), uc 128, sizeof 4688
//! struct frame_record { u64 fp; u64 lr; };                 // pushed just above the frame
//! // arch/arm64/include/uapi/asm/ucontext.h
//! struct ucontext {
//!     unsigned long     uc_flags;       // 0   -> 128
//!     struct ucontext  *uc_link;        // 8   -> 136
//!     stack_t           uc_stack;       // 16  -> 144 (24 bytes)
//!     sigset_t          uc_sigmask;     // 40  -> 168
//!     __u8              __unused[1024 / 8 - sizeof(sigset_t)];   // 48, 120 bytes
//!     struct sigcontext uc_mcontext;    // 176 -> 304 (16-aligned)
//! };                                    // sizeof 4560
//! // arch/arm64/include/uapi/asm/sigcontext.h
//! struct sigcontext {
//!     __u64 fault_address;              // 0   -> 304
//!     __u64 regs[31];                   // 8   -> 312
//!     __u64 sp;                         // 256 -> 560
//!     __u64 pc;                         // 264 -> 568
//!     __u64 pstate;                     // 272 -> 576
//!     __u8 __reserved[4096] __attribute__((__aligned__(16)));  // 288 -> 592
//! };
//! struct _aarch64_ctx { __u32 magic; __u32 size; };
//! #define FPSIMD_MAGIC 0x46508001
//! struct fpsimd_context { struct _aarch64_ctx head; __u32 fpsr; __u32 fpcr;
//!                         __uint128_t vregs[32]; };      // 528: fpsr 8, fpcr 12, vregs 16
//! #define ESR_MAGIC 0x45535201
//! struct esr_context { struct _aarch64_ctx head; __u64 esr; };   // 16
//! ```

use super::sig;
use crate::signal::action::{SaFlags, SigAction};
use crate::signal::altstack::{AltStack, SS_AUTODISARM};
use crate::signal::frame::layout::SIGFRAME_SIZE;
use crate::signal::frame::{
    build_rt_sigframe, FpSimdState, FrameError, FrameInput, UserRegs, AT_MINSIGSTKSZ_VALUE,
    SIGRETURN_TRAMPOLINE,
};
use crate::signal::info::{code, SigInfo};
use crate::signal::SigSet;

const SP: u64 = 0x7fff_f000;
const HANDLER: u64 = 0x40_1000;
const TRAMPOLINE: u64 = 0x7f00_0000;

pub(super) fn regs() -> UserRegs {
    let mut regs = UserRegs::default();
    for (i, x) in regs.x.iter_mut().enumerate() {
        *x = 0x1000 + i as u64;
    }
    regs.sp = SP;
    regs.pc = 0x40_2000;
    regs.pstate = 0x6000_0000; // Z and C, EL0t
    regs
}

pub(super) fn fp() -> FpSimdState {
    let mut fp = FpSimdState {
        fpsr: 0x11,
        fpcr: 0x22,
        ..FpSimdState::default()
    };
    for (i, v) in fp.vregs.iter_mut().enumerate() {
        *v = ((i as u128) << 64) | (0xabc0 + i as u128);
    }
    fp
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap())
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap())
}

pub(super) struct Case {
    pub(super) action: SigAction,
    pub(super) info: SigInfo,
    pub(super) regs: UserRegs,
    pub(super) fp: FpSimdState,
    pub(super) altstack: AltStack,
    pub(super) fault_code: u64,
}

impl Case {
    pub(super) fn new(flags: SaFlags) -> Self {
        Case {
            action: SigAction {
                handler: HANDLER,
                flags,
                restorer: 0x40_3000,
                mask: SigSet::EMPTY,
            },
            info: SigInfo::fault(11, code::SEGV_MAPERR, 0xbad0),
            regs: regs(),
            fp: fp(),
            altstack: AltStack::default(),
            fault_code: 0,
        }
    }

    pub(super) fn input(&self) -> FrameInput<'_> {
        FrameInput {
            signal: sig(11),
            info: &self.info,
            action: &self.action,
            saved_mask: SigSet::from_bits(0x1234),
            altstack: self.altstack,
            regs: &self.regs,
            fp: &self.fp,
            fault_address: 0xbad0,
            fault_code: self.fault_code,
            sigreturn_trampoline: TRAMPOLINE,
            bti: false,
        }
    }
}

#[test]
fn layout_sizes() {
    assert_eq!(SIGFRAME_SIZE, 4688);
    // minsigstksz_setup: frame 4688 + frame record 16 + 16 of alignment.
    assert_eq!(AT_MINSIGSTKSZ_VALUE, 4720);
    // `mov x8, #139; svc #0` as aarch64-linux-gnu-as encodes it.
    assert_eq!(SIGRETURN_TRAMPOLINE, [0xd280_1168, 0xd400_0001]);
}

#[test]
fn frame_fields_at_header_offsets() {
    let mut case = Case::new(SaFlags::SIGINFO | SaFlags::RESTORER);
    case.fault_code = 0x9200_0046;
    let frame = build_rt_sigframe(&case.input()).unwrap();
    let b = &frame.bytes;
    assert_eq!(b.len(), 4688 + 16);
    // Placement: record at round_down(sp - 16, 16), frame 4688 below it.
    assert_eq!(frame.address, SP - 16 - 4688);
    // siginfo
    assert_eq!(u32_at(b, 0), 11);
    assert_eq!(u32_at(b, 8), code::SEGV_MAPERR as u32);
    assert_eq!(u64_at(b, 16), 0xbad0);
    // ucontext
    assert_eq!(u64_at(b, 128), 0, "uc_flags");
    assert_eq!(u64_at(b, 136), 0, "uc_link");
    assert_eq!(u64_at(b, 144), 0, "uc_stack.ss_sp");
    assert_eq!(u32_at(b, 152), 0, "uc_stack.ss_flags");
    assert_eq!(u64_at(b, 160), 0, "uc_stack.ss_size");
    assert_eq!(u64_at(b, 168), 0x1234, "uc_sigmask");
    // sigcontext
    assert_eq!(u64_at(b, 304), 0xbad0, "fault_address");
    for i in 0..31 {
        assert_eq!(u64_at(b, 312 + 8 * i), 0x1000 + i as u64, "regs[{i}]");
    }
    assert_eq!(u64_at(b, 560), SP, "sp");
    assert_eq!(u64_at(b, 568), 0x40_2000, "pc");
    assert_eq!(u64_at(b, 576), 0x6000_0000, "pstate");
    // fpsimd_context at __reserved
    assert_eq!(u32_at(b, 592), 0x4650_8001);
    assert_eq!(u32_at(b, 596), 528);
    assert_eq!(u32_at(b, 600), 0x11, "fpsr");
    assert_eq!(u32_at(b, 604), 0x22, "fpcr");
    for i in 0..32 {
        let at = 608 + 16 * i;
        let v = u128::from_le_bytes(b[at..at + 16].try_into().unwrap());
        assert_eq!(v, ((i as u128) << 64) | (0xabc0 + i as u128), "vregs[{i}]");
    }
    // esr_context right after, then the null terminator
    assert_eq!(u32_at(b, 1120), 0x4553_5201);
    assert_eq!(u32_at(b, 1124), 16);
    assert_eq!(u64_at(b, 1128), 0x9200_0046);
    assert_eq!(u64_at(b, 1136), 0, "terminator");
    // frame record {fp = x29, lr = x30}
    assert_eq!(u64_at(b, 4688), 0x1000 + 29);
    assert_eq!(u64_at(b, 4696), 0x1000 + 30);
}

#[test]
fn handler_registers() {
    let case = Case::new(SaFlags::SIGINFO | SaFlags::RESTORER);
    let frame = build_rt_sigframe(&case.input()).unwrap();
    let r = frame.regs;
    assert_eq!(r.x[0], 11, "x0 = signo");
    assert_eq!(r.x[1], frame.address, "x1 = &info");
    assert_eq!(r.x[2], frame.address + 128, "x2 = &uc");
    assert_eq!(r.sp, frame.address);
    assert_eq!(r.x[29], frame.address + 4688, "x29 = &frame_record");
    assert_eq!(r.x[30], 0x40_3000, "x30 = sa_restorer");
    assert_eq!(r.pc, HANDLER);
    assert_eq!(r.x[3], 0x1003, "other registers untouched");
}

#[test]
fn without_siginfo_and_restorer() {
    let case = Case::new(SaFlags::empty());
    let frame = build_rt_sigframe(&case.input()).unwrap();
    // No SA_SIGINFO: x1, x2 keep their values, siginfo not written.
    assert_eq!((frame.regs.x[1], frame.regs.x[2]), (0x1001, 0x1002));
    assert!(frame.bytes[0..128].iter().all(|b| *b == 0));
    // No SA_RESTORER: return through the vDSO-style trampoline.
    assert_eq!(frame.regs.x[30], TRAMPOLINE);
    // No fault code: the terminator follows fpsimd directly.
    assert_eq!(u64_at(&frame.bytes, 1120), 0);
}

#[test]
fn pstate_bti_and_tco() {
    let mut case = Case::new(SaFlags::empty());
    case.regs.pstate = 0x0200_0400; // TCO and BTYPE=01
    let mut input = case.input();
    input.bti = true;
    let frame = build_rt_sigframe(&input).unwrap();
    assert_eq!(frame.regs.pstate, 0x0000_0800, "BTYPE=C, TCO cleared");
}

#[test]
fn alternate_stack_placement_and_uc_stack() {
    let mut case = Case::new(SaFlags::ONSTACK);
    case.altstack = AltStack {
        sp: 0x20_0000,
        size: 0x4000,
        flags: SS_AUTODISARM,
    };
    let frame = build_rt_sigframe(&case.input()).unwrap();
    assert_eq!(frame.address, 0x20_4000 - 16 - 4688);
    assert_eq!(u64_at(&frame.bytes, 144), 0x20_0000);
    assert_eq!(u32_at(&frame.bytes, 152), SS_AUTODISARM);
    assert_eq!(u64_at(&frame.bytes, 160), 0x4000);
    // Unaligned stack pointer: rounded down.
    let mut odd = Case::new(SaFlags::empty());
    odd.regs.sp = SP + 8;
    assert_eq!(
        build_rt_sigframe(&odd.input()).unwrap().address,
        SP - 16 - 4688
    );
    let mut low = Case::new(SaFlags::empty());
    low.regs.sp = 100;
    assert_eq!(build_rt_sigframe(&low.input()), Err(FrameError::NoRoom));
}
