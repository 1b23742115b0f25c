//! The TTY ioctls on byte buffers (Linux's `tty_ioctl`, `tty_mode_ioctl`, `n_tty_ioctl`).
//!
//! The syscall layer copies the argument as [`ioctl_argument`] says, calls
//! [`LineDiscipline::ioctl`], copies `Out` bytes back, and carries out the returned
//! [`IoctlEffect`]. Background-group checks (SIGTTOU for a background `TCSETS`/`TIOCSPGRP`)
//! and privilege are the caller's.

use super::{ByteSink, JobControlError, LineDiscipline, SessionMember};
use kernel_core::services::process::Signal;
use kernel_core::services::tty::{
    cc, flow, flush, ioctl, ioctl_argument, IoctlArgument, Termios, WinSize,
};
use kernel_core::Errno;

/// Who asks, and the lookups job control needs.
pub struct IoctlContext<'a> {
    /// The calling process.
    pub caller: SessionMember,
    /// Whether it has `CAP_SYS_ADMIN` (to steal a terminal with `TIOCSCTTY` 1).
    pub privileged: bool,
    /// The session of a process group, `None` if the group has no member.
    pub group_session: &'a dyn Fn(i32) -> Option<i32>,
}

/// What the kernel must do after a successful ioctl.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IoctlEffect {
    /// Nothing more.
    Nothing,
    /// Send `signal` to process group `pgrp` (SIGWINCH after a resize).
    SignalGroup {
        /// The group.
        pgrp: i32,
        /// The signal.
        signal: Signal,
    },
    /// The caller's session now has this terminal as controlling terminal; `stolen_from` lost it.
    Attached {
        /// The session that had it before, if any.
        stolen_from: Option<i32>,
    },
    /// The caller gave the terminal up: clear its controlling terminal. When it led the session
    /// the whole session loses it and `hangup_group` (if any) gets SIGHUP then SIGCONT.
    Detached {
        /// The former foreground group to hang up.
        hangup_group: Option<i32>,
    },
    /// Output restarted: wake blocked writers.
    OutputRestarted,
}

fn job(error: JobControlError) -> Errno {
    error.errno()
}

fn read_i32(data: &[u8]) -> Result<i32, Errno> {
    let raw: [u8; 4] = data
        .get(..4)
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or(Errno::EFAULT)?;
    Ok(i32::from_le_bytes(raw))
}

fn write_i32(data: &mut [u8], value: i32) -> Result<(), Errno> {
    data.get_mut(..4)
        .ok_or(Errno::EFAULT)?
        .copy_from_slice(&value.to_le_bytes());
    Ok(())
}

impl LineDiscipline {
    /// Performs TTY ioctl `request`. `value` is the raw third argument; `data` holds the bytes
    /// [`ioctl_argument`] names (copied in for `In`, to be copied out for `Out`).
    pub fn ioctl(
        &mut self,
        request: u32,
        value: usize,
        data: &mut [u8],
        context: &IoctlContext<'_>,
        sink: &mut dyn ByteSink,
    ) -> Result<IoctlEffect, Errno> {
        let size = match ioctl_argument(request) {
            None => return Err(Errno::ENOTTY),
            Some(IoctlArgument::In(size) | IoctlArgument::Out(size)) => size,
            Some(_) => 0,
        };
        if data.len() < size {
            return Err(Errno::EFAULT);
        }
        let caller = context.caller;
        match request {
            ioctl::TCGETS => data[..Termios::SIZE].copy_from_slice(&self.termios.to_bytes()),
            ioctl::TCSETS | ioctl::TCSETSW | ioctl::TCSETSF => {
                let mut raw = [0u8; Termios::SIZE];
                raw.copy_from_slice(&data[..Termios::SIZE]);
                let termios = Termios::from_bytes(&raw);
                if request == ioctl::TCSETSF {
                    self.set_termios_flush(termios);
                } else {
                    self.set_termios(termios);
                }
            }
            ioctl::TIOCGWINSZ => data[..WinSize::SIZE].copy_from_slice(&self.window.to_bytes()),
            ioctl::TIOCSWINSZ => {
                let mut raw = [0u8; WinSize::SIZE];
                raw.copy_from_slice(&data[..WinSize::SIZE]);
                if let (Some(signal), Some(pgrp)) = (
                    self.set_window_size(WinSize::from_bytes(&raw)),
                    self.job_control.foreground(),
                ) {
                    return Ok(IoctlEffect::SignalGroup { pgrp, signal });
                }
            }
            ioctl::TIOCGPGRP => {
                let pgrp = self.job_control.foreground_for(caller).map_err(job)?;
                write_i32(data, pgrp)?;
            }
            ioctl::TIOCSPGRP => {
                let pgrp = read_i32(data)?;
                let session = if pgrp < 0 {
                    None
                } else {
                    (context.group_session)(pgrp)
                };
                self.job_control
                    .set_foreground(caller, pgrp, session)
                    .map_err(job)?;
            }
            ioctl::TIOCGSID => {
                let session = self.job_control.session_for(caller).map_err(job)?;
                write_i32(data, session)?;
            }
            ioctl::TIOCSCTTY => {
                let may_steal = value == 1 && context.privileged;
                let stolen_from = self.job_control.attach(caller, may_steal).map_err(job)?;
                return Ok(IoctlEffect::Attached { stolen_from });
            }
            ioctl::TIOCNOTTY => {
                let hangup_group = self.job_control.detach(caller).map_err(job)?;
                return Ok(IoctlEffect::Detached { hangup_group });
            }
            ioctl::FIONREAD => {
                let count = i32::try_from(self.readable_bytes()).unwrap_or(i32::MAX);
                write_i32(data, count)?;
            }
            ioctl::TIOCOUTQ | ioctl::TIOCGETD => write_i32(data, 0)?,
            ioctl::TCSBRK => {} // Output is synchronous: drained already; a break is not sent.
            ioctl::TCFLSH => match value {
                flush::TCIFLUSH | flush::TCIOFLUSH => self.flush_input(),
                flush::TCOFLUSH => {}
                _ => return Err(Errno::EINVAL),
            },
            ioctl::TCXONC => return self.flow_control(value, sink),
            _ => return Err(Errno::ENOTTY),
        }
        Ok(IoctlEffect::Nothing)
    }

    /// `tcflow`: suspend or restart output, or transmit STOP/START.
    fn flow_control(
        &mut self,
        action: usize,
        sink: &mut dyn ByteSink,
    ) -> Result<IoctlEffect, Errno> {
        match action {
            flow::TCOOFF => self.output_stopped = true,
            flow::TCOON => {
                if self.output_stopped {
                    self.output_stopped = false;
                    return Ok(IoctlEffect::OutputRestarted);
                }
            }
            flow::TCIOFF | flow::TCION => {
                let index = if action == flow::TCIOFF {
                    cc::VSTOP
                } else {
                    cc::VSTART
                };
                let byte = self.termios.c_cc[index];
                if byte != 0 {
                    sink.put_bytes(&[byte]);
                }
            }
            _ => return Err(Errno::EINVAL),
        }
        Ok(IoctlEffect::Nothing)
    }
}
