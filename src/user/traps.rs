//! Exceptions from EL0: system calls go to abi-linux's table; page faults go to the process's
//! address space; what it cannot resolve ends the program with the signal Linux would send.

use crate::process::ThreadContext;
use kernel_core::arch::aarch64::exception::{set_user_traps, TrapFrame, UserTraps};
use kernel_core::arch::esr;
use kernel_core::services::mm::{Fault, FaultAccess};
use kernel_core::services::process::Signal;
use kernel_core::{Errno, UserAddr};

/// `ESR_EL1.EC` values this handler tells apart.
const CLASS_SVC64: u8 = 0x15;
const CLASS_INSTRUCTION_ABORT_LOWER: u8 = 0x20;
const CLASS_DATA_ABORT_LOWER: u8 = 0x24;
/// `si_code`s of the faults below (`asm-generic/siginfo.h`).
const ILL_ILLOPC: i32 = 1;
const BUS_ADRALN: i32 = 1;
const BUS_ADRERR: i32 = 2;

/// The `ERESTART*` code in a syscall's return value, if it is one.
fn restart_code(result: isize) -> Option<Errno> {
    [
        Errno::ERESTARTSYS,
        Errno::ERESTARTNOINTR,
        Errno::ERESTARTNOHAND,
    ]
    .into_iter()
    .find(|code| code.as_syscall_return() == result)
}

struct Traps;

impl UserTraps for Traps {
    fn sync(&self, frame: &mut TrapFrame, esr: u64, far: u64) {
        let thread = crate::task::current_thread();
        let Some(process) = thread.process.get() else {
            log::error!("EL0 exception on a thread without a process");
            crate::task::exit_current()
        };
        let class = esr::exception_class(esr);
        if class == CLASS_SVC64 {
            let registers = [
                frame.x[0], frame.x[1], frame.x[2], frame.x[3], frame.x[4], frame.x[5],
            ];
            let (result, restart, resume) = {
                let ctx = ThreadContext::new(process, frame);
                // Exception entry masked interrupts; a syscall may run long or sleep.
                let saved = kernel_core::arch::irq_save();
                kernel_core::arch::irq_enable();
                let result = abi_linux::table::dispatch(&ctx, frame.x[8] as usize, registers);
                kernel_core::arch::irq_restore(saved);
                (result, ctx.restart.get(), ctx.resume.get())
            };
            if let Some(regs) = resume {
                // rt_sigreturn: every register as the signal frame saved it.
                crate::process::set_user_regs(frame, &regs);
                return;
            }
            match restart {
                // A new program: every register starts at zero.
                Some((entry, sp)) => {
                    frame.x = [0; 31];
                    frame.elr = entry;
                    frame.sp_el0 = sp;
                    frame.spsr = 0;
                }
                None => {
                    frame.x[0] = result as u64;
                    if let Some(code) = restart_code(result) {
                        crate::process::signals::deliver_after_syscall(
                            process,
                            frame,
                            code,
                            registers[0],
                        );
                    }
                }
            }
            return;
        }
        let (signal, code) = match class {
            CLASS_INSTRUCTION_ABORT_LOWER | CLASS_DATA_ABORT_LOWER => {
                let access = match (class, esr::is_write(esr)) {
                    (CLASS_INSTRUCTION_ABORT_LOWER, _) => FaultAccess::Execute,
                    (_, true) => FaultAccess::Write,
                    (_, false) => FaultAccess::Read,
                };
                let outcome = process
                    .space
                    .lock()
                    .handle_fault(UserAddr::new(far), access);
                match outcome {
                    Ok(()) => return,
                    Err(Fault::Bus) => (Signal::SIGBUS, BUS_ADRERR),
                    Err(Fault::Segv(code)) => (Signal::SIGSEGV, code as i32),
                    Err(Fault::OutOfMemory) => {
                        log::warn!("user fault at {far:#x}: out of memory");
                        crate::user::exit_process(process, 0, Some(Signal::SIGKILL.number()))
                    }
                }
            }
            0x22 | 0x26 => (Signal::SIGBUS, BUS_ADRALN),
            _ => (Signal::SIGILL, ILL_ILLOPC),
        };
        log::debug!(
            "user fault: {} at {far:#x}, pc {:#x}",
            esr::class_name(class),
            frame.elr
        );
        // The signal is acted on in `before_return`: a handler runs, or the default action
        // ends the process.
        let address = if signal == Signal::SIGILL {
            frame.elr
        } else {
            far
        };
        crate::process::signals::force_fault(process, signal, code, address, esr);
    }

    fn before_return(&self, frame: &mut TrapFrame) {
        if crate::task::need_resched() {
            crate::task::schedule();
        }
        if let Some(process) = crate::task::current_thread().process.get() {
            crate::process::signals::deliver(process, frame);
        }
    }
}

/// Routes EL0 exceptions to this module.
pub fn install() {
    set_user_traps(&Traps);
}
