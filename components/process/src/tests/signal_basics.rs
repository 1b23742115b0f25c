//! Signal numbers, default actions, `sigaction` and `siginfo_t` bytes, pending queues.

use super::sig;
use crate::signal::action::{SaFlags, SigAction, SigActionTable, UAPI_SA_FLAGS};
use crate::signal::info::{code, layout, Layout, SigInfo};
use crate::signal::pending::{next_signal, QueuedSignal, SigPending};
use crate::signal::{default_action, DefaultAction, SigSet, SIG_IGN};
use kernel_core::services::process::Signal;
use kernel_core::Errno;

#[test]
fn signal_numbers_match_asm_generic() {
    let numbers = [
        (Signal::SIGHUP, 1),
        (Signal::SIGQUIT, 3),
        (Signal::SIGABRT, 6),
        (Signal::SIGBUS, 7),
        (Signal::SIGKILL, 9),
        (Signal::SIGUSR1, 10),
        (Signal::SIGSEGV, 11),
        (Signal::SIGPIPE, 13),
        (Signal::SIGSTKFLT, 16),
        (Signal::SIGCHLD, 17),
        (Signal::SIGCONT, 18),
        (Signal::SIGSTOP, 19),
        (Signal::SIGTSTP, 20),
        (Signal::SIGTTOU, 22),
        (Signal::SIGWINCH, 28),
        (Signal::SIGIO, 29),
        (Signal::SIGSYS, 31),
        (Signal::SIGRTMIN, 32),
        (Signal::SIGRTMAX, 64),
    ];
    for (signal, number) in numbers {
        assert_eq!(signal.number(), number);
    }
    assert_eq!(Signal::new(0), None);
    assert_eq!(Signal::new(65), None);
    assert_eq!(Signal::SIGKILL.mask(), 1 << 8);
}

#[test]
fn default_action_of_every_signal() {
    // man 7 signal / include/linux/signal.h SIG_KERNEL_*_MASK.
    use DefaultAction::*;
    let expected = [
        Terminate, Terminate, CoreDump, CoreDump, CoreDump, CoreDump, CoreDump,
        CoreDump, // 1-8
        Terminate, Terminate, CoreDump, Terminate, Terminate, Terminate, Terminate,
        Terminate, // 9-16
        Ignore, Continue, Stop, Stop, Stop, Stop, Ignore, CoreDump, // 17-24
        CoreDump, Terminate, Terminate, Ignore, Terminate, Terminate, CoreDump, // 25-31
    ];
    for (index, action) in expected.iter().enumerate() {
        assert_eq!(
            default_action(sig(index as i32 + 1)),
            *action,
            "signal {}",
            index + 1
        );
    }
    for rt in 32..=64 {
        assert_eq!(default_action(sig(rt)), Terminate);
    }
}

#[test]
fn sigset_bits_and_unblockables() {
    let mut set = SigSet::EMPTY;
    set.add(Signal::SIGINT);
    set.add(sig(64));
    assert_eq!(set.bits(), (1 << 1) | (1 << 63));
    assert_eq!(set.lowest(), Some(Signal::SIGINT));
    assert_eq!(
        SigSet::FULL.without_unblockable().bits(),
        !((1 << 8) | (1 << 18))
    );
    assert_eq!(SigSet::from_bytes(set.to_bytes()), set);
}

#[test]
fn sigaction_bytes_and_flag_values() {
    // asm-generic/signal-defs.h, arm64 asm/signal.h; struct sigaction { handler, flags,
    // restorer, mask } = 4 x 8 bytes.
    assert_eq!(SaFlags::SIGINFO.bits(), 4);
    assert_eq!(SaFlags::RESTORER.bits(), 0x0400_0000);
    assert_eq!(SaFlags::ONSTACK.bits(), 0x0800_0000);
    assert_eq!(SaFlags::RESTART.bits(), 0x1000_0000);
    assert_eq!(SaFlags::NODEFER.bits(), 0x4000_0000);
    assert_eq!(SaFlags::RESETHAND.bits(), 0x8000_0000);
    assert_eq!(UAPI_SA_FLAGS, 0xdc00_0807);
    let action = SigAction {
        handler: 0x4000_1000,
        flags: SaFlags::SIGINFO | SaFlags::RESTORER,
        restorer: 0x4000_2000,
        mask: SigSet::from_bits(0x1234),
    };
    let bytes = action.to_bytes();
    assert_eq!(&bytes[0..8], &0x4000_1000u64.to_le_bytes());
    assert_eq!(&bytes[8..16], &0x0400_0004u64.to_le_bytes());
    assert_eq!(&bytes[16..24], &0x4000_2000u64.to_le_bytes());
    assert_eq!(&bytes[24..32], &0x1234u64.to_le_bytes());
    assert_eq!(SigAction::from_bytes(&bytes), action);
}

#[test]
fn exec_reset_keeps_ignored() {
    let mut table = SigActionTable::default();
    *table.get_mut(Signal::SIGINT) = SigAction {
        handler: SIG_IGN,
        flags: SaFlags::RESTART,
        restorer: 9,
        mask: SigSet::FULL,
    };
    table.get_mut(Signal::SIGTERM).handler = 0x1234;
    table.reset_for_exec();
    assert_eq!(
        *table.get(Signal::SIGINT),
        SigAction {
            handler: SIG_IGN,
            ..SigAction::DEFAULT
        }
    );
    assert_eq!(*table.get(Signal::SIGTERM), SigAction::DEFAULT);
}

#[test]
fn siginfo_user_bytes_at_header_offsets() {
    // asm-generic/siginfo.h: si_signo 0, si_errno 4, si_code 8, union at 16: si_pid 16,
    // si_uid 20, si_status 24, si_utime 32, si_stime 40; si_addr 16; si_value 24.
    let info = SigInfo::child(code::CLD_EXITED, 42, 1000, 3, 7, 9);
    let bytes = info.to_user_bytes();
    assert_eq!(bytes.len(), 128);
    assert_eq!(&bytes[0..4], &17i32.to_le_bytes());
    assert_eq!(&bytes[4..8], &0i32.to_le_bytes());
    assert_eq!(&bytes[8..12], &1i32.to_le_bytes());
    assert_eq!(&bytes[16..20], &42i32.to_le_bytes());
    assert_eq!(&bytes[20..24], &1000u32.to_le_bytes());
    assert_eq!(&bytes[24..28], &3i32.to_le_bytes());
    assert_eq!(&bytes[32..40], &7i64.to_le_bytes());
    assert_eq!(&bytes[40..48], &9i64.to_le_bytes());
    assert!(bytes[48..].iter().all(|b| *b == 0));
    let fault = SigInfo::fault(11, code::SEGV_MAPERR, 0xdead_beef);
    assert_eq!(
        &fault.to_user_bytes()[16..24],
        &0xdead_beefu64.to_le_bytes()
    );
    let queued = SigInfo::queued(40, code::SI_QUEUE, 5, 6, 0x77);
    assert_eq!(&queued.to_user_bytes()[24..32], &0x77u64.to_le_bytes());
}

#[test]
fn siginfo_layouts_and_user_copy() {
    assert_eq!(layout(11, code::SEGV_MAPERR), Layout::Fault);
    assert_eq!(layout(11, code::SEGV_BNDERR), Layout::FaultBnderr);
    assert_eq!(layout(7, code::BUS_MCEERR_AR), Layout::FaultMceerr);
    assert_eq!(layout(17, code::CLD_KILLED), Layout::Chld);
    assert_eq!(layout(10, code::SI_USER), Layout::Kill);
    assert_eq!(layout(10, code::SI_KERNEL), Layout::Kill);
    assert_eq!(layout(10, code::SI_QUEUE), Layout::Rt);
    assert_eq!(layout(10, code::SI_TIMER), Layout::Timer);
    assert_eq!(layout(10, 3), Layout::Poll);
    assert_eq!(layout(10, 7), Layout::Kill);
    let mut bytes = [0u8; 128];
    bytes[0..4].copy_from_slice(&99i32.to_le_bytes());
    bytes[8..12].copy_from_slice(&code::SI_QUEUE.to_le_bytes());
    bytes[24..32].copy_from_slice(&5u64.to_le_bytes());
    bytes[100] = 1; // known layout: the tail is ignored
    let info = SigInfo::from_user_bytes(40, &bytes).unwrap();
    assert_eq!(
        (info.signo(), info.code(), info.value()),
        (40, code::SI_QUEUE, 5)
    );
    bytes[8..12].copy_from_slice(&(-100i32).to_le_bytes()); // unknown code, nonzero tail
    assert_eq!(SigInfo::from_user_bytes(40, &bytes), Err(Errno::E2BIG));
    bytes[100] = 0;
    assert!(SigInfo::from_user_bytes(40, &bytes).is_ok());
}

fn user(signo: i32) -> Option<QueuedSignal> {
    Some(QueuedSignal {
        info: SigInfo::sent_by(signo, code::SI_USER, 1, 0),
        charged_uid: None,
    })
}

#[test]
fn standard_signals_coalesce_realtime_queue() {
    let mut pending = SigPending::default();
    pending.add(Signal::SIGUSR1, user(10));
    assert!(pending.is_legacy_duplicate(Signal::SIGUSR1));
    assert!(!pending.is_legacy_duplicate(sig(40)));
    pending.add(sig(40), user(40));
    pending.add(sig(40), user(40));
    assert_eq!(pending.collect(sig(40)).info.signo(), 40);
    assert!(pending.set().contains(sig(40)), "one more queued");
    pending.collect(sig(40));
    assert!(!pending.set().contains(sig(40)));
    // SIGKILL is pending without an entry: the info is synthesized (SI_USER, pid 0).
    pending.add(Signal::SIGKILL, None);
    let kill = pending.collect(Signal::SIGKILL).info;
    assert_eq!(
        (kill.signo(), kill.code(), kill.pid(), kill.uid()),
        (9, 0, 0, 0)
    );
}

#[test]
fn next_signal_lowest_first_synchronous_first() {
    let pending =
        SigSet::from_bits(Signal::SIGINT.mask() | Signal::SIGSEGV.mask() | sig(33).mask());
    assert_eq!(next_signal(pending, SigSet::EMPTY), Some(Signal::SIGSEGV));
    assert_eq!(
        next_signal(pending, SigSet::of(Signal::SIGSEGV)),
        Some(Signal::SIGINT)
    );
    assert_eq!(
        next_signal(
            SigSet::from_bits(sig(40).mask() | sig(33).mask()),
            SigSet::EMPTY
        ),
        Some(sig(33))
    );
    assert_eq!(next_signal(pending, SigSet::FULL), None);
}

#[test]
fn synchronous_dequeue_takes_faults_in_queue_order() {
    let mut pending = SigPending::default();
    pending.add(Signal::SIGINT, user(2));
    // A user-sent SIGSEGV (kill -SEGV) is not a fault: code 0.
    pending.add(Signal::SIGSEGV, user(11));
    assert_eq!(pending.dequeue_synchronous(SigSet::EMPTY), None);
    let mut faults = SigPending::default();
    faults.add(
        Signal::SIGBUS,
        Some(QueuedSignal {
            info: SigInfo::fault(7, 2, 8),
            charged_uid: None,
        }),
    );
    faults.add(
        Signal::SIGILL,
        Some(QueuedSignal {
            info: SigInfo::fault(4, 1, 4),
            charged_uid: None,
        }),
    );
    assert_eq!(
        faults
            .dequeue_synchronous(SigSet::EMPTY)
            .map(|q| q.info.signo()),
        Some(7)
    );
    assert!(!faults.set().contains(Signal::SIGBUS));
    assert_eq!(faults.dequeue_synchronous(SigSet::of(Signal::SIGILL)), None);
}
