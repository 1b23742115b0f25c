//! `sigaltstack` (`do_sigaltstack`, `sas_ss_flags`, `sigsp`).

use crate::signal::altstack::{
    AltStack, StackT, MINSIGSTKSZ, SIGSTKSZ, SS_AUTODISARM, SS_DISABLE, SS_ONSTACK,
};
use kernel_core::Errno;

const BASE: u64 = 0x10_0000;

fn stack(sp: u64, flags: i32, size: u64) -> StackT {
    StackT {
        ss_sp: sp,
        ss_flags: flags,
        ss_size: size,
    }
}

#[test]
fn constants_are_arm64() {
    // arch/arm64/include/uapi/asm/signal.h, include/uapi/linux/signal.h
    assert_eq!(MINSIGSTKSZ, 5120);
    assert_eq!(SIGSTKSZ, 16384);
    assert_eq!((SS_ONSTACK, SS_DISABLE, SS_AUTODISARM), (1, 2, 0x8000_0000));
}

#[test]
fn none_reports_disabled() {
    let mut alt = AltStack::default();
    assert_eq!(alt.sigaltstack(None, 0x7000), Ok(stack(0, SS_DISABLE, 0)));
}

#[test]
fn set_query_and_errors() {
    let mut alt = AltStack::default();
    assert_eq!(
        alt.set(stack(BASE, 0, MINSIGSTKSZ - 1), 0x7000),
        Err(Errno::ENOMEM)
    );
    assert_eq!(
        alt.set(stack(BASE, 7, SIGSTKSZ), 0x7000),
        Err(Errno::EINVAL)
    );
    assert_eq!(alt.set(stack(BASE, 0, SIGSTKSZ), 0x7000), Ok(()));
    assert_eq!(alt.query(0x7000), stack(BASE, 0, SIGSTKSZ));
    // On the stack: top counts, base does not.
    assert_eq!(alt.query(BASE + SIGSTKSZ).ss_flags, SS_ONSTACK);
    assert_eq!(alt.query(BASE).ss_flags, 0);
    assert_eq!(
        alt.set(stack(0, SS_DISABLE, 0), BASE + 8),
        Err(Errno::EPERM),
        "cannot change while on it"
    );
    // SS_ONSTACK as a mode is accepted like 0.
    assert_eq!(alt.set(stack(BASE, SS_ONSTACK, SIGSTKSZ), 0x7000), Ok(()));
    assert_eq!(alt.set(stack(0x1234, SS_DISABLE, 1), 0x7000), Ok(()));
    assert_eq!(
        alt,
        AltStack {
            sp: 0,
            size: 0,
            flags: SS_DISABLE as u32
        }
    );
}

#[test]
fn autodisarm_frames_and_reset() {
    let mut alt = AltStack::default();
    let flags = SS_AUTODISARM as i32;
    alt.set(stack(BASE, flags, SIGSTKSZ), 0x7000).unwrap();
    // Never "on" the stack with SS_AUTODISARM.
    assert_eq!(alt.query(BASE + 16).ss_flags, flags);
    assert_eq!(alt.frame_top(0x7000, true), BASE + SIGSTKSZ);
    assert_eq!(alt.frame_top(0x7000, false), 0x7000);
    assert_eq!(alt.saved(), stack(BASE, flags, SIGSTKSZ));
    alt.reset();
    assert_eq!(alt.saved(), stack(0, SS_DISABLE, 0));
    // Without autodisarm, a handler already on the stack stays where it is.
    let mut plain = AltStack::default();
    plain.set(stack(BASE, 0, SIGSTKSZ), 0x7000).unwrap();
    assert_eq!(plain.frame_top(BASE + 100, true), BASE + 100);
    plain.clear_for_exec();
    assert_eq!((plain.sp, plain.size, plain.flags), (0, 0, 0));
}

#[test]
fn stack_t_bytes() {
    // stack_t: ss_sp 0, ss_flags 8, ss_size 16 (24 bytes).
    let bytes = stack(0x1122, -1, 0x3344).to_bytes();
    assert_eq!(&bytes[0..8], &0x1122u64.to_le_bytes());
    assert_eq!(&bytes[8..12], &(-1i32).to_le_bytes());
    assert_eq!(&bytes[12..16], &[0; 4]);
    assert_eq!(&bytes[16..24], &0x3344u64.to_le_bytes());
    assert_eq!(StackT::from_bytes(&bytes), stack(0x1122, -1, 0x3344));
}
