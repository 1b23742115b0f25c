//! Delivery: handlers and masks, dispositions, stops and continues, faults, temporary masks.

use super::*;
use crate::signal::info::code;
use crate::signal::{how, SIG_DFL, SIG_IGN};
use crate::wait::{WCONTINUED, WNOHANG, WUNTRACED};
use kernel_core::services::process::Wakeup;

#[test]
fn handler_masks_nodefer_resethand() {
    let mut t = table();
    let p = fork(&mut t, pid(1));
    let action = SigAction {
        handler: HANDLER,
        flags: SaFlags::RESETHAND,
        restorer: 0,
        mask: SigSet::of(Signal::SIGUSR2),
    };
    t.sigaction(p, 10, Some(action)).unwrap();
    t.kill(pid(1), p.as_raw(), 10).unwrap();
    let SignalAction::Handler(d) = t.next_action(p).unwrap() else {
        panic!("handler expected")
    };
    assert_eq!(d.saved_mask, SigSet::EMPTY);
    t.signal_delivered(p, &d).unwrap();
    assert_eq!(
        t.blocked(p).unwrap(),
        SigSet::from_bits(sig(10).mask() | sig(12).mask())
    );
    assert_eq!(
        t.sigaction(p, 10, None).unwrap().handler,
        SIG_DFL,
        "SA_RESETHAND"
    );
    assert_eq!(t.sigaction(p, 10, None).unwrap().flags, SaFlags::RESETHAND);
    // SA_NODEFER: the signal itself stays unblocked.
    t.set_current_blocked(p, SigSet::EMPTY).unwrap();
    handle(&mut t, p, 14, HANDLER, SaFlags::NODEFER);
    t.kill(pid(1), p.as_raw(), 14).unwrap();
    let SignalAction::Handler(d) = t.next_action(p).unwrap() else {
        panic!("handler expected")
    };
    t.signal_delivered(p, &d).unwrap();
    assert_eq!(t.blocked(p).unwrap(), SigSet::EMPTY);
}

#[test]
fn sigaction_rules() {
    let mut t = table();
    let p = fork(&mut t, pid(1));
    let act = SigAction {
        handler: HANDLER,
        flags: SaFlags::from_bits_retain(0xffff_ffff_ffff_ffff),
        restorer: 0x99,
        mask: SigSet::FULL,
    };
    assert_eq!(t.sigaction(p, 9, Some(act)), Err(Errno::EINVAL));
    assert_eq!(t.sigaction(p, 19, Some(act)), Err(Errno::EINVAL));
    assert_eq!(
        t.sigaction(p, 9, None),
        Ok(SigAction::DEFAULT),
        "reading is fine"
    );
    assert_eq!(t.sigaction(p, 0, None), Err(Errno::EINVAL));
    assert_eq!(t.sigaction(p, 65, None), Err(Errno::EINVAL));
    t.sigaction(p, 2, Some(act)).unwrap();
    let stored = t.sigaction(p, 2, None).unwrap();
    assert_eq!(
        stored.flags.bits(),
        0xdc00_0807,
        "unknown flags (SA_UNSUPPORTED too) cleared"
    );
    assert_eq!(stored.mask, SigSet::FULL.without_unblockable());
    assert_eq!(stored.restorer, 0x99);
}

#[test]
fn ignoring_discards_pending_but_blocked_signals_queue() {
    let mut t = table();
    let p = fork(&mut t, pid(1));
    handle(&mut t, p, 10, SIG_IGN, SaFlags::empty());
    t.kill(pid(1), p.as_raw(), 10).unwrap();
    t.set_current_blocked(p, SigSet::of(sig(10))).unwrap();
    assert_eq!(t.sigpending(p).unwrap(), SigSet::EMPTY, "dropped when sent");
    t.kill(pid(1), p.as_raw(), 10).unwrap();
    assert_eq!(
        t.sigpending(p).unwrap(),
        SigSet::of(sig(10)),
        "blocked: kept even if ignored"
    );
    handle(&mut t, p, 10, SIG_IGN, SaFlags::empty());
    assert_eq!(
        t.sigpending(p).unwrap(),
        SigSet::EMPTY,
        "setting SIG_IGN discards it"
    );
    // SIGCHLD pending, then SIG_DFL (default ignore) discards it.
    handle(&mut t, p, 17, HANDLER, SaFlags::empty());
    t.set_current_blocked(p, SigSet::of(sig(17))).unwrap();
    t.kill(pid(1), p.as_raw(), 17).unwrap();
    assert_eq!(t.sigpending(p).unwrap(), SigSet::of(sig(17)));
    t.sigaction(p, 17, Some(SigAction::DEFAULT)).unwrap();
    assert_eq!(t.sigpending(p).unwrap(), SigSet::EMPTY);
}

#[test]
fn sigprocmask_rules() {
    let mut t = table();
    let p = fork(&mut t, pid(1));
    let set = SigSet::from_bits(sig(9).mask() | sig(19).mask() | sig(2).mask());
    assert_eq!(
        t.sigprocmask(p, how::SIG_BLOCK, Some(set)),
        Ok(SigSet::EMPTY)
    );
    assert_eq!(
        t.blocked(p),
        Ok(SigSet::of(sig(2))),
        "SIGKILL/SIGSTOP never blocked"
    );
    assert_eq!(t.sigprocmask(p, 3, Some(set)), Err(Errno::EINVAL));
    assert_eq!(
        t.sigprocmask(p, 3, None),
        Ok(SigSet::of(sig(2))),
        "how unchecked without a set"
    );
    assert_eq!(
        t.sigprocmask(p, how::SIG_UNBLOCK, Some(SigSet::of(sig(2)))),
        Ok(SigSet::of(sig(2)))
    );
    assert_eq!(
        t.sigprocmask(p, how::SIG_SETMASK, Some(SigSet::of(sig(3)))),
        Ok(SigSet::EMPTY)
    );
    assert_eq!(t.blocked(p), Ok(SigSet::of(sig(3))));
}

#[test]
fn stop_continue_and_wait() {
    let mut t = table();
    t.set_current_blocked(pid(1), SigSet::of(Signal::SIGCHLD))
        .unwrap();
    let child = fork(&mut t, pid(1));
    t.kill(pid(1), child.as_raw(), 19).unwrap();
    assert_eq!(t.next_action(child), Ok(SignalAction::Stop));
    assert_eq!(
        t.next_action(child),
        Ok(SignalAction::Stop),
        "stays stopped"
    );
    assert!(t.stays_stopped(child));
    let chld = t
        .sigtimedwait_take(pid(1), SigSet::of(sig(17)))
        .unwrap()
        .unwrap();
    assert_eq!((chld.code(), chld.status()), (code::CLD_STOPPED, 19));
    let request = WaitRequest::wait4(-1, (WUNTRACED | WCONTINUED | WNOHANG) as i32).unwrap();
    assert_eq!(
        t.wait(pid(1), request).unwrap().unwrap().result.status,
        0x137f
    );
    assert_eq!(t.wait(pid(1), request).unwrap(), None, "reported once");
    t.take_wakeups();
    t.kill(pid(1), child.as_raw(), 18).unwrap();
    assert!(t.take_wakeups().contains(&Wakeup::Continue { tid: child }));
    assert!(!t.stays_stopped(child), "SIGCONT ends the stop");
    // The continued child tells its parent when it next runs.
    assert_eq!(t.next_action(child), Ok(SignalAction::None));
    let chld = t
        .sigtimedwait_take(pid(1), SigSet::of(sig(17)))
        .unwrap()
        .unwrap();
    assert_eq!((chld.code(), chld.status()), (code::CLD_CONTINUED, 18));
    assert_eq!(
        t.wait(pid(1), request).unwrap().unwrap().result.status,
        0xffff
    );
    assert_eq!(t.wait(pid(1), request).unwrap(), None);
    // SA_NOCLDSTOP: no SIGCHLD for stops, but wait still sees them. (SIGTSTP would be
    // dropped here: init's group 0 is orphaned, as in Linux.)
    handle(&mut t, pid(1), 17, HANDLER, SaFlags::NOCLDSTOP);
    t.kill(pid(1), child.as_raw(), 19).unwrap();
    assert_eq!(t.next_action(child), Ok(SignalAction::Stop));
    assert_eq!(t.sigpending(pid(1)).unwrap(), SigSet::EMPTY);
    assert_eq!(
        t.wait(pid(1), request).unwrap().unwrap().result.status,
        0x137f
    );
    // SIGKILL ends a stop.
    t.take_wakeups();
    t.kill(pid(1), child.as_raw(), 9).unwrap();
    assert!(t.take_wakeups().contains(&Wakeup::Signal {
        tid: child,
        fatal: true
    }));
    assert!(!t.stays_stopped(child), "a fatal signal ends the stop");
    assert_eq!(
        t.next_action(child),
        Ok(SignalAction::Terminate {
            signal: Signal::SIGKILL,
            core: false
        })
    );
}

#[test]
fn group_stop_stops_every_thread() {
    let mut t = table();
    t.set_current_blocked(pid(1), SigSet::of(Signal::SIGCHLD))
        .unwrap();
    let p = fork(&mut t, pid(1));
    let thread = spawn_thread(&mut t, p);
    t.take_wakeups();
    t.kill(pid(1), p.as_raw(), 19).unwrap();
    assert_eq!(t.next_action(p), Ok(SignalAction::Stop));
    assert!(t.take_wakeups().contains(&Wakeup::Signal {
        tid: thread,
        fatal: false
    }));
    // Not yet reported: the other thread has not stopped.
    assert_eq!(t.sigpending(pid(1)).unwrap(), SigSet::EMPTY);
    assert_eq!(t.next_action(thread), Ok(SignalAction::Stop));
    assert_eq!(
        t.sigpending(pid(1)).unwrap(),
        SigSet::of(Signal::SIGCHLD),
        "the last thread to stop notifies"
    );
}

#[test]
fn faults_first_and_tag_bits() {
    let mut t = table();
    let p = fork(&mut t, pid(1));
    handle(&mut t, p, 2, HANDLER, SaFlags::empty());
    handle(&mut t, p, 11, HANDLER, SaFlags::SIGINFO);
    t.kill(pid(1), p.as_raw(), 2).unwrap();
    t.force_fault(p, Signal::SIGSEGV, code::SEGV_ACCERR, 0x0f00_0000_0000_1234)
        .unwrap();
    let SignalAction::Handler(d) = t.next_action(p).unwrap() else {
        panic!("handler expected")
    };
    assert_eq!(d.signal, Signal::SIGSEGV, "synchronous first");
    assert_eq!(
        d.info.addr(),
        0x1234,
        "top byte cleared without SA_EXPOSE_TAGBITS"
    );
    t.signal_delivered(p, &d).unwrap();
    handle(&mut t, p, 7, HANDLER, SaFlags::EXPOSE_TAGBITS);
    t.force_fault(p, Signal::SIGBUS, code::BUS_ADRERR, 0x0f00_0000_0000_5678)
        .unwrap();
    let SignalAction::Handler(d) = t.next_action(p).unwrap() else {
        panic!("handler expected")
    };
    assert_eq!(d.info.addr(), 0x0f00_0000_0000_5678);
}

#[test]
fn forced_signal_overrides_block_and_ignore() {
    let mut t = table();
    let p = fork(&mut t, pid(1));
    handle(&mut t, p, 11, HANDLER, SaFlags::empty());
    t.set_current_blocked(p, SigSet::of(sig(11))).unwrap();
    t.force_fault(p, Signal::SIGSEGV, code::SEGV_MAPERR, 0)
        .unwrap();
    assert_eq!(
        t.sigaction(p, 11, None).unwrap().handler,
        SIG_DFL,
        "blocked: reset to default"
    );
    assert_eq!(t.blocked(p), Ok(SigSet::EMPTY));
    assert_eq!(
        t.next_action(p),
        Ok(SignalAction::Terminate {
            signal: Signal::SIGSEGV,
            core: true
        })
    );
}

#[test]
fn failed_frame_setup_forces_sigsegv() {
    let mut t = table();
    let p = fork(&mut t, pid(1));
    handle(&mut t, p, 11, HANDLER, SaFlags::empty());
    t.force_fault(p, Signal::SIGSEGV, code::SEGV_MAPERR, 0)
        .unwrap();
    let SignalAction::Handler(d) = t.next_action(p).unwrap() else {
        panic!("handler expected")
    };
    t.signal_setup_failed(p, &d).unwrap();
    assert_eq!(t.sigaction(p, 11, None).unwrap().handler, SIG_DFL);
    assert_eq!(
        t.next_action(p),
        Ok(SignalAction::Terminate {
            signal: Signal::SIGSEGV,
            core: true
        })
    );
}

#[test]
fn sigsuspend_mask_goes_into_the_frame() {
    let mut t = table();
    let p = fork(&mut t, pid(1));
    handle(&mut t, p, 10, HANDLER, SaFlags::empty());
    t.set_current_blocked(p, SigSet::of(sig(10))).unwrap();
    t.kill(pid(1), p.as_raw(), 10).unwrap();
    assert!(!t.signal_pending(p));
    t.set_temporary_mask(p, SigSet::EMPTY).unwrap();
    assert!(t.signal_pending(p));
    let SignalAction::Handler(d) = t.next_action(p).unwrap() else {
        panic!("handler expected")
    };
    assert_eq!(
        d.saved_mask,
        SigSet::of(sig(10)),
        "the mask before sigsuspend"
    );
    t.signal_delivered(p, &d).unwrap();
    assert_eq!(t.blocked(p), Ok(SigSet::of(sig(10))));
    // Without a signal, the saved mask comes back on the way out.
    t.set_temporary_mask(p, SigSet::of(sig(12))).unwrap();
    assert_eq!(t.next_action(p), Ok(SignalAction::None));
    assert_eq!(t.blocked(p), Ok(SigSet::of(sig(10))));
}

#[test]
fn sigtimedwait_sleep_and_wake() {
    let mut t = table();
    let p = fork(&mut t, pid(1));
    t.set_current_blocked(p, SigSet::of(sig(10))).unwrap();
    let which = SigSet::from_bits(sig(10).mask() | sig(9).mask());
    assert_eq!(t.sigtimedwait_take(p, which), Ok(None));
    t.sigtimedwait_sleep(p, which).unwrap();
    assert_eq!(
        t.blocked(p),
        Ok(SigSet::EMPTY),
        "waited-for signals unblocked while asleep"
    );
    t.take_wakeups();
    t.kill(pid(1), p.as_raw(), 10).unwrap();
    assert!(t.take_wakeups().contains(&Wakeup::Signal {
        tid: p,
        fatal: false
    }));
    let info = t.sigtimedwait_wake(p, which).unwrap().unwrap();
    assert_eq!(info.signo(), 10);
    assert_eq!(t.blocked(p), Ok(SigSet::of(sig(10))));
}
