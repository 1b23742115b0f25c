//! `rt_sigreturn`: decoding and refusing frames (`restore_sigframe`, `parse_user_sigframe`).

use super::frame::{fp, regs, Case};
use crate::signal::action::SaFlags;
use crate::signal::altstack::StackT;
use crate::signal::frame::layout::{SIGFRAME_SIZE, SVE_MAGIC};
use crate::signal::frame::{build_rt_sigframe, parse_rt_sigframe, BadFrame, SliceSource};
use crate::signal::SigSet;

fn built() -> (u64, Vec<u8>) {
    let mut case = Case::new(SaFlags::SIGINFO);
    case.fault_code = 0x1234;
    let frame = build_rt_sigframe(&case.input()).unwrap();
    (frame.address, frame.bytes)
}

fn reason(address: u64, bytes: &[u8]) -> BadFrame {
    parse_rt_sigframe(
        address,
        &SliceSource {
            base: address,
            bytes,
        },
    )
    .unwrap_err()
    .reason
}

#[test]
fn sigreturn_round_trip() {
    let (address, bytes) = built();
    let restored = parse_rt_sigframe(
        address,
        &SliceSource {
            base: address,
            bytes: &bytes,
        },
    )
    .unwrap();
    assert_eq!(restored.regs, regs());
    assert_eq!(restored.fp, fp());
    assert_eq!(restored.blocked, SigSet::from_bits(0x1234));
    assert_eq!(restored.altstack, StackT::default());
}

#[test]
fn sigreturn_mask_drops_kill_and_stop() {
    let (address, mut bytes) = built();
    bytes[168..176].copy_from_slice(&u64::MAX.to_le_bytes());
    let restored = parse_rt_sigframe(
        address,
        &SliceSource {
            base: address,
            bytes: &bytes,
        },
    )
    .unwrap();
    assert_eq!(restored.blocked, SigSet::FULL.without_unblockable());
}

#[test]
fn bad_frames_are_refused() {
    let (address, bytes) = built();
    let err = parse_rt_sigframe(
        address + 8,
        &SliceSource {
            base: address,
            bytes: &bytes,
        },
    )
    .unwrap_err();
    assert_eq!((err.reason, err.blocked), (BadFrame::Misaligned, None));
    assert_eq!(reason(address, &bytes[..4000]), BadFrame::Unreadable);

    let mut magic = bytes.clone();
    magic[592..596].copy_from_slice(&0x1234_5678u32.to_le_bytes());
    assert_eq!(reason(address, &magic), BadFrame::BadRecord);

    let mut short = bytes.clone();
    short[596..600].copy_from_slice(&520u32.to_le_bytes());
    assert_eq!(reason(address, &short), BadFrame::BadRecord);

    let mut long = bytes.clone();
    long[596..600].copy_from_slice(&544u32.to_le_bytes()); // parses, but restore wants 528
    long[1136..1140].copy_from_slice(&0u32.to_le_bytes());
    assert_eq!(reason(address, &long), BadFrame::BadFpsimd);

    let mut missing = bytes.clone();
    missing[592..600].copy_from_slice(&[0; 8]); // terminator first
    assert_eq!(reason(address, &missing), BadFrame::NoFpsimd);

    let mut sve = bytes.clone();
    sve[1120..1124].copy_from_slice(&SVE_MAGIC.to_le_bytes());
    assert_eq!(
        reason(address, &sve),
        BadFrame::BadRecord,
        "no SVE on this CPU"
    );

    let mut pstate = bytes.clone();
    pstate[576..584].copy_from_slice(&0x6000_0005u64.to_le_bytes()); // EL1h
    let err = parse_rt_sigframe(
        address,
        &SliceSource {
            base: address,
            bytes: &pstate,
        },
    )
    .unwrap_err();
    assert_eq!(err.reason, BadFrame::InvalidPstate);
    assert_eq!(
        err.blocked,
        Some(SigSet::from_bits(0x1234)),
        "mask applied before the check"
    );
    assert_eq!(
        err.regs.map(|r| r.pstate),
        Some(0x6000_0000),
        "forced to NZCV"
    );

    let mut daif = bytes.clone();
    daif[576..584].copy_from_slice(&0x80u64.to_le_bytes()); // I masked
    assert_eq!(reason(address, &daif), BadFrame::InvalidPstate);
}

#[test]
fn sigreturn_clears_res0_pstate_bits() {
    let (address, mut bytes) = built();
    // Bit 32 and SS (bit 21) are cleared, the value stays valid.
    bytes[576..584].copy_from_slice(&(0x1_0000_0000u64 | 1 << 21 | 0x2000_0000).to_le_bytes());
    let restored = parse_rt_sigframe(
        address,
        &SliceSource {
            base: address,
            bytes: &bytes,
        },
    )
    .unwrap();
    assert_eq!(restored.regs.pstate, 0x2000_0000);
}

#[test]
fn extra_context_is_followed() {
    // Move the fpsimd record into an extra area right after the __reserved terminator.
    let (address, bytes) = built();
    let mut memory = bytes[..SIGFRAME_SIZE].to_vec();
    let fpsimd = bytes[592..1120].to_vec();
    // __reserved: extra_context (32 bytes) then a terminator; the extra data follows.
    memory[592..1140].fill(0);
    memory[592..596].copy_from_slice(&0x4558_5401u32.to_le_bytes());
    memory[596..600].copy_from_slice(&32u32.to_le_bytes());
    let datap = address + 592 + 32 + 16;
    memory[600..608].copy_from_slice(&datap.to_le_bytes());
    let extra_size = 528 + 16;
    memory[608..612].copy_from_slice(&(extra_size as u32).to_le_bytes());
    memory[640..640 + 528].copy_from_slice(&fpsimd);
    // The extra area ends with its own terminator (already zero).
    let restored = parse_rt_sigframe(
        address,
        &SliceSource {
            base: address,
            bytes: &memory,
        },
    )
    .unwrap();
    assert_eq!(restored.fp, fp());
    // A datap not right after the terminator is refused.
    memory[600..608].copy_from_slice(&(datap + 16).to_le_bytes());
    assert_eq!(reason(address, &memory), BadFrame::BadRecord);
}

#[test]
fn addresses_near_the_top_do_not_overflow() {
    // A frame placed just below 2^64 with an extra_context: the 256 KiB bound wraps.
    let (_, bytes) = built();
    let address = (u64::MAX - 0x2000) & !15;
    let mut memory = bytes[..SIGFRAME_SIZE].to_vec();
    memory[592..1140].fill(0);
    memory[592..596].copy_from_slice(&0x4558_5401u32.to_le_bytes());
    memory[596..600].copy_from_slice(&32u32.to_le_bytes());
    memory[600..608].copy_from_slice(&(address + 640).to_le_bytes());
    memory[608..612].copy_from_slice(&544u32.to_le_bytes());
    assert_eq!(reason(address, &memory), BadFrame::BadRecord);
}
