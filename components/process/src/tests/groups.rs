//! Process groups and sessions: `setpgid`, `setsid`, `getpgid`, `getsid`, orphaned groups.

use super::{fork, handle, pid, table};
use crate::signal::SaFlags;
use crate::table::{ProcessTable, SignalAction};
use kernel_core::services::process::{Pid, Signal};
use kernel_core::Errno;

/// init, a session leader (pid 2) and its child (pid 3), as a login shell and a job.
fn session() -> (ProcessTable, Pid, Pid) {
    let mut t = table();
    let shell = fork(&mut t, pid(1));
    assert_eq!(t.setsid(shell).map(|o| o.sid), Ok(shell));
    let job = fork(&mut t, shell);
    (t, shell, job)
}

#[test]
fn setsid_rules() {
    let (mut t, shell, job) = session();
    assert_eq!(t.getsid(job, 0), Ok(shell.as_raw()));
    assert_eq!(t.getpgid(job, 0), Ok(shell.as_raw()));
    assert_eq!(t.setsid(shell), Err(Errno::EPERM), "already a leader");
    // job's pid is not a group id yet: it may start a session.
    assert_eq!(t.setsid(job).map(|o| o.sid), Ok(job));
    assert_eq!(
        (t.getsid(job, 0), t.getpgid(job, 0)),
        (Ok(job.as_raw()), Ok(job.as_raw()))
    );
    assert_eq!(t.getsid(shell, job.as_raw()), Ok(job.as_raw()));
    assert_eq!(t.getsid(shell, 999), Err(Errno::ESRCH));
    assert_eq!(t.getpgid(shell, -4), Err(Errno::ESRCH));
    // A group leader cannot setsid: its pid names a group (why daemons fork first).
    let leader = fork(&mut t, shell);
    t.setpgid(leader, 0, 0).unwrap();
    assert_eq!(t.setsid(leader), Err(Errno::EPERM));
}

#[test]
fn setpgid_rules() {
    let (mut t, shell, job) = session();
    assert_eq!(t.setpgid(shell, job.as_raw(), -1), Err(Errno::EINVAL));
    assert_eq!(t.setpgid(shell, 999, 0), Err(Errno::ESRCH));
    assert_eq!(
        t.setpgid(job, pid(1).as_raw(), 0),
        Err(Errno::ESRCH),
        "not own child"
    );
    assert_eq!(t.setpgid(shell, 0, 0), Err(Errno::EPERM), "session leader");
    // The shell puts the job in its own group, then moves it back.
    assert_eq!(t.setpgid(shell, job.as_raw(), 0), Ok(()));
    assert_eq!(t.getpgid(shell, job.as_raw()), Ok(job.as_raw()));
    assert_eq!(t.setpgid(shell, job.as_raw(), shell.as_raw()), Ok(()));
    // A group that does not exist in the session.
    assert_eq!(t.setpgid(shell, job.as_raw(), 999), Err(Errno::EPERM));
    assert_eq!(t.setpgid(shell, job.as_raw(), 0 /* job */), Ok(()));
    // The child itself may join its parent's group.
    assert_eq!(t.setpgid(job, 0, shell.as_raw()), Ok(()));
    // A thread is not a group leader: EINVAL comes before the parent check.
    let thread = super::spawn_thread(&mut t, job);
    assert_eq!(t.setpgid(shell, thread.as_raw(), 0), Err(Errno::EINVAL));
    assert_eq!(t.setpgid(job, thread.as_raw(), 0), Err(Errno::EINVAL));
    // After exec, the parent may no longer move it.
    let fresh = fork(&mut t, shell);
    t.exec_commit(fresh, None, None).unwrap();
    assert_eq!(t.setpgid(shell, fresh.as_raw(), 0), Err(Errno::EACCES));
    // A child in another session.
    let other = fork(&mut t, shell);
    t.setsid(other).unwrap();
    assert_eq!(t.setpgid(shell, other.as_raw(), 0), Err(Errno::EPERM));
}

#[test]
fn stop_signals_are_dropped_in_orphaned_groups() {
    let (mut t, shell, job) = session();
    t.setpgid(shell, job.as_raw(), 0).unwrap();
    assert!(
        !t.is_orphaned_group(job.as_raw()),
        "the shell is outside the group, same session"
    );
    t.kill(shell, job.as_raw(), Signal::SIGTSTP.number())
        .unwrap();
    assert_eq!(t.next_action(job), Ok(SignalAction::Stop));
    let (mut t, shell, job) = session();
    t.setpgid(shell, job.as_raw(), 0).unwrap();
    let grandchild = fork(&mut t, job);
    // job's parent is the session leader; a group whose only member is a child of init is
    // orphaned.
    t.exit_thread(shell, 0).unwrap();
    assert_eq!(t.getppid(job), Ok(1));
    assert!(t.is_orphaned_group(job.as_raw()));
    t.kill(job, grandchild.as_raw(), Signal::SIGTSTP.number())
        .unwrap();
    assert_eq!(
        t.next_action(grandchild),
        Ok(SignalAction::None),
        "SIGTSTP dropped"
    );
    t.kill(job, grandchild.as_raw(), Signal::SIGSTOP.number())
        .unwrap();
    assert_eq!(
        t.next_action(grandchild),
        Ok(SignalAction::Stop),
        "SIGSTOP always stops"
    );
}

#[test]
fn newly_orphaned_group_with_stopped_member_gets_hup_and_cont() {
    let (mut t, shell, job) = session();
    t.setpgid(shell, job.as_raw(), 0).unwrap();
    handle(
        &mut t,
        job,
        Signal::SIGHUP.number(),
        0x1000,
        SaFlags::empty(),
    );
    t.kill(shell, job.as_raw(), Signal::SIGSTOP.number())
        .unwrap();
    assert_eq!(t.next_action(job), Ok(SignalAction::Stop));
    t.exit_thread(shell, 0).unwrap();
    // SIGCONT ran at once (the stop is over), SIGHUP waits to be handled.
    match t.next_action(job) {
        Ok(SignalAction::Handler(delivery)) => assert_eq!(delivery.signal, Signal::SIGHUP),
        other => panic!("expected the SIGHUP handler, got {other:?}"),
    }
}
