//! Signals of a process through the process component: dispositions, mask, `kill`, and what
//! happens on the way back to user mode. Handlers are not run yet (no signal frame or
//! sigreturn trampoline): `rt_sigaction` refuses to install one (`ENOSYS`), so only default
//! and ignore dispositions exist; default actions (terminate) are carried out.

use super::lifecycle::pid_of;
use super::{table, Process};
use kernel_core::Errno;
use process::signal::SigSet;
use process::table::SignalAction;
use process::SigAction;

/// `rt_sigaction` for `process`.
pub fn sigaction(process: &Process, sig: i32, act: Option<[u8; 32]>) -> Result<[u8; 32], Errno> {
    let table = table::get().ok_or(Errno::ENOSYS)?;
    let me = pid_of(process)?;
    let act = act.map(|bytes| SigAction::from_bytes(&bytes));
    if act.is_some_and(|a| !a.is_default() && !a.is_ignore()) {
        log::warn!("rt_sigaction: signal {sig}: handlers are not supported yet");
        return Err(Errno::ENOSYS);
    }
    table
        .with(|t| t.sigaction(me, sig, act))
        .map(|old| old.to_bytes())
}

/// `rt_sigprocmask` for `process`.
pub fn sigprocmask(process: &Process, how: i32, set: Option<u64>) -> Result<u64, Errno> {
    let table = table::get().ok_or(Errno::ENOSYS)?;
    let me = pid_of(process)?;
    table
        .with(|t| t.sigprocmask(me, how, set.map(SigSet::from_bits)))
        .map(SigSet::bits)
}

/// `kill(pid, sig)` from `process`.
pub fn kill(process: &Process, pid: i32, sig: i32) -> Result<(), Errno> {
    let table = table::get().ok_or(Errno::ENOSYS)?;
    let me = pid_of(process)?;
    table.with(|t| t.kill(me, pid, sig))
}

/// Whether `process` has a signal to act on (an interruptible sleep ends).
pub fn pending(process: &Process) -> bool {
    let (Some(table), Ok(me)) = (table::get(), pid_of(process)) else {
        return false;
    };
    table.with(|t| t.signal_pending(me))
}

/// Acts on `process`'s pending signals before it returns to user mode; returns only if the
/// process goes on running.
pub fn deliver(process: &alloc::sync::Arc<Process>) {
    let (Some(table), Ok(me)) = (table::get(), pid_of(process)) else {
        return;
    };
    loop {
        match table.with(|t| t.next_action(me)) {
            Ok(SignalAction::Terminate { signal, .. }) => {
                crate::user::exit_process(process, 0, Some(signal.number()))
            }
            // Unreachable while `sigaction` refuses handlers; as Linux when a frame cannot
            // be written: SIGSEGV.
            Ok(SignalAction::Handler(delivery)) => {
                if table
                    .with(|t| t.signal_setup_failed(me, &delivery))
                    .is_err()
                {
                    return;
                }
            }
            Ok(SignalAction::Stop) => {
                log::warn!("job-control stop is not supported yet");
                return;
            }
            Ok(SignalAction::None) | Err(_) => return,
        }
    }
}
