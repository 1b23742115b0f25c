//! Job control state: the session a terminal controls and its foreground process group
//! (`TIOCSCTTY`, `TIOCNOTTY`, `TIOCGPGRP`, `TIOCSPGRP`, `TIOCGSID`, as Linux's `tty_jobctrl.c`).
//!
//! Only IDs are kept. Privilege (`CAP_SYS_ADMIN` to steal), the background-group SIGTTOU check
//! and process lookups are the caller's; it passes their results in.

use kernel_core::Errno;

/// The calling process, as job control needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionMember {
    /// Its process group.
    pub pgid: i32,
    /// Its session.
    pub sid: i32,
    /// Whether it leads its session.
    pub is_session_leader: bool,
    /// Whether its session already has a controlling terminal (this one or another).
    pub has_controlling_terminal: bool,
}

/// Why a job-control request failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JobControlError {
    /// The terminal is not the caller's controlling terminal (`ENOTTY`).
    #[error("not the caller's controlling terminal")]
    NotControllingTerminal,
    /// Not allowed: not a session leader, already has a terminal, or the terminal or group
    /// belongs to another session (`EPERM`).
    #[error("operation not permitted")]
    NotPermitted,
    /// A negative process group (`EINVAL`).
    #[error("invalid process group")]
    InvalidGroup,
    /// No such process group (`ESRCH`).
    #[error("no such process group")]
    NoSuchGroup,
}

impl JobControlError {
    /// The errno Linux returns.
    pub const fn errno(self) -> Errno {
        match self {
            Self::NotControllingTerminal => Errno::ENOTTY,
            Self::NotPermitted => Errno::EPERM,
            Self::InvalidGroup => Errno::EINVAL,
            Self::NoSuchGroup => Errno::ESRCH,
        }
    }
}

/// A terminal's session and foreground group; both absent until a session leader attaches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ControllingTerminal {
    session: Option<i32>,
    foreground: Option<i32>,
}

impl ControllingTerminal {
    /// Not controlling any session.
    pub const fn new() -> Self {
        Self {
            session: None,
            foreground: None,
        }
    }

    /// The session this terminal controls.
    pub const fn session(&self) -> Option<i32> {
        self.session
    }

    /// The foreground process group, where keyboard signals go.
    pub const fn foreground(&self) -> Option<i32> {
        self.foreground
    }

    /// `TIOCSCTTY`. `may_steal` is `arg == 1` with `CAP_SYS_ADMIN`. On success the caller's
    /// group becomes the foreground; returns the session that lost the terminal, if stolen.
    pub fn attach(
        &mut self,
        caller: SessionMember,
        may_steal: bool,
    ) -> Result<Option<i32>, JobControlError> {
        if caller.is_session_leader && self.session == Some(caller.sid) {
            return Ok(None);
        }
        if !caller.is_session_leader || caller.has_controlling_terminal {
            return Err(JobControlError::NotPermitted);
        }
        let previous = self.session;
        if previous.is_some() && !may_steal {
            return Err(JobControlError::NotPermitted);
        }
        self.session = Some(caller.sid);
        self.foreground = Some(caller.pgid);
        Ok(previous)
    }

    /// `TIOCNOTTY`. Returns the group to send SIGHUP then SIGCONT to when a session leader
    /// gives the terminal up (Linux's `disassociate_ctty`); the kernel clears the caller's (or,
    /// for a leader, the whole session's) controlling terminal.
    pub fn detach(&mut self, caller: SessionMember) -> Result<Option<i32>, JobControlError> {
        self.check_controlling(caller)?;
        if !caller.is_session_leader {
            return Ok(None);
        }
        let foreground = self.foreground.take();
        self.session = None;
        Ok(foreground)
    }

    /// The session ended or hung up: forget it.
    pub fn release(&mut self) {
        self.session = None;
        self.foreground = None;
    }

    /// `TIOCGPGRP`: the foreground group, 0 when none.
    pub fn foreground_for(&self, caller: SessionMember) -> Result<i32, JobControlError> {
        self.check_controlling(caller)?;
        Ok(self.foreground.unwrap_or(0))
    }

    /// `TIOCSPGRP`. `group_session` is the session of group `pgrp`, `None` if it has no member.
    pub fn set_foreground(
        &mut self,
        caller: SessionMember,
        pgrp: i32,
        group_session: Option<i32>,
    ) -> Result<(), JobControlError> {
        self.check_controlling(caller)?;
        if pgrp < 0 {
            return Err(JobControlError::InvalidGroup);
        }
        match group_session {
            None => Err(JobControlError::NoSuchGroup),
            Some(session) if session != caller.sid => Err(JobControlError::NotPermitted),
            Some(_) => {
                self.foreground = Some(pgrp);
                Ok(())
            }
        }
    }

    /// `TIOCGSID`.
    pub fn session_for(&self, caller: SessionMember) -> Result<i32, JobControlError> {
        self.check_controlling(caller)?;
        self.session.ok_or(JobControlError::NotControllingTerminal)
    }

    fn check_controlling(&self, caller: SessionMember) -> Result<(), JobControlError> {
        if self.session == Some(caller.sid) {
            Ok(())
        } else {
            Err(JobControlError::NotControllingTerminal)
        }
    }
}
