//! Taking signals on the way back to user mode (`get_signal`, `do_signal_stop`,
//! `signal_delivered`) and telling the parent about stops and continues
//! (`do_notify_parent_cldstop`).

use super::{flags, ProcessTable};
use crate::signal::action::{SaFlags, SigAction};
use crate::signal::altstack::{AltStack, SS_AUTODISARM};
use crate::signal::frame::{FpSimdState, FrameInput, UserRegs};
use crate::signal::info::{code, Layout, SigInfo};
use crate::signal::number::{is_kernel_coredump, is_kernel_ignore, is_kernel_only, is_kernel_stop};
use crate::signal::SigSet;
use kernel_core::services::process::{Pid, Signal};
use kernel_core::Errno;

/// A handler to run: everything the frame needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Delivery {
    /// The signal.
    pub signal: Signal,
    /// Its information (tag bits of a fault address removed unless `SA_EXPOSE_TAGBITS`).
    pub info: SigInfo,
    /// The disposition as it was when the signal was taken (`SA_RESETHAND` already applied
    /// to the table, not to this copy).
    pub action: SigAction,
    /// The mask the frame saves (`sigmask_to_save`).
    pub saved_mask: SigSet,
    /// The thread's alternate stack.
    pub altstack: AltStack,
    /// The thread's last fault address.
    pub fault_address: u64,
    /// The thread's last fault syndrome.
    pub fault_code: u64,
}

impl Delivery {
    /// The frame builder's input for this delivery.
    pub fn frame_input<'a>(
        &'a self,
        regs: &'a UserRegs,
        fp: &'a FpSimdState,
        sigreturn_trampoline: u64,
        bti: bool,
    ) -> FrameInput<'a> {
        FrameInput {
            signal: self.signal,
            info: &self.info,
            action: &self.action,
            saved_mask: self.saved_mask,
            altstack: self.altstack,
            regs,
            fp,
            fault_address: self.fault_address,
            fault_code: self.fault_code,
            sigreturn_trampoline,
            bti,
        }
    }
}

/// What a thread returning to user mode must do (the result of `get_signal`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignalAction {
    /// Nothing: return to user mode (a saved temporary mask has been restored).
    None,
    /// Job-control stop: sleep until a `Continue` or fatal `Signal` wakeup, then ask again.
    Stop,
    /// Run a handler: build the frame from `Delivery::frame_input`, copy it out, then call
    /// [`ProcessTable::signal_delivered`] (or [`ProcessTable::signal_setup_failed`] if the
    /// copy faulted), and ask again before returning (more signals may be pending).
    Handler(Delivery),
    /// The process dies of `signal`: call [`ProcessTable::exit_group_by_signal`]. `core` is
    /// the default action's core dump; Lichen writes no core file, so pass `false` (Linux
    /// with the default `RLIMIT_CORE` of 0 writes none either).
    Terminate {
        /// The fatal signal.
        signal: Signal,
        /// Whether the default action dumps core.
        core: bool,
    },
}

/// `arch_untagged_si_addr` for arm64: clear the top byte of a user address, except for
/// watchpoint traps.
fn untag_fault_address(info: &mut SigInfo) {
    let fault = matches!(
        info.layout(),
        Layout::Fault
            | Layout::FaultMceerr
            | Layout::FaultBnderr
            | Layout::FaultPkuerr
            | Layout::FaultPerfEvent
    );
    if !fault || (info.signo() == Signal::SIGTRAP.number() && info.code() == code::TRAP_BRKPT) {
        return;
    }
    let addr = info.addr();
    let sign_extended = (((addr << 8) as i64) >> 8) as u64;
    info.set_addr(addr & sign_extended);
}

impl ProcessTable {
    /// `get_signal` for thread `tid` on its way to user mode: reports pending stop/continue
    /// events to the parent, then takes signals (faults first, then the thread's, then the
    /// process's, lowest number first) until one needs action.
    pub fn next_action(&mut self, tid: Pid) -> Result<SignalAction, Errno> {
        loop {
            let tgid = self.thread(tid)?.tgid;
            let process = self.process_mut(tgid)?;
            if process.flags & (flags::CLD_STOPPED | flags::CLD_CONTINUED) != 0 {
                let why = if process.flags & flags::CLD_CONTINUED != 0 {
                    code::CLD_CONTINUED
                } else {
                    code::CLD_STOPPED
                };
                process.flags &= !(flags::CLD_STOPPED | flags::CLD_CONTINUED);
                self.notify_parent_stop(tgid, why);
                continue;
            }
            return self.take_signal(tid, tgid);
        }
    }

    fn take_signal(&mut self, tid: Pid, tgid: Pid) -> Result<SignalAction, Errno> {
        loop {
            let process = self.process(tgid)?;
            if process.flags & flags::GROUP_EXIT != 0 || process.group_exec_task.is_some() {
                self.thread_mut(tid)?.pending.clear_bit(Signal::SIGKILL);
                self.recalc_sigpending(tid);
                return Ok(SignalAction::Terminate {
                    signal: Signal::SIGKILL,
                    core: false,
                });
            }
            if self.thread(tid)?.stop_pending && self.do_signal_stop(tid, 0)? {
                return Ok(SignalAction::Stop);
            }
            if self.thread(tid)?.stopped {
                return Ok(SignalAction::Stop);
            }
            let blocked = self.thread(tid)?.blocked;
            let synchronous = self.thread_mut(tid)?.pending.dequeue_synchronous(blocked);
            let info = match synchronous {
                Some(entry) => {
                    self.uncharge_signals(entry.charged_uid.into_iter().collect());
                    self.recalc_sigpending(tid);
                    Some(entry.info)
                }
                None => self.dequeue_signal(tid, blocked)?,
            };
            let Some(mut info) = info else {
                self.restore_saved_mask(tid)?;
                return Ok(SignalAction::None);
            };
            let signal = Signal::new(info.signo()).ok_or(Errno::EINVAL)?;
            let process = self.process_mut(tgid)?;
            let unkillable = process.flags & flags::UNKILLABLE != 0;
            let action = process.actions.get_mut(signal);
            if action.is_ignore() {
                continue;
            }
            if !action.is_default() {
                let taken = *action;
                if taken.flags.contains(SaFlags::RESETHAND) {
                    action.handler = crate::signal::SIG_DFL;
                }
                if !taken.flags.contains(SaFlags::EXPOSE_TAGBITS) {
                    untag_fault_address(&mut info);
                }
                let thread = self.thread(tid)?;
                return Ok(SignalAction::Handler(Delivery {
                    signal,
                    info,
                    action: taken,
                    saved_mask: thread.saved_mask.unwrap_or(thread.blocked),
                    altstack: thread.altstack,
                    fault_address: thread.fault_address,
                    fault_code: thread.fault_code,
                }));
            }
            if is_kernel_ignore(signal) || (unkillable && !is_kernel_only(signal)) {
                continue;
            }
            if is_kernel_stop(signal) {
                let pgid = self.process(tgid)?.pgid;
                if signal != Signal::SIGSTOP && self.is_orphaned_group(pgid) {
                    continue;
                }
                if self.do_signal_stop(tid, signal.number())? {
                    return Ok(SignalAction::Stop);
                }
                continue;
            }
            return Ok(SignalAction::Terminate {
                signal,
                core: is_kernel_coredump(signal),
            });
        }
    }

    /// `signal_delivered`: the frame is on the user stack. Block the handler's mask and,
    /// unless `SA_NODEFER`, the signal itself; forget the saved temporary mask (the frame has
    /// it); disarm an `SS_AUTODISARM` alternate stack.
    pub fn signal_delivered(&mut self, tid: Pid, delivery: &Delivery) -> Result<(), Errno> {
        let thread = self.thread_mut(tid)?;
        thread.saved_mask = None;
        let mut blocked = thread.blocked.union(delivery.action.mask);
        if !delivery.action.flags.contains(SaFlags::NODEFER) {
            blocked.add(delivery.signal);
        }
        self.set_current_blocked(tid, blocked)?;
        let thread = self.thread_mut(tid)?;
        if thread.altstack.flags & SS_AUTODISARM != 0 {
            thread.altstack.reset();
        }
        Ok(())
    }

    /// The frame could not be written (`signal_setup_done(failed)`): `force_sigsegv`.
    pub fn signal_setup_failed(&mut self, tid: Pid, delivery: &Delivery) -> Result<(), Errno> {
        self.force_sigsegv(tid, delivery.signal)
    }
}
