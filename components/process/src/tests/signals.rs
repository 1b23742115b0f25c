//! Sending: targets, permission, queueing and its limit, init, the kernel's own signals.

use super::*;
use crate::rlimit::Rlimit;
use crate::signal::info::{code, SigInfo};
use crate::signal::SIG_IGN;
use kernel_core::services::process::Wakeup;

#[test]
fn kill_permissions_and_errors() {
    let mut t = table();
    let alice = user_process(&mut t, 1000);
    let alice2 = user_process(&mut t, 1000);
    let bob = user_process(&mut t, 2000);
    assert_eq!(t.kill(alice, bob.as_raw(), 15), Err(Errno::EPERM));
    assert_eq!(
        t.kill(alice, bob.as_raw(), 0),
        Err(Errno::EPERM),
        "probe checks permission"
    );
    assert_eq!(t.kill(alice, alice2.as_raw(), 0), Ok(()));
    assert_eq!(t.kill(alice, 999, 0), Err(Errno::ESRCH));
    assert_eq!(t.kill(alice, alice2.as_raw(), 65), Err(Errno::EINVAL));
    assert_eq!(t.kill(alice, alice2.as_raw(), -1), Err(Errno::EINVAL));
    assert_eq!(
        t.kill(alice, 999, 65),
        Err(Errno::ESRCH),
        "no target before the number check"
    );
    assert_eq!(t.kill(alice, i32::MIN, 9), Err(Errno::ESRCH));
    // SIGCONT within the session is allowed whatever the ids (all in session 0 here).
    assert_eq!(
        t.kill(alice, bob.as_raw(), Signal::SIGCONT.number()),
        Ok(())
    );
    // Root may signal anyone (CAP_KILL).
    assert_eq!(t.kill(pid(1), bob.as_raw(), 0), Ok(()));
    // The info names the sender.
    handle(&mut t, alice2, 10, HANDLER, SaFlags::SIGINFO);
    t.kill(alice, alice2.as_raw(), 10).unwrap();
    assert_eq!(
        delivered(&mut t, alice2),
        Some((10, code::SI_USER, alice.as_raw()))
    );
}

#[test]
fn kill_minus_one_and_groups() {
    let mut t = table();
    let alice = user_process(&mut t, 1000);
    let bob = user_process(&mut t, 2000);
    handle(&mut t, alice, 10, HANDLER, SaFlags::empty());
    // -1: everyone but init and the caller; bob refuses (EPERM), alice's own group is
    // skipped; no successful target and no other error: the result is 0.
    let carol = user_process(&mut t, 1000);
    handle(&mut t, carol, 10, HANDLER, SaFlags::empty());
    assert_eq!(t.kill(alice, -1, 10), Ok(()));
    assert_eq!(delivered(&mut t, carol).map(|d| d.0), Some(10));
    assert_eq!(delivered(&mut t, alice), None, "not the caller");
    let _ = bob;
    // Only init and the caller: ESRCH.
    let mut lonely = table();
    let only = fork(&mut lonely, pid(1));
    assert_eq!(lonely.kill(only, -1, 0), Err(Errno::ESRCH));
    // Groups: -pgid and 0.
    t.setpgid(carol, 0, 0).unwrap();
    assert_eq!(t.kill(alice, -carol.as_raw(), 10), Ok(()));
    assert_eq!(delivered(&mut t, carol).map(|d| d.0), Some(10));
    assert_eq!(t.kill(alice, -12345, 10), Err(Errno::ESRCH));
    assert_eq!(t.kill(carol, 0, 10), Ok(()));
    assert_eq!(delivered(&mut t, carol).map(|d| d.0), Some(10));
    // A group where every member refuses: EPERM.
    t.setpgid(bob, 0, 0).unwrap();
    assert_eq!(t.kill(alice, -bob.as_raw(), 10), Err(Errno::EPERM));
}

#[test]
fn tgkill_tkill_and_sigqueue() {
    let mut t = table();
    let p = fork(&mut t, pid(1));
    let thread = spawn_thread(&mut t, p);
    handle(&mut t, p, 12, HANDLER, SaFlags::SIGINFO);
    assert_eq!(t.tgkill(pid(1), 0, thread.as_raw(), 12), Err(Errno::EINVAL));
    assert_eq!(t.tgkill(pid(1), p.as_raw(), 0, 12), Err(Errno::EINVAL));
    assert_eq!(
        t.tgkill(pid(1), pid(1).as_raw(), thread.as_raw(), 12),
        Err(Errno::ESRCH)
    );
    assert_eq!(t.tkill(pid(1), -3, 12), Err(Errno::EINVAL));
    assert_eq!(t.tgkill(pid(1), p.as_raw(), thread.as_raw(), 12), Ok(()));
    // Thread-directed: only that thread sees it.
    assert_eq!(delivered(&mut t, p), None);
    assert_eq!(delivered(&mut t, thread), Some((12, code::SI_TKILL, 1)));
    // rt_sigqueueinfo: si_code >= 0 only to oneself.
    let fake = SigInfo::sent_by(40, code::SI_USER, 77, 0);
    assert_eq!(
        t.sigqueueinfo(pid(1), p.as_raw(), 40, fake),
        Err(Errno::EPERM)
    );
    let queued = SigInfo::queued(40, code::SI_QUEUE, 1, 0, 0xfeed);
    handle(&mut t, p, 40, HANDLER, SaFlags::SIGINFO);
    assert_eq!(t.sigqueueinfo(pid(1), p.as_raw(), 40, queued), Ok(()));
    match t.next_action(p).unwrap() {
        SignalAction::Handler(d) => {
            assert_eq!((d.info.code(), d.info.value()), (code::SI_QUEUE, 0xfeed))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        t.tgsigqueueinfo(pid(1), p.as_raw(), thread.as_raw(), 40, fake),
        Err(Errno::EPERM)
    );
}

#[test]
fn standard_signals_coalesce_realtime_signals_queue() {
    let mut t = table();
    let p = fork(&mut t, pid(1));
    handle(&mut t, p, 10, HANDLER, SaFlags::empty());
    handle(&mut t, p, 40, HANDLER, SaFlags::empty());
    t.set_current_blocked(p, SigSet::FULL).unwrap();
    for _ in 0..3 {
        t.kill(pid(1), p.as_raw(), 10).unwrap();
        t.kill(pid(1), p.as_raw(), 40).unwrap();
    }
    t.set_current_blocked(p, SigSet::EMPTY).unwrap();
    let mut got = Vec::new();
    while let Some((signo, _, _)) = delivered(&mut t, p) {
        got.push(signo);
    }
    assert_eq!(got, vec![10, 40, 40, 40]);
}

#[test]
fn rlimit_sigpending_refuses_queued_realtime_signals() {
    let mut t = table();
    let p = user_process(&mut t, 1000);
    t.setrlimit(p, 11, Rlimit { soft: 1, hard: 1 }).unwrap();
    t.set_current_blocked(p, SigSet::FULL).unwrap();
    let queued = |n| SigInfo::queued(40, code::SI_QUEUE, p.as_raw(), 1000, n);
    assert_eq!(t.sigqueueinfo(p, p.as_raw(), 40, queued(1)), Ok(()));
    assert_eq!(t.queued_signals_of(1000), 1);
    assert_eq!(
        t.sigqueueinfo(p, p.as_raw(), 40, queued(2)),
        Err(Errno::EAGAIN)
    );
    // kill() cannot fail that way: the signal is set without its info.
    assert_eq!(t.kill(p, p.as_raw(), 41), Ok(()));
    // Standard signals ignore the limit.
    assert_eq!(t.kill(p, p.as_raw(), 10), Ok(()));
    assert_eq!(t.queued_signals_of(1000), 2);
    assert_eq!(
        t.sigpending(p).unwrap().bits(),
        sig(10).mask() | sig(40).mask() | sig(41).mask()
    );
    let info = t
        .sigtimedwait_take(p, SigSet::of(sig(41)))
        .unwrap()
        .unwrap();
    assert_eq!(
        (info.code(), info.pid()),
        (code::SI_USER, 0),
        "info lost: synthesized"
    );
    t.sigtimedwait_take(p, SigSet::of(sig(40)))
        .unwrap()
        .unwrap();
    assert_eq!(t.queued_signals_of(1000), 1, "the slot is given back");
}

#[test]
fn init_ignores_what_it_does_not_handle() {
    let mut t = table();
    let child = fork(&mut t, pid(1));
    assert_eq!(t.kill(child, 1, 15), Ok(()));
    assert_eq!(t.kill(child, 1, 9), Ok(()));
    assert_eq!(t.sigpending(pid(1)), Ok(SigSet::EMPTY));
    assert_eq!(t.next_action(pid(1)), Ok(SignalAction::None));
    // A fault has no handler to fall back on: init dies.
    t.force_fault(pid(1), Signal::SIGSEGV, code::SEGV_MAPERR, 0)
        .unwrap();
    assert_eq!(
        t.next_action(pid(1)),
        Ok(SignalAction::Terminate {
            signal: Signal::SIGSEGV,
            core: true
        })
    );
    let death = t
        .exit_group_by_signal(pid(1), Signal::SIGSEGV, false)
        .unwrap()
        .init_died;
    assert_eq!(death.map(|d| d.exit_code), Some(11));
}

#[test]
fn process_signals_go_to_a_thread_that_takes_them() {
    let mut t = table();
    let p = fork(&mut t, pid(1));
    let thread = spawn_thread(&mut t, p);
    handle(&mut t, p, 10, HANDLER, SaFlags::empty());
    t.set_current_blocked(p, SigSet::of(sig(10))).unwrap();
    t.take_wakeups();
    t.kill(pid(1), p.as_raw(), 10).unwrap();
    assert_eq!(
        t.take_wakeups(),
        vec![Wakeup::Signal {
            tid: thread,
            fatal: false
        }]
    );
    assert_eq!(delivered(&mut t, p), None);
    assert_eq!(delivered(&mut t, thread).map(|d| d.0), Some(10));
    // A fatal signal nobody handles wakes every thread for the group exit.
    t.take_wakeups();
    t.kill(pid(1), p.as_raw(), 15).unwrap();
    let wakeups = t.take_wakeups();
    assert!(wakeups.contains(&Wakeup::Signal {
        tid: p,
        fatal: true
    }));
    assert!(wakeups.contains(&Wakeup::Signal {
        tid: thread,
        fatal: true
    }));
}

#[test]
fn kernel_group_signal_for_the_tty() {
    let mut t = table();
    let shell = fork(&mut t, pid(1));
    t.setsid(shell).unwrap();
    let job = fork(&mut t, shell);
    handle(&mut t, job, 2, HANDLER, SaFlags::SIGINFO);
    assert_eq!(
        t.kill_group_from_kernel(shell.as_raw(), Signal::SIGINT),
        Ok(())
    );
    match t.next_action(job).unwrap() {
        SignalAction::Handler(d) => assert_eq!((d.info.code(), d.info.pid()), (code::SI_KERNEL, 0)),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        t.kill_group_from_kernel(4242, Signal::SIGINT),
        Err(Errno::ESRCH)
    );
    assert!(!t.ignores_or_blocks(job, Signal::SIGTTOU));
    handle(&mut t, job, 22, SIG_IGN, SaFlags::empty());
    assert!(t.ignores_or_blocks(job, Signal::SIGTTOU));
}
