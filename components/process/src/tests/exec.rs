//! `execve`: handlers reset, ignored kept, mask and pending kept, alternate stack cleared,
//! other threads killed and the pid taken over.

use super::{fork, handle, pid, sig, spawn_thread, table};
use crate::signal::altstack::{StackT, SS_AUTODISARM};
use crate::signal::{SaFlags, SigAction, SigSet, SIG_IGN};
use crate::table::{ExecStart, SignalAction};
use crate::wait::WaitRequest;
use kernel_core::services::process::{Signal, Wakeup};
use kernel_core::Errno;

#[test]
fn exec_resets_handlers_keeps_ignored_mask_and_pending() {
    let mut t = table();
    let p = fork(&mut t, pid(1));
    handle(&mut t, p, 10, 0x4000, SaFlags::RESTART | SaFlags::SIGINFO);
    handle(&mut t, p, 2, SIG_IGN, SaFlags::RESTART);
    t.set_current_blocked(p, SigSet::of(sig(12))).unwrap();
    t.kill(pid(1), p.as_raw(), 12).unwrap();
    let flags = SS_AUTODISARM as i32;
    t.sigaltstack(
        p,
        Some(StackT {
            ss_sp: 0x9000,
            ss_flags: flags,
            ss_size: 0x4000,
        }),
        0x7000,
    )
    .unwrap();
    assert_eq!(t.exec_begin(p), Ok(ExecStart::Ready));
    let outcome = t.exec_commit(p, None, None).unwrap();
    assert_eq!(
        (outcome.tid, outcome.old_tid, outcome.secure),
        (p, None, false)
    );
    assert_eq!(t.sigaction(p, 10, None), Ok(SigAction::DEFAULT));
    assert_eq!(
        t.sigaction(p, 2, None),
        Ok(SigAction {
            handler: SIG_IGN,
            ..SigAction::DEFAULT
        })
    );
    assert_eq!(t.blocked(p), Ok(SigSet::of(sig(12))));
    assert_eq!(t.sigpending(p), Ok(SigSet::of(sig(12))));
    // Base and size cleared, flags kept (begin_new_exec).
    assert_eq!(
        t.sigaltstack(p, None, 0x7000),
        Ok(StackT {
            ss_sp: 0,
            ss_flags: 2 | flags,
            ss_size: 0
        })
    );
}

#[test]
fn exec_from_a_thread_takes_over_the_pid() {
    let mut t = table();
    let p = fork(&mut t, pid(1));
    let thread = spawn_thread(&mut t, p);
    let other = spawn_thread(&mut t, p);
    t.take_wakeups();
    assert_eq!(t.exec_begin(thread), Ok(ExecStart::WaitForThreads));
    let wakeups = t.take_wakeups();
    assert!(wakeups.contains(&Wakeup::Signal {
        tid: p,
        fatal: true
    }));
    assert!(wakeups.contains(&Wakeup::Signal {
        tid: other,
        fatal: true
    }));
    assert_eq!(
        t.exec_begin(other),
        Err(Errno::EAGAIN),
        "one exec at a time"
    );
    assert_eq!(t.exec_commit(thread, None, None), Err(Errno::EAGAIN));
    // The others die on their way out; their status is 0 during an exec.
    for victim in [p, other] {
        assert_eq!(
            t.next_action(victim),
            Ok(SignalAction::Terminate {
                signal: Signal::SIGKILL,
                core: false
            })
        );
        t.exit_group_by_signal(victim, Signal::SIGKILL, false)
            .unwrap();
    }
    assert!(t
        .take_wakeups()
        .contains(&Wakeup::ExecWaiter { tid: thread }));
    assert!(t.exec_ready(thread));
    let outcome = t.exec_commit(thread, None, None).unwrap();
    assert_eq!((outcome.tid, outcome.old_tid), (p, Some(thread)));
    assert!(!t.thread_exists(thread), "the old number is free");
    assert_eq!(t.thread_ids(p), vec![p]);
    assert_eq!(t.getpid(p), Ok(p));
    // It runs on, and exits normally later.
    assert_eq!(t.next_action(p), Ok(SignalAction::None));
    t.exit_thread(p, 4).unwrap();
    let found = t
        .wait(pid(1), WaitRequest::wait4(-1, 0).unwrap())
        .unwrap()
        .unwrap();
    assert_eq!((found.result.pid, found.result.status), (p, 0x400));
}

#[test]
fn setuid_exec_is_secure_and_drops_pdeath_signal() {
    let mut t = table();
    let p = fork(&mut t, pid(1));
    t.change_credentials(p, |c| c.setresuid(1000, 1000, 1000))
        .unwrap();
    t.set_pdeath_signal(p, 9).unwrap();
    let outcome = t.exec_commit(p, Some(0), None).unwrap();
    assert!(outcome.secure);
    assert_eq!(t.pdeath_signal(p), Ok(0));
    let creds = t.credentials(p).unwrap();
    assert_eq!((creds.uid, creds.euid, creds.suid), (1000, 0, 0));
}
