//! Exceptions from EL0: system calls go to abi-linux's table; faults end the program.

use super::memory::TableUserMemory;
use super::smoke;
use abi_linux::context::{SyscallContext, UserMemory};
use kernel_core::arch::aarch64::exception::{set_user_traps, TrapFrame, UserTraps};
use kernel_core::arch::esr;
use kernel_core::services::time::TimeService;

/// `ESR_EL1.EC` of an `SVC` from AArch64.
const CLASS_SVC64: u8 = 0x15;
/// Linux's signal numbers for the faults below.
const SIGILL: i32 = 4;
const SIGBUS: i32 = 7;
const SIGSEGV: i32 = 11;

struct Traps;

/// The syscall context of the running user thread.
struct ThreadContext<'a> {
    memory: TableUserMemory<'a>,
    time: &'a dyn TimeService,
}

impl SyscallContext for ThreadContext<'_> {
    fn user(&self) -> &dyn UserMemory {
        &self.memory
    }
    fn time(&self) -> &dyn TimeService {
        self.time
    }
    fn yield_now(&self) {}
    fn exit_group(&self, status: i32) -> ! {
        smoke::finish(status, None)
    }
}

impl UserTraps for Traps {
    fn sync(&self, frame: &mut TrapFrame, esr: u64, far: u64) {
        let (Some(kernel), Some(thread)) = (crate::kernel::get(), smoke::current()) else {
            smoke::finish(0, Some(SIGSEGV))
        };
        let class = esr::exception_class(esr);
        if class != CLASS_SVC64 {
            let signal = match class {
                0x20 | 0x24 => SIGSEGV,
                0x22 | 0x26 => SIGBUS,
                _ => SIGILL,
            };
            log::info!(
                "user fault: {} at {far:#x}, pc {:#x}",
                esr::class_name(class),
                frame.elr
            );
            smoke::finish(0, Some(signal));
        }
        let ctx = ThreadContext {
            memory: TableUserMemory {
                table: &thread.table,
            },
            time: kernel.timers.as_ref(),
        };
        let registers = [
            frame.x[0], frame.x[1], frame.x[2], frame.x[3], frame.x[4], frame.x[5],
        ];
        frame.x[0] = abi_linux::table::dispatch(&ctx, frame.x[8] as usize, registers) as u64;
    }

    fn before_return(&self, _frame: &mut TrapFrame) {
        if crate::task::need_resched() {
            crate::task::schedule();
        }
    }
}

/// Routes EL0 exceptions to this module.
pub fn install() {
    set_user_traps(&Traps);
}
