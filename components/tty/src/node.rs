//! The device nodes of a terminal and what opening each means (Linux's `tty_open`):
//! `/dev/tty` is the caller's controlling terminal (`ENXIO` without one), `/dev/console` never
//! becomes a controlling terminal by being opened, and the port itself (`/dev/ttyAMA0`) becomes
//! the controlling terminal of a session leader that has none, unless `O_NOCTTY`.

use crate::ldisc::SessionMember;
use crate::terminal::Terminal;
use alloc::sync::Arc;
use kernel_core::services::vfs::{CharDeviceOps, OpenFlags, PollEvents, Waker};
use kernel_core::Errno;

/// The IDs of the process making the current system call (handed in by the kernel).
pub trait Callers: Send + Sync {
    /// `(pid, pgid, sid)` of the calling process; `None` outside a process (kernel opens).
    fn caller(&self) -> Option<(i32, i32, i32)>;
}

/// Which node of the terminal was opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// `/dev/tty` (5:0): the caller's controlling terminal.
    CurrentTty,
    /// `/dev/console` (5:1).
    Console,
    /// The port's own node (`/dev/ttyAMA0`).
    Port,
}

/// One device node of a terminal, as the VFS's character device.
pub struct TerminalNode {
    terminal: Arc<Terminal>,
    kind: NodeKind,
    callers: Arc<dyn Callers>,
}

impl TerminalNode {
    /// The node `kind` of `terminal`.
    pub fn new(terminal: Arc<Terminal>, kind: NodeKind, callers: Arc<dyn Callers>) -> Self {
        Self {
            terminal,
            kind,
            callers,
        }
    }

    /// The caller as job control sees it, if the open comes from a process.
    fn member(&self) -> Option<SessionMember> {
        let (pid, pgid, sid) = self.callers.caller()?;
        Some(self.terminal.member(pid, pgid, sid))
    }
}

impl CharDeviceOps for TerminalNode {
    fn open(&self, flags: OpenFlags) -> Result<(), Errno> {
        let Some(member) = self.member() else {
            return Ok(());
        };
        match self.kind {
            NodeKind::CurrentTty if !member.has_controlling_terminal => Err(Errno::ENXIO),
            NodeKind::Port if !flags.contains(OpenFlags::O_NOCTTY) => {
                // A leader without a terminal acquires this free one; otherwise nothing.
                if member.is_session_leader && self.terminal.session().is_none() {
                    self.terminal.attach(member);
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn read(&self, buffer: &mut [u8], nonblocking: bool) -> Result<usize, Errno> {
        self.terminal.read(buffer, nonblocking)
    }

    fn write(&self, buffer: &[u8], nonblocking: bool) -> Result<usize, Errno> {
        self.terminal.write(buffer, nonblocking)
    }

    fn poll(&self, interest: PollEvents, waker: Option<&Arc<dyn Waker>>) -> PollEvents {
        self.terminal.poll(interest, waker)
    }
}
