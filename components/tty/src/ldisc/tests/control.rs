//! Job control: TIOCSCTTY, TIOCNOTTY, TIOCGPGRP, TIOCSPGRP and TIOCGSID as tty_jobctrl.c.

use crate::ldisc::{ControllingTerminal, JobControlError, SessionMember};
use kernel_core::Errno;

const LEADER: SessionMember = SessionMember {
    pgid: 10,
    sid: 10,
    is_session_leader: true,
    has_controlling_terminal: false,
};

const MEMBER: SessionMember = SessionMember {
    pgid: 12,
    sid: 10,
    is_session_leader: false,
    has_controlling_terminal: true,
};

const STRANGER: SessionMember = SessionMember {
    pgid: 20,
    sid: 20,
    is_session_leader: true,
    has_controlling_terminal: false,
};

#[test]
fn a_session_leader_acquires_the_terminal_and_becomes_foreground() {
    let mut terminal = ControllingTerminal::new();
    assert_eq!(terminal.attach(LEADER, false), Ok(None));
    assert_eq!(terminal.session(), Some(10));
    assert_eq!(terminal.foreground_for(MEMBER), Ok(10));
    assert_eq!(terminal.session_for(MEMBER), Ok(10));
    // Again from the same leader: nothing to do.
    let attached = SessionMember {
        has_controlling_terminal: true,
        ..LEADER
    };
    assert_eq!(terminal.attach(attached, false), Ok(None));
}

#[test]
fn only_a_leader_without_a_terminal_may_attach_and_stealing_needs_permission() {
    let mut terminal = ControllingTerminal::new();
    assert_eq!(
        terminal.attach(MEMBER, false),
        Err(JobControlError::NotPermitted)
    );
    terminal.attach(LEADER, false).expect("leader attaches");
    assert_eq!(
        terminal.attach(STRANGER, false),
        Err(JobControlError::NotPermitted)
    );
    assert_eq!(terminal.attach(STRANGER, true), Ok(Some(10)));
    assert_eq!(terminal.foreground(), Some(20));
}

#[test]
fn other_sessions_see_enotty() {
    let mut terminal = ControllingTerminal::new();
    assert_eq!(
        terminal
            .foreground_for(LEADER)
            .map_err(JobControlError::errno),
        Err(Errno::ENOTTY)
    );
    terminal.attach(LEADER, false).expect("leader attaches");
    assert_eq!(
        terminal.foreground_for(STRANGER),
        Err(JobControlError::NotControllingTerminal)
    );
    assert_eq!(
        terminal.set_foreground(STRANGER, 20, Some(20)),
        Err(JobControlError::NotControllingTerminal)
    );
}

#[test]
fn set_foreground_checks_the_group() {
    let mut terminal = ControllingTerminal::new();
    terminal.attach(LEADER, false).expect("leader attaches");
    assert_eq!(
        terminal.set_foreground(MEMBER, -1, Some(10)),
        Err(JobControlError::InvalidGroup)
    );
    assert_eq!(
        terminal.set_foreground(MEMBER, 99, None),
        Err(JobControlError::NoSuchGroup)
    );
    assert_eq!(
        terminal.set_foreground(MEMBER, 20, Some(20)),
        Err(JobControlError::NotPermitted)
    );
    assert_eq!(terminal.set_foreground(MEMBER, 12, Some(10)), Ok(()));
    assert_eq!(terminal.foreground_for(LEADER), Ok(12));
}

#[test]
fn notty_from_the_leader_hangs_up_the_foreground_group() {
    let mut terminal = ControllingTerminal::new();
    terminal.attach(LEADER, false).expect("leader attaches");
    terminal
        .set_foreground(MEMBER, 12, Some(10))
        .expect("member group");
    assert_eq!(terminal.detach(MEMBER), Ok(None));
    assert_eq!(terminal.session(), Some(10));
    assert_eq!(terminal.detach(LEADER), Ok(Some(12)));
    assert_eq!(terminal.session(), None);
    assert_eq!(terminal.foreground(), None);
    assert_eq!(
        terminal.detach(LEADER),
        Err(JobControlError::NotControllingTerminal)
    );
}
