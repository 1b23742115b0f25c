//! Signals of a process through the process component: dispositions, mask, `kill`, what
//! happens on the way back to user mode (default actions, handler frames), and
//! `rt_sigreturn`.

use super::lifecycle::pid_of;
use super::{sigframe, table, Process};
use kernel_core::arch::aarch64::exception::TrapFrame;
use kernel_core::services::process::Signal;
use kernel_core::Errno;
use process::signal::frame::UserRegs;
use process::signal::SigSet;
use process::table::SignalAction;
use process::SigAction;

/// `rt_sigaction` for `process`.
pub fn sigaction(process: &Process, sig: i32, act: Option<[u8; 32]>) -> Result<[u8; 32], Errno> {
    let table = table::get().ok_or(Errno::ENOSYS)?;
    let me = pid_of(process)?;
    let act = act.map(|bytes| SigAction::from_bytes(&bytes));
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

/// Acts on `process`'s pending signals before it returns to user mode with `frame`: default
/// actions, and a frame on the user stack for each handler (nested as Linux nests them);
/// returns only if the process goes on running.
pub fn deliver(process: &alloc::sync::Arc<Process>, frame: &mut TrapFrame) {
    let (Some(table), Ok(me)) = (table::get(), pid_of(process)) else {
        return;
    };
    loop {
        match table.with(|t| t.next_action(me)) {
            Ok(SignalAction::Terminate { signal, .. }) => {
                crate::user::exit_process(process, 0, Some(signal.number()))
            }
            Ok(SignalAction::Handler(delivery)) => {
                let done =
                    match sigframe::setup(process, frame, &delivery, crate::exec::SIGRETURN_PAGE) {
                        Ok(()) => table.with(|t| t.signal_delivered(me, &delivery)),
                        // As Linux when a frame cannot be written: SIGSEGV.
                        Err(_) => table.with(|t| t.signal_setup_failed(me, &delivery)),
                    };
                if done.is_err() {
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

/// `rt_sigreturn` for `process` trapped with `frame`: the registers to resume with. The mask,
/// alternate stack and FP/SIMD state are restored here; a bad frame installs what Linux had
/// already applied and queues SIGSEGV at `sp` (`arm64_notify_segfault`), and the thread resumes
/// with whatever registers were read (or unchanged).
pub fn sigreturn(process: &Process, frame: &TrapFrame) -> Result<UserRegs, Errno> {
    let table = table::get().ok_or(Errno::ENOSYS)?;
    let me = pid_of(process)?;
    match sigframe::read_frame(process, frame.sp_el0) {
        Ok(restored) => {
            table.with(|t| {
                t.set_current_blocked(me, restored.blocked)?;
                t.restore_altstack(me, restored.altstack, restored.regs.sp)
            })?;
            Ok(restored.regs)
        }
        Err(bad) => {
            log::info!("rt_sigreturn: {}", bad.reason);
            let sp = frame.sp_el0;
            let code = sigframe::segv_code(process, sp);
            table.with(|t| {
                if let Some(blocked) = bad.blocked {
                    t.set_current_blocked(me, blocked)?;
                }
                t.force_fault(me, Signal::SIGSEGV, code, sp)
            })?;
            Ok(bad
                .regs
                .map_or_else(|| sigframe::user_regs(frame), |regs| *regs))
        }
    }
}
