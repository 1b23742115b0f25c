//! Signals the kernel raises on a thread's behalf: faults and other forced signals
//! (`force_sig_info_to_task` and friends), and unchecked sends from kernel subsystems.

use super::send::Scope;
use super::{flags, ProcessTable};
use crate::signal::action::{SaFlags, SIG_DFL};
use crate::signal::info::{code, SigInfo};
use kernel_core::services::process::{Pid, Signal};
use kernel_core::Errno;

/// How `force_sig_info_to_task` treats the current disposition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ForceHandler {
    /// Use the handler unless the signal is blocked or ignored (`HANDLER_CURRENT`).
    Current,
    /// Always the default action (`HANDLER_SIG_DFL`).
    Default,
    /// The default action, and the disposition can no longer change (`HANDLER_EXIT`).
    Exit,
}

impl ProcessTable {
    /// `force_sig_info_to_task`: a signal the thread cannot block or ignore away (faults).
    pub fn force_signal_info(
        &mut self,
        tid: Pid,
        info: SigInfo,
        handler: ForceHandler,
    ) -> Result<(), Errno> {
        let signal = Signal::new(info.signo()).ok_or(Errno::EINVAL)?;
        let thread = self.thread(tid)?;
        let tgid = thread.tgid;
        let blocked = thread.blocked.contains(signal);
        let process = self.process_mut(tgid)?;
        let action = process.actions.get_mut(signal);
        if blocked || action.is_ignore() || handler != ForceHandler::Current {
            action.handler = SIG_DFL;
            if handler == ForceHandler::Exit {
                action.flags |= SaFlags::IMMUTABLE;
            }
        }
        if action.is_default() {
            process.flags &= !flags::UNKILLABLE;
        }
        if blocked {
            self.thread_mut(tid)?.blocked.remove(signal);
            if self.has_signal_work(tid) {
                self.signal_wake_up(tid, false);
            }
        }
        self.send_signal(info, tid, Scope::Thread)
    }

    /// `force_sig_fault`: a synchronous fault (`SIGSEGV`, `SIGBUS`, `SIGILL`, `SIGFPE`,
    /// `SIGTRAP`) at `addr` with `si_code` `code`.
    pub fn force_fault(
        &mut self,
        tid: Pid,
        signal: Signal,
        code: i32,
        addr: u64,
    ) -> Result<(), Errno> {
        let info = SigInfo::fault(signal.number(), code, addr);
        self.force_signal_info(tid, info, ForceHandler::Current)
    }

    /// `force_sig`: `SI_KERNEL` info, handler kept unless blocked or ignored.
    pub fn force_signal(&mut self, tid: Pid, signal: Signal) -> Result<(), Errno> {
        self.force_signal_info(tid, SigInfo::kernel(signal.number()), ForceHandler::Current)
    }

    /// `force_sigsegv(sig)`: what a failed frame setup for `sig` does: SIGSEGV, and if `sig`
    /// was SIGSEGV itself, with the default action.
    pub fn force_sigsegv(&mut self, tid: Pid, signal: Signal) -> Result<(), Errno> {
        let handler = if signal == Signal::SIGSEGV {
            ForceHandler::Default
        } else {
            ForceHandler::Current
        };
        self.force_signal_info(tid, SigInfo::kernel(Signal::SIGSEGV.number()), handler)
    }

    /// `send_sig(sig, tid, 0)` from the thread itself (SIGPIPE on a broken pipe, SIGXFSZ):
    /// `SI_USER` info naming the thread's own process.
    pub fn send_signal_to_self(&mut self, tid: Pid, signal: Signal) -> Result<(), Errno> {
        let process = self.process_of(tid)?;
        let info = SigInfo::sent_by(
            signal.number(),
            code::SI_USER,
            process.tgid.as_raw(),
            process.credentials.uid,
        );
        self.send_signal(info, tid, Scope::Thread)
    }

    /// Sends `info` to thread `tid`'s private queue with no permission check
    /// (`send_sig_info`: the kernel's timers and I/O).
    pub fn send_signal_to_thread(&mut self, tid: Pid, info: SigInfo) -> Result<(), Errno> {
        self.send_signal(info, tid, Scope::Thread)
    }

    /// Sends `info` to process `tgid`'s shared queue with no permission check (POSIX timers
    /// and itimers: `SIGALRM`, `SIGVTALRM`, `SIGPROF`).
    pub fn send_signal_to_process(&mut self, tgid: Pid, info: SigInfo) -> Result<(), Errno> {
        self.process(tgid)?;
        self.send_signal(info, tgid, Scope::Process)
    }
}
