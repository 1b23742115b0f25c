//! Signals of a process through the process component: dispositions, mask, `kill`, what
//! happens on the way back to user mode (default actions, handler frames), and
//! `rt_sigreturn`.

use super::lifecycle::pid_of;
use super::{sigframe, table, Process};
use kernel_core::arch::aarch64::exception::TrapFrame;
use kernel_core::services::process::Signal;
use kernel_core::services::time::TimeService;
use kernel_core::Errno;
use process::signal::frame::UserRegs;
use process::signal::SaFlags;
use process::signal::{SigInfo, SigSet, StackT};
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
    deliver_with(process, frame, None);
}

/// A system call interrupted by a signal returned `restart` (an `ERESTART*` code) with its
/// first argument `orig_x0`: as arm64's `do_signal`, the call is set up to run again, then
/// undone into `EINTR` if a handler runs and the code says so (`ERESTARTNOHAND`, or
/// `ERESTARTSYS` without `SA_RESTART`).
pub fn deliver_after_syscall(
    process: &alloc::sync::Arc<Process>,
    frame: &mut TrapFrame,
    restart: Errno,
    orig_x0: u64,
) {
    frame.x[0] = orig_x0;
    frame.elr = frame.elr.wrapping_sub(4);
    deliver_with(process, frame, Some(restart));
}

/// Whether a handler with `flags` turns the `restart` code into `EINTR`.
fn interrupts(restart: Errno, flags: SaFlags) -> bool {
    match restart {
        Errno::ERESTARTNOHAND => true,
        Errno::ERESTARTSYS => !flags.contains(SaFlags::RESTART),
        _ => false,
    }
}

fn deliver_with(
    process: &alloc::sync::Arc<Process>,
    frame: &mut TrapFrame,
    restart: Option<Errno>,
) {
    let (Some(table), Ok(me)) = (table::get(), pid_of(process)) else {
        return;
    };
    let mut restart = restart;
    loop {
        match table.with(|t| t.next_action(me)) {
            Ok(SignalAction::Terminate { signal, .. }) => {
                crate::user::exit_process(process, 0, Some(signal.number()))
            }
            Ok(SignalAction::Handler(delivery)) => {
                // Only the first handler's frame holds the interrupted call's registers.
                if let Some(code) = restart.take() {
                    if interrupts(code, delivery.action.flags) {
                        frame.x[0] = Errno::EINTR.as_syscall_return() as u64;
                        frame.elr = frame.elr.wrapping_add(4);
                    }
                }
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
                // Job-control stop: sleep until SIGCONT (or a fatal signal), then look again.
                crate::task::sleep_until(|| (!table.with(|t| t.stays_stopped(me))).then_some(()));
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

/// The signal calls on the process table, for the thread serving a syscall.
impl abi_linux::process::SignalOps for super::ThreadContext<'_> {
    fn tgkill(&self, tgid: i32, tid: i32, sig: i32) -> Result<(), Errno> {
        let table = table::get().ok_or(Errno::ENOSYS)?;
        let me = pid_of(self.process)?;
        table.with(|t| t.tgkill(me, tgid, tid, sig))
    }

    fn tkill(&self, tid: i32, sig: i32) -> Result<(), Errno> {
        let table = table::get().ok_or(Errno::ENOSYS)?;
        let me = pid_of(self.process)?;
        table.with(|t| t.tkill(me, tid, sig))
    }

    fn sigqueueinfo(&self, pid: i32, sig: i32, info: &[u8; 128]) -> Result<(), Errno> {
        let table = table::get().ok_or(Errno::ENOSYS)?;
        let me = pid_of(self.process)?;
        let info = SigInfo::from_user_bytes(sig, info)?;
        table.with(|t| t.sigqueueinfo(me, pid, sig, info))
    }

    fn tgsigqueueinfo(&self, tgid: i32, tid: i32, sig: i32, info: &[u8; 128]) -> Result<(), Errno> {
        let table = table::get().ok_or(Errno::ENOSYS)?;
        let me = pid_of(self.process)?;
        let info = SigInfo::from_user_bytes(sig, info)?;
        table.with(|t| t.tgsigqueueinfo(me, tgid, tid, sig, info))
    }

    fn sigpending(&self) -> Result<u64, Errno> {
        let table = table::get().ok_or(Errno::ENOSYS)?;
        let me = pid_of(self.process)?;
        table.with(|t| t.sigpending(me)).map(SigSet::bits)
    }

    fn sigsuspend(&self, mask: u64) -> Errno {
        let (Some(table), Ok(me)) = (table::get(), pid_of(self.process)) else {
            return Errno::ENOSYS;
        };
        let mask = SigSet::from_bits(mask).without_unblockable();
        if let Err(errno) = table.with(|t| t.set_temporary_mask(me, mask)) {
            return errno;
        }
        let process = self.process;
        crate::task::sleep_until(|| pending(process).then_some(()));
        Errno::ERESTARTNOHAND
    }

    fn sigaltstack(&self, new: Option<[u8; 24]>) -> Result<[u8; 24], Errno> {
        let table = table::get().ok_or(Errno::ENOSYS)?;
        let me = pid_of(self.process)?;
        let new = new.map(|bytes| StackT::from_bytes(&bytes));
        let sp = self.frame.sp_el0;
        table
            .with(|t| t.sigaltstack(me, new, sp))
            .map(|old| old.to_bytes())
    }

    fn sigtimedwait(&self, set: u64, timeout_ns: Option<u64>) -> Result<[u8; 128], Errno> {
        let table = table::get().ok_or(Errno::ENOSYS)?;
        let me = pid_of(self.process)?;
        let which = SigSet::from_bits(set);
        if let Some(info) = table.with(|t| t.sigtimedwait_take(me, which))? {
            return Ok(info.to_user_bytes());
        }
        if timeout_ns == Some(0) {
            return Err(Errno::EAGAIN);
        }
        let deadline = timeout_ns.map_or(u64::MAX, |ns| {
            crate::kernel::time().uptime_ns().saturating_add(ns)
        });
        table.with(|t| t.sigtimedwait_sleep(me, which))?;
        let process = self.process;
        let completed = crate::task::sleep_until_deadline(deadline, || pending(process));
        match table.with(|t| t.sigtimedwait_wake(me, which))? {
            Some(info) => Ok(info.to_user_bytes()),
            None if completed => Err(Errno::EAGAIN),
            None => Err(Errno::EINTR),
        }
    }
}

/// A synchronous fault of `process`'s thread (`force_sig_fault`): `signal` with `code` at
/// `address`, the syndrome `esr` recorded for the frame's `esr_context`. With no table
/// (kernel self-tests) the process ends at once.
pub fn force_fault(
    process: &alloc::sync::Arc<Process>,
    signal: Signal,
    code: i32,
    address: u64,
    esr: u64,
) {
    let forced = match (table::get(), pid_of(process)) {
        (Some(table), Ok(me)) => table.with(|t| {
            t.record_fault(me, address, esr)?;
            t.force_fault(me, signal, code, address)
        }),
        _ => Err(Errno::ESRCH),
    };
    if forced.is_err() {
        crate::user::exit_process(process, 0, Some(signal.number()))
    }
}
