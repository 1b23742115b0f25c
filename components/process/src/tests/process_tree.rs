//! fork, exit, zombies, wait, reparenting to init, SIGCHLD, threads, clone checks.

use super::*;
use crate::signal::info::code;
use crate::signal::{SaFlags, SIG_IGN};
use crate::wait::{WEXITED, WNOHANG, WNOWAIT, WSTOPPED};
use kernel_core::services::process::Wakeup;

#[test]
fn fork_ids_and_parent() {
    let mut t = table();
    assert_eq!(t.getppid(pid(1)), Ok(0));
    let child = fork(&mut t, pid(1));
    assert_eq!(child, pid(2));
    assert_eq!(t.getpid(child), Ok(child));
    assert_eq!(t.getppid(child), Ok(1));
    assert_eq!(t.getpgid(child, 0), Ok(0), "init's boot group");
    assert_eq!(t.getsid(child, 0), Ok(0));
    assert_eq!(t.current_umask(child), Ok(0o022));
}

#[test]
fn exit_zombie_wait_reap() {
    let mut t = table();
    watch_sigchld(&mut t, pid(1));
    let child = fork(&mut t, pid(1));
    t.take_wakeups();
    assert_eq!(wait4(&mut t, pid(1), -1, WNOHANG), Ok(None));
    let outcome = t.exit_thread(child, 3).unwrap();
    assert!(
        outcome.group_dead && outcome.released.is_empty(),
        "a zombie stays"
    );
    assert!(t
        .take_wakeups()
        .contains(&Wakeup::ChildEvent { parent: pid(1) }));
    assert_eq!(take_sigchld(&mut t, pid(1)), Some((code::CLD_EXITED, 2, 3)));
    assert_eq!(
        t.process_info(child).map(|i| i.state),
        Some(kernel_core::services::process::ProcessRunState::Zombie)
    );
    let found = t
        .wait(pid(1), WaitRequest::wait4(-1, 0).unwrap())
        .unwrap()
        .unwrap();
    assert_eq!((found.result.pid, found.result.status), (child, 0x0300));
    assert_eq!(found.released, vec![child]);
    assert!(!t.thread_exists(child));
    assert_eq!(wait4(&mut t, pid(1), -1, 0), Err(Errno::ECHILD));
}

#[test]
fn wait_targets() {
    let mut t = table();
    let a = fork(&mut t, pid(1));
    let b = fork(&mut t, pid(1));
    let grandchild = fork(&mut t, a);
    t.setpgid(b, 0, 0).unwrap();
    assert_eq!(
        wait4(&mut t, pid(1), grandchild.as_raw(), WNOHANG),
        Err(Errno::ECHILD),
        "not ours"
    );
    assert_eq!(
        wait4(&mut t, pid(1), 999, WNOHANG),
        Err(Errno::ECHILD),
        "no such task"
    );
    assert_eq!(
        wait4(&mut t, pid(1), -999, WNOHANG),
        Err(Errno::ECHILD),
        "empty group"
    );
    t.exit_thread(a, 1).unwrap();
    t.exit_thread(b, 2).unwrap();
    // Group 0 (the caller's) holds a; group b holds b.
    assert_eq!(
        wait4(&mut t, pid(1), -b.as_raw(), 0)
            .unwrap()
            .map(|r| r.pid),
        Some(b)
    );
    assert_eq!(wait4(&mut t, pid(1), 0, 0).unwrap().map(|r| r.pid), Some(a));
}

#[test]
fn orphans_go_to_init_and_init_hears_of_dead_ones() {
    let mut t = table();
    watch_sigchld(&mut t, pid(1));
    let parent = fork(&mut t, pid(1));
    let live = fork(&mut t, parent);
    let dead = fork(&mut t, parent);
    t.exit_thread(dead, 7).unwrap();
    t.exit_thread(parent, 0).unwrap();
    assert_eq!(t.getppid(live), Ok(1));
    assert_eq!(t.getppid(dead), Ok(1));
    // init gets SIGCHLD for its own child and for the inherited zombie (coalesced: one
    // standard signal; the first info wins).
    assert!(take_sigchld(&mut t, pid(1)).is_some());
    let mut reaped = Vec::new();
    while let Ok(Some(result)) = wait4(&mut t, pid(1), -1, WNOHANG) {
        reaped.push((result.pid, result.status));
    }
    reaped.sort();
    assert_eq!(reaped, vec![(parent, 0), (dead, 0x0700)]);
    assert_eq!(
        wait4(&mut t, pid(1), -1, WNOHANG),
        Ok(None),
        "live is still running"
    );
}

#[test]
fn sigchld_ignored_means_no_zombies() {
    let mut t = table();
    let parent = fork(&mut t, pid(1));
    handle(&mut t, parent, 17, SIG_IGN, SaFlags::empty());
    let child = fork(&mut t, parent);
    let outcome = t.exit_thread(child, 0).unwrap();
    assert_eq!(outcome.released, vec![child]);
    assert!(!t.thread_exists(child));
    assert_eq!(
        take_sigchld(&mut t, parent),
        None,
        "SIG_IGN: no signal either"
    );
    assert_eq!(wait4(&mut t, parent, -1, 0), Err(Errno::ECHILD));
}

#[test]
fn sa_nocldwait_reaps_but_still_signals() {
    let mut t = table();
    let parent = fork(&mut t, pid(1));
    handle(&mut t, parent, 17, 0x1000, SaFlags::NOCLDWAIT);
    let child = fork(&mut t, parent);
    assert_eq!(t.exit_thread(child, 0).unwrap().released, vec![child]);
    assert!(take_sigchld(&mut t, parent).is_some());
}

#[test]
fn killed_and_core_statuses() {
    let mut t = table();
    watch_sigchld(&mut t, pid(1));
    let child = fork(&mut t, pid(1));
    t.kill(pid(1), child.as_raw(), 15).unwrap();
    assert_eq!(
        t.next_action(child),
        Ok(SignalAction::Terminate {
            signal: Signal::SIGKILL,
            core: false
        }),
        "an unhandled fatal signal starts the group exit at once"
    );
    t.exit_group_by_signal(child, Signal::SIGKILL, false)
        .unwrap();
    let result = wait4(&mut t, pid(1), -1, 0).unwrap().unwrap();
    assert_eq!(result.status, 15, "the status is the signal that was sent");
    assert_eq!(
        take_sigchld(&mut t, pid(1)),
        Some((code::CLD_KILLED, child.as_raw(), 15))
    );

    let crasher = fork(&mut t, pid(1));
    t.force_fault(crasher, Signal::SIGSEGV, code::SEGV_MAPERR, 0x10)
        .unwrap();
    assert_eq!(
        t.next_action(crasher),
        Ok(SignalAction::Terminate {
            signal: Signal::SIGSEGV,
            core: true
        })
    );
    t.exit_group_by_signal(crasher, Signal::SIGSEGV, false)
        .unwrap();
    assert_eq!(wait4(&mut t, pid(1), -1, 0).unwrap().unwrap().status, 11);
}

#[test]
fn init_death_is_reported() {
    let mut t = table();
    let outcome = t.exit_group(pid(1), 1).unwrap();
    let death = outcome.init_died.unwrap();
    assert_eq!(death.exit_code, 0x100);
    assert_eq!(
        death.to_string(),
        "Attempted to kill init! exitcode=0x00000100"
    );
}

#[test]
fn waitid_nowait_and_event_selection() {
    let mut t = table();
    let child = fork(&mut t, pid(1));
    t.exit_thread(child, 2).unwrap();
    let peek = WaitRequest::waitid(0, 0, (WEXITED | WNOWAIT) as i32).unwrap();
    let first = t.wait(pid(1), peek).unwrap().unwrap();
    assert_eq!(
        (first.result.cause, first.result.si_status),
        (code::CLD_EXITED, 2)
    );
    assert!(first.released.is_empty() && t.thread_exists(child));
    // Only stops asked: the dead child is not eligible at all.
    let stops = WaitRequest::waitid(0, 0, WSTOPPED as i32).unwrap();
    assert_eq!(t.wait(pid(1), stops), Err(Errno::ECHILD));
    let reap = WaitRequest::waitid(1, child.as_raw(), WEXITED as i32).unwrap();
    assert_eq!(t.wait(pid(1), reap).unwrap().unwrap().released, vec![child]);
}

#[test]
fn parent_death_signal() {
    let mut t = table();
    let parent = fork(&mut t, pid(1));
    let child = fork(&mut t, parent);
    t.set_current_blocked(child, crate::signal::SigSet::of(sig(10)))
        .unwrap();
    t.set_pdeath_signal(child, 10).unwrap();
    assert_eq!(t.set_pdeath_signal(child, 65), Err(Errno::EINVAL));
    t.exit_thread(parent, 0).unwrap();
    let info = t
        .sigtimedwait_take(child, crate::signal::SigSet::of(sig(10)))
        .unwrap()
        .unwrap();
    assert_eq!((info.code(), info.pid()), (code::SI_USER, parent.as_raw()));
}

#[test]
fn orphans_go_to_the_nearest_child_subreaper_not_init() {
    let mut t = table();
    let reaper = fork(&mut t, pid(1));
    assert_eq!(t.child_subreaper(reaper), Ok(false));
    t.set_child_subreaper(reaper, true).unwrap();
    assert_eq!(t.child_subreaper(reaper), Ok(true));
    let middle = fork(&mut t, reaper);
    let grandchild = fork(&mut t, middle);
    t.exit_thread(middle, 0).unwrap();
    assert_eq!(t.getppid(grandchild), Ok(reaper.as_raw()));
    t.set_child_subreaper(reaper, false).unwrap();
    let middle = fork(&mut t, reaper);
    let grandchild = fork(&mut t, middle);
    t.exit_thread(middle, 0).unwrap();
    assert_eq!(t.getppid(grandchild), Ok(1), "without the flag: init");
}
