//! ioctls on byte buffers: layouts, effects and errors.

use super::{read_now, type_bytes, Discard};
use crate::ldisc::{IoctlContext, IoctlEffect, LineDiscipline, SessionMember};
use alloc::vec::Vec;
use kernel_core::services::process::Signal;
use kernel_core::services::tty::{ioctl, ioctl_argument, lflag, IoctlArgument, Termios};
use kernel_core::Errno;

const SHELL: SessionMember = SessionMember {
    pgid: 7,
    sid: 7,
    is_session_leader: true,
    has_controlling_terminal: false,
};

fn sessions(pgrp: i32) -> Option<i32> {
    match pgrp {
        7 | 9 => Some(7),
        30 => Some(30),
        _ => None,
    }
}

fn context(caller: SessionMember) -> IoctlContext<'static> {
    IoctlContext {
        caller,
        privileged: false,
        group_session: &sessions,
    }
}

fn call(
    discipline: &mut LineDiscipline,
    request: u32,
    value: usize,
    data: &mut [u8],
) -> Result<IoctlEffect, Errno> {
    discipline.ioctl(request, value, data, &context(SHELL), &mut Discard)
}

#[test]
fn argument_sizes_match_the_user_structures() {
    assert_eq!(ioctl_argument(ioctl::TCGETS), Some(IoctlArgument::Out(36)));
    assert_eq!(ioctl_argument(ioctl::TCSETSW), Some(IoctlArgument::In(36)));
    assert_eq!(
        ioctl_argument(ioctl::TIOCGWINSZ),
        Some(IoctlArgument::Out(8))
    );
    assert_eq!(ioctl_argument(ioctl::TIOCSPGRP), Some(IoctlArgument::In(4)));
    assert_eq!(ioctl_argument(ioctl::TIOCSCTTY), Some(IoctlArgument::Value));
    assert_eq!(ioctl_argument(0x5412), None); // TIOCSTI is not offered
}

#[test]
fn tcgets_then_tcsets_round_trips_and_changes_behaviour() {
    let mut discipline = LineDiscipline::new();
    let mut data = [0u8; 36];
    assert_eq!(
        call(&mut discipline, ioctl::TCGETS, 0, &mut data),
        Ok(IoctlEffect::Nothing)
    );
    assert_eq!(data, Termios::linux_default().to_bytes());
    // Clear ECHO in c_lflag (bytes 12..16) as `stty -echo` does.
    let lflag_value = u32::from_le_bytes([data[12], data[13], data[14], data[15]]) & !lflag::ECHO;
    data[12..16].copy_from_slice(&lflag_value.to_le_bytes());
    call(&mut discipline, ioctl::TCSETS, 0, &mut data).expect("TCSETS");
    assert_eq!(discipline.termios().c_lflag, lflag_value);
    assert_eq!(type_bytes(&mut discipline, b"secret\r"), Vec::<u8>::new());
}

#[test]
fn tcsetsf_flushes_and_tcflsh_validates_its_argument() {
    let mut discipline = LineDiscipline::new();
    type_bytes(&mut discipline, b"old\r");
    let mut data = Termios::linux_default().to_bytes();
    call(&mut discipline, ioctl::TCSETSF, 0, &mut data).expect("TCSETSF");
    assert_eq!(read_now(&mut discipline, 8), None);
    assert_eq!(
        call(&mut discipline, ioctl::TCFLSH, 3, &mut []),
        Err(Errno::EINVAL)
    );
    type_bytes(&mut discipline, b"x\r");
    call(&mut discipline, ioctl::TCFLSH, 0, &mut []).expect("TCIFLUSH");
    assert_eq!(read_now(&mut discipline, 8), None);
}

#[test]
fn job_control_ioctls_use_little_endian_pid_t() {
    let mut discipline = LineDiscipline::new();
    let mut pgrp = [0u8; 4];
    assert_eq!(
        call(&mut discipline, ioctl::TIOCGPGRP, 0, &mut pgrp),
        Err(Errno::ENOTTY)
    );
    assert_eq!(
        call(&mut discipline, ioctl::TIOCSCTTY, 0, &mut []),
        Ok(IoctlEffect::Attached { stolen_from: None })
    );
    call(&mut discipline, ioctl::TIOCGPGRP, 0, &mut pgrp).expect("TIOCGPGRP");
    assert_eq!(pgrp, [7, 0, 0, 0]);
    let mut target = 9i32.to_le_bytes();
    call(&mut discipline, ioctl::TIOCSPGRP, 0, &mut target).expect("TIOCSPGRP");
    assert_eq!(discipline.job_control.foreground(), Some(9));
    let mut foreign = 30i32.to_le_bytes();
    assert_eq!(
        call(&mut discipline, ioctl::TIOCSPGRP, 0, &mut foreign),
        Err(Errno::EPERM)
    );
    let mut missing = 55i32.to_le_bytes();
    assert_eq!(
        call(&mut discipline, ioctl::TIOCSPGRP, 0, &mut missing),
        Err(Errno::ESRCH)
    );
    let mut sid = [0u8; 4];
    call(&mut discipline, ioctl::TIOCGSID, 0, &mut sid).expect("TIOCGSID");
    assert_eq!(sid, [7, 0, 0, 0]);
    assert_eq!(
        call(&mut discipline, ioctl::TIOCNOTTY, 0, &mut []),
        Ok(IoctlEffect::Detached {
            hangup_group: Some(9)
        })
    );
}

#[test]
fn tiocswinsz_signals_the_foreground_group_only_on_change() {
    let mut discipline = LineDiscipline::new();
    call(&mut discipline, ioctl::TIOCSCTTY, 0, &mut []).expect("attach");
    let mut size = [25, 0, 80, 0, 0, 0, 0, 0];
    assert_eq!(
        call(&mut discipline, ioctl::TIOCSWINSZ, 0, &mut size),
        Ok(IoctlEffect::SignalGroup {
            pgrp: 7,
            signal: Signal::SIGWINCH
        })
    );
    assert_eq!(
        call(&mut discipline, ioctl::TIOCSWINSZ, 0, &mut size),
        Ok(IoctlEffect::Nothing)
    );
    let mut out = [0u8; 8];
    call(&mut discipline, ioctl::TIOCGWINSZ, 0, &mut out).expect("TIOCGWINSZ");
    assert_eq!(out, [25, 0, 80, 0, 0, 0, 0, 0]);
}

#[test]
fn fionread_counts_complete_lines_only() {
    let mut discipline = LineDiscipline::new();
    type_bytes(&mut discipline, b"ab\rcd");
    let mut count = [0u8; 4];
    call(&mut discipline, ioctl::FIONREAD, 0, &mut count).expect("FIONREAD");
    assert_eq!(i32::from_le_bytes(count), 3);
}

#[test]
fn tcxonc_stops_restarts_and_transmits() {
    let mut discipline = LineDiscipline::new();
    call(&mut discipline, ioctl::TCXONC, 0, &mut []).expect("TCOOFF");
    assert!(discipline.output_stopped());
    assert_eq!(
        call(&mut discipline, ioctl::TCXONC, 1, &mut []),
        Ok(IoctlEffect::OutputRestarted)
    );
    let mut sent = Vec::new();
    discipline
        .ioctl(ioctl::TCXONC, 2, &mut [], &context(SHELL), &mut sent)
        .expect("TCIOFF");
    assert_eq!(sent, [0x13]);
    assert_eq!(
        call(&mut discipline, ioctl::TCXONC, 9, &mut []),
        Err(Errno::EINVAL)
    );
}

#[test]
fn unknown_requests_and_short_buffers_fail() {
    let mut discipline = LineDiscipline::new();
    assert_eq!(
        call(&mut discipline, 0x1234, 0, &mut []),
        Err(Errno::ENOTTY)
    );
    assert_eq!(
        call(&mut discipline, ioctl::TCGETS, 0, &mut [0u8; 10]),
        Err(Errno::EFAULT)
    );
}
