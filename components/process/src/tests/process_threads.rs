//! Threads in exit and wait, clone children and flags, RLIMIT_NPROC, vfork.

use super::*;
use crate::rlimit::Rlimit;
use crate::signal::info::code;
use crate::wait::{WALL, WCLONE, WNOHANG};
use kernel_core::services::process::Wakeup;

#[test]
fn leader_exit_waits_for_threads() {
    let mut t = table();
    watch_sigchld(&mut t, pid(1));
    let child = fork(&mut t, pid(1));
    let thread = spawn_thread(&mut t, child);
    assert_eq!(t.getpid(thread), Ok(child));
    t.exit_thread(child, 0).unwrap();
    assert!(t.thread_exists(child), "zombie leader");
    assert_eq!(
        wait4(&mut t, pid(1), -1, WNOHANG),
        Ok(None),
        "delayed, but eligible"
    );
    assert_eq!(take_sigchld(&mut t, pid(1)), None);
    let outcome = t.exit_thread(thread, 5).unwrap();
    assert_eq!(outcome.released, vec![thread]);
    // do_notify_parent reports the leader's own exit code (0)...
    assert_eq!(
        take_sigchld(&mut t, pid(1)),
        Some((code::CLD_EXITED, child.as_raw(), 0))
    );
    // ...while wait sees group_exit_code: Linux 6.1's synchronize_group_exit makes the last
    // thread's code the group's.
    assert_eq!(wait4(&mut t, pid(1), -1, 0).unwrap().unwrap().status, 0x500);
}

#[test]
fn exit_group_kills_the_other_threads() {
    let mut t = table();
    let child = fork(&mut t, pid(1));
    let thread = spawn_thread(&mut t, child);
    t.take_wakeups();
    t.exit_group(child, 9).unwrap();
    assert!(t.take_wakeups().contains(&Wakeup::Signal {
        tid: thread,
        fatal: true
    }));
    assert_eq!(
        t.next_action(thread),
        Ok(SignalAction::Terminate {
            signal: Signal::SIGKILL,
            core: false
        })
    );
    t.exit_group_by_signal(thread, Signal::SIGKILL, false)
        .unwrap();
    assert_eq!(wait4(&mut t, pid(1), -1, 0).unwrap().unwrap().status, 0x900);
}

#[test]
fn clone_children_need_wclone() {
    let mut t = table();
    let request = CloneRequest {
        exit_signal: 10,
        ..CloneRequest::FORK
    };
    let child = t.clone(pid(1), &request).unwrap().tid;
    t.exit_thread(child, 0).unwrap();
    assert_eq!(take_sigchld(&mut t, pid(1)), None, "SIGUSR1, not SIGCHLD");
    assert_eq!(wait4(&mut t, pid(1), -1, WNOHANG), Err(Errno::ECHILD));
    assert!(wait4(&mut t, pid(1), -1, WCLONE | WNOHANG)
        .unwrap()
        .is_some());
    let again = t.clone(pid(1), &request).unwrap().tid;
    t.exit_thread(again, 0).unwrap();
    assert!(wait4(&mut t, pid(1), -1, WALL).unwrap().is_some());
}

#[test]
fn clone_flag_checks() {
    let mut t = table();
    let try_flags = |t: &mut ProcessTable, flags: CloneFlags| {
        t.clone(
            pid(1),
            &CloneRequest {
                flags,
                exit_signal: 17,
                child_clear_tid: 0,
            },
        )
        .map(|o| o.tid)
    };
    assert_eq!(try_flags(&mut t, CloneFlags::THREAD), Err(Errno::EINVAL));
    assert_eq!(try_flags(&mut t, CloneFlags::SIGHAND), Err(Errno::EINVAL));
    assert_eq!(
        try_flags(&mut t, CloneFlags::PARENT),
        Err(Errno::EINVAL),
        "init may not"
    );
    assert_eq!(
        try_flags(&mut t, CloneFlags::NEWNS | CloneFlags::FS),
        Err(Errno::EINVAL)
    );
    let child = fork(&mut t, pid(1));
    let sibling = t
        .clone(
            child,
            &CloneRequest {
                flags: CloneFlags::PARENT,
                exit_signal: 0,
                child_clear_tid: 0,
            },
        )
        .unwrap()
        .tid;
    assert_eq!(t.getppid(sibling), Ok(1));
}

#[test]
fn nproc_limit_applies_to_users() {
    let mut t = table();
    let child = fork(&mut t, pid(1));
    t.change_credentials(child, |c| c.setresuid(1000, 1000, 1000))
        .unwrap();
    t.setrlimit(child, 6, Rlimit { soft: 2, hard: 2 }).unwrap();
    let second = fork(&mut t, child);
    assert_eq!(t.clone(child, &CloneRequest::FORK), Err(Errno::EAGAIN));
    t.exit_thread(second, 0).unwrap();
    // A zombie still counts until it is reaped.
    assert_eq!(t.clone(child, &CloneRequest::FORK), Err(Errno::EAGAIN));
    wait4(&mut t, child, -1, 0).unwrap();
    assert!(t.clone(child, &CloneRequest::FORK).is_ok());
}

#[test]
fn vfork_and_clear_child_tid_on_exit() {
    let mut t = table();
    let request = CloneRequest {
        flags: CloneFlags::VM | CloneFlags::VFORK | CloneFlags::CHILD_CLEARTID,
        exit_signal: 17,
        child_clear_tid: 0x5000,
    };
    let child = t.clone(pid(1), &request).unwrap().tid;
    t.take_wakeups();
    let outcome = t.exit_thread(child, 0).unwrap();
    assert_eq!(outcome.clear_child_tid, 0x5000);
    assert_eq!(outcome.vfork_parent, Some(pid(1)));
    assert!(t
        .take_wakeups()
        .contains(&Wakeup::VforkDone { parent_tid: pid(1) }));
    assert_eq!(t.set_tid_address(pid(1), 0x6000), Ok(pid(1)));
}

#[test]
fn a_vfork_parent_is_held_until_the_child_execs_or_exits() {
    use crate::table::{CloneFlags, CloneRequest};
    let mut t = table();
    let request = CloneRequest {
        flags: CloneFlags::VM | CloneFlags::VFORK,
        exit_signal: 17,
        child_clear_tid: 0,
    };
    let child = t.clone(pid(1), &request).unwrap().tid;
    assert!(t.vfork_pending(child));
    t.exec_begin(child).unwrap();
    t.exec_commit(child, None, None).unwrap();
    assert!(!t.vfork_pending(child), "exec releases the parent");
    let child = t.clone(pid(1), &request).unwrap().tid;
    t.exit_thread(child, 0).unwrap();
    assert!(!t.vfork_pending(child), "so does exit");
}
