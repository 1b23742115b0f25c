//! `wait4`/`waitid` argument checks and status words (`include/uapi/linux/wait.h`,
//! `kernel/exit.c`).

use super::pid;
use crate::signal::info::code;
use crate::wait::{
    exit_cause, exited_status, idtype, signaled_status, stopped_status, WaitRequest, WaitResult,
    WaitTarget, CONTINUED_STATUS, WALL, WCLONE, WCONTINUED, WEXITED, WNOHANG, WNOTHREAD, WNOWAIT,
    WSTOPPED, WUNTRACED,
};
use kernel_core::Errno;

#[test]
fn option_values() {
    assert_eq!(
        (WNOHANG, WUNTRACED, WSTOPPED, WEXITED, WCONTINUED),
        (1, 2, 2, 4, 8)
    );
    assert_eq!(
        (WNOWAIT, WNOTHREAD, WALL, WCLONE),
        (0x0100_0000, 0x2000_0000, 0x4000_0000, 0x8000_0000)
    );
    assert_eq!(
        (
            idtype::P_ALL,
            idtype::P_PID,
            idtype::P_PGID,
            idtype::P_PIDFD
        ),
        (0, 1, 2, 3)
    );
}

#[test]
fn status_encoding() {
    assert_eq!(exited_status(3), 0x0300);
    assert_eq!(exited_status(256 + 5), 0x0500, "only the low 8 bits");
    assert_eq!(signaled_status(9, false), 9);
    assert_eq!(signaled_status(11, true), 0x8b);
    assert_eq!(stopped_status(19), 0x137f);
    assert_eq!(CONTINUED_STATUS, 0xffff);
    assert_eq!(exit_cause(0x0300), (code::CLD_EXITED, 3));
    assert_eq!(exit_cause(9), (code::CLD_KILLED, 9));
    assert_eq!(exit_cause(0x8b), (code::CLD_DUMPED, 11));
}

#[test]
fn wait4_arguments() {
    assert_eq!(
        WaitRequest::wait4(-1, 0),
        Ok(WaitRequest {
            target: WaitTarget::Any,
            options: WEXITED
        })
    );
    assert_eq!(
        WaitRequest::wait4(0, 0).unwrap().target,
        WaitTarget::OwnProcessGroup
    );
    assert_eq!(
        WaitRequest::wait4(-7, 0).unwrap().target,
        WaitTarget::ProcessGroup(Some(pid(7)))
    );
    assert_eq!(
        WaitRequest::wait4(7, 0).unwrap().target,
        WaitTarget::Pid(Some(pid(7)))
    );
    assert_eq!(WaitRequest::wait4(i32::MIN, 0), Err(Errno::ESRCH));
    assert_eq!(
        WaitRequest::wait4(-1, WNOWAIT as i32),
        Err(Errno::EINVAL),
        "waitid only"
    );
    assert_eq!(WaitRequest::wait4(-1, 0x10), Err(Errno::EINVAL));
    let all = (WNOHANG | WUNTRACED | WCONTINUED | WNOTHREAD | WCLONE | WALL) as i32;
    assert_eq!(
        WaitRequest::wait4(-1, all).unwrap().options,
        all as u32 | WEXITED
    );
}

#[test]
fn waitid_arguments() {
    assert_eq!(
        WaitRequest::waitid(idtype::P_ALL, 0, 0),
        Err(Errno::EINVAL),
        "no event asked"
    );
    assert_eq!(
        WaitRequest::waitid(idtype::P_ALL, 0, WNOHANG as i32),
        Err(Errno::EINVAL)
    );
    assert_eq!(
        WaitRequest::waitid(idtype::P_PID, 0, WEXITED as i32),
        Err(Errno::EINVAL)
    );
    assert_eq!(
        WaitRequest::waitid(idtype::P_PGID, -1, WEXITED as i32),
        Err(Errno::EINVAL)
    );
    assert_eq!(
        WaitRequest::waitid(9, 0, WEXITED as i32),
        Err(Errno::EINVAL)
    );
    assert_eq!(
        WaitRequest::waitid(idtype::P_ALL, 0, 0x10 | WEXITED as i32),
        Err(Errno::EINVAL)
    );
    assert_eq!(
        WaitRequest::waitid(idtype::P_PGID, 0, WSTOPPED as i32).unwrap(),
        WaitRequest {
            target: WaitTarget::OwnProcessGroup,
            options: WSTOPPED
        }
    );
    assert_eq!(
        WaitRequest::waitid(idtype::P_PID, 5, (WEXITED | WNOWAIT) as i32)
            .unwrap()
            .target,
        WaitTarget::Pid(Some(pid(5)))
    );
}

#[test]
fn waitid_writes_six_fields() {
    let result = WaitResult {
        pid: pid(12),
        uid: 1000,
        status: 0x0100,
        cause: code::CLD_EXITED,
        si_status: 1,
    };
    assert_eq!(
        WaitResult::waitid_fields(Some(&result)),
        [(0, 17), (4, 0), (8, 1), (16, 12), (20, 1000), (24, 1)]
    );
    assert_eq!(
        WaitResult::waitid_fields(None),
        [(0, 0), (4, 0), (8, 0), (16, 0), (20, 0), (24, 0)]
    );
}
