//! Host tests: every expected number is Linux 6.1's (headers and `kernel/*.c` as cited).

use crate::signal::{SaFlags, SigAction, SigSet};
use crate::table::{CloneFlags, CloneRequest, ProcessTable, SignalAction};
use crate::wait::{WaitRequest, WaitResult};
use kernel_core::services::process::{Pid, Signal};
use kernel_core::Errno;

mod altstack;
mod credentials;
mod exec;
mod fd_table;
mod frame;
mod frame_restore;
mod groups;
mod pid;
mod process_threads;
mod process_tree;
mod rlimit;
mod service;
mod signal_basics;
mod signals;
mod signals_deliver;
mod wait_args;

/// 512 MiB of RAM, in pages.
pub(crate) const RAM_PAGES: u64 = 512 * 256;

pub(crate) fn pid(raw: i32) -> Pid {
    Pid::new(raw).expect("positive pid in a test")
}

pub(crate) fn sig(raw: i32) -> Signal {
    Signal::new(raw).expect("valid signal in a test")
}

/// A table holding init.
pub(crate) fn table() -> ProcessTable {
    let mut table = ProcessTable::new(RAM_PAGES);
    table.spawn_init(RAM_PAGES).expect("init");
    table
}

/// `fork()` from `parent`.
pub(crate) fn fork(table: &mut ProcessTable, parent: Pid) -> Pid {
    table.clone(parent, &CloneRequest::FORK).expect("fork").tid
}

/// A thread in `parent`'s process.
pub(crate) fn spawn_thread(table: &mut ProcessTable, parent: Pid) -> Pid {
    let request = CloneRequest {
        flags: CloneFlags::VM
            | CloneFlags::FS
            | CloneFlags::FILES
            | CloneFlags::SIGHAND
            | CloneFlags::THREAD,
        exit_signal: 0,
        child_clear_tid: 0,
    };
    table.clone(parent, &request).expect("thread").tid
}

/// Installs a handler at address `handler` with `flags`.
pub(crate) fn handle(table: &mut ProcessTable, tid: Pid, signo: i32, handler: u64, flags: SaFlags) {
    let action = SigAction {
        handler,
        flags,
        restorer: 0,
        mask: SigSet::EMPTY,
    };
    table
        .sigaction(tid, signo, Some(action))
        .expect("sigaction");
}

pub(crate) const HANDLER: u64 = 0x40_0000;

/// Delivers the next handled signal and returns from the handler (`rt_sigreturn` puts the
/// saved mask back).
pub(crate) fn delivered(t: &mut ProcessTable, tid: Pid) -> Option<(i32, i32, i32)> {
    match t.next_action(tid).unwrap() {
        SignalAction::Handler(d) => {
            t.signal_delivered(tid, &d).unwrap();
            t.set_current_blocked(tid, d.saved_mask).unwrap();
            Some((d.signal.number(), d.info.code(), d.info.pid()))
        }
        SignalAction::None => None,
        other => panic!("unexpected {other:?}"),
    }
}

pub(crate) fn user_process(t: &mut ProcessTable, uid: u32) -> Pid {
    let p = fork(t, pid(1));
    t.change_credentials(p, |c| c.setresuid(uid, uid, uid))
        .unwrap();
    p
}

pub(crate) fn wait4(
    t: &mut ProcessTable,
    tid: Pid,
    upid: i32,
    options: u32,
) -> Result<Option<WaitResult>, Errno> {
    let request = WaitRequest::wait4(upid, options as i32)?;
    t.wait(tid, request).map(|found| found.map(|f| f.result))
}

/// SIGCHLD with `SIG_DFL` is ignored and dropped when sent; a blocked one stays pending.
pub(crate) fn watch_sigchld(t: &mut ProcessTable, tid: Pid) {
    t.set_current_blocked(tid, crate::signal::SigSet::of(Signal::SIGCHLD))
        .unwrap();
}

pub(crate) fn take_sigchld(t: &mut ProcessTable, tid: Pid) -> Option<(i32, i32, i32)> {
    let set = crate::signal::SigSet::of(Signal::SIGCHLD);
    t.sigtimedwait_take(tid, set)
        .unwrap()
        .map(|info| (info.code(), info.pid(), info.status()))
}
