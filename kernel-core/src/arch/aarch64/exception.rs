//! Exception entry from the vectors: interrupts go to the board's IRQ root, everything else
//! (until the userspace issue handles EL0) is reported and halts the CPU.

use super::registers;
use crate::arch::esr;
use crate::services::chardev::CharDevice;
use crate::sync::Once;
use core::fmt::{self, Write};

/// The registers saved on exception entry (layout shared with vectors.S).
#[repr(C)]
#[derive(Debug)]
pub struct TrapFrame {
    /// General-purpose registers x0..x30.
    pub x: [u64; 31],
    /// The user stack pointer.
    pub sp_el0: u64,
    /// Where execution resumes.
    pub elr: u64,
    /// The saved processor state.
    pub spsr: u64,
}

const _: () = assert!(core::mem::size_of::<TrapFrame>() == 272);

/// The board's interrupt entry: acknowledges and dispatches one round of interrupts.
pub trait IrqRoot: Sync {
    /// Handles the pending interrupt(s) on the calling CPU.
    fn handle_irq(&self);
}

/// What the kernel does with exceptions taken from user mode (EL0, AArch64).
pub trait UserTraps: Sync {
    /// A synchronous exception from EL0: a syscall (`SVC`), a fault, an undefined instruction.
    fn sync(&self, frame: &mut TrapFrame, esr: u64, far: u64);
    /// The last step before returning to EL0 after any exception: deliver pending signals,
    /// switch to another thread if this one's time is up.
    fn before_return(&self, frame: &mut TrapFrame);
}

static IRQ_ROOT: Once<&'static dyn IrqRoot> = Once::new();
static USER_TRAPS: Once<&'static dyn UserTraps> = Once::new();

/// Installs the user-mode exception handler (once, by the kernel's assembly code).
pub fn set_user_traps(traps: &'static dyn UserTraps) {
    USER_TRAPS.call_once(|| traps);
}
static REPORT_CONSOLE: Once<&'static dyn CharDevice> = Once::new();

/// Installs the IRQ root (once, by the board's assembly code).
pub fn set_irq_root(root: &'static dyn IrqRoot) {
    IRQ_ROOT.call_once(|| root);
}

/// Installs the console used for exception and panic reports (once, early).
pub fn set_report_console(console: &'static dyn CharDevice) {
    REPORT_CONSOLE.call_once(|| console);
}

/// A `fmt::Write` onto the report console; writes nowhere before one is installed.
pub struct ReportWriter;

impl Write for ReportWriter {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        if let Some(console) = REPORT_CONSOLE.get() {
            console.write(text.as_bytes());
        }
        Ok(())
    }
}

/// Vector indices (see vectors.S): current EL with SP_ELx, and lower EL in AArch64 state.
const KERNEL_IRQ: u64 = 5;
const USER_SYNC: u64 = 8;
const USER_IRQ: u64 = 9;

/// Called by vectors.S with the saved frame and the vector index (0-15).
#[unsafe(no_mangle)]
extern "C" fn lichen_handle_exception(frame: &mut TrapFrame, kind: u64) {
    match (kind, IRQ_ROOT.get(), USER_TRAPS.get()) {
        (KERNEL_IRQ, Some(root), _) => root.handle_irq(),
        (USER_IRQ, Some(root), Some(traps)) => {
            root.handle_irq();
            traps.before_return(frame);
        }
        (USER_SYNC, _, Some(traps)) => {
            traps.sync(frame, registers::esr_el1(), registers::far_el1());
            traps.before_return(frame);
        }
        _ => report_and_halt(frame, kind),
    }
}

fn report_and_halt(frame: &TrapFrame, kind: u64) -> ! {
    let esr = registers::esr_el1();
    let far = registers::far_el1();
    let cpu = super::cpu::cpu_index();
    let mut out = ReportWriter;
    let _ = write_report(&mut out, frame, kind, esr, far, cpu);
    let _ = writeln!(out, "lichen: fatal: cpu{cpu} halted after exception");
    halt()
}

fn write_report(
    out: &mut impl Write,
    frame: &TrapFrame,
    kind: u64,
    esr: u64,
    far: u64,
    cpu: usize,
) -> fmt::Result {
    let class = esr::exception_class(esr);
    let what = match kind % 4 {
        0 => esr::class_name(class),
        1 => "IRQ with no handler",
        2 => "FIQ",
        _ => "SError interrupt",
    };
    writeln!(
        out,
        "\nlichen: exception on cpu{cpu}: {what} (ESR {esr:#010x}, vector {kind})"
    )?;
    if kind.is_multiple_of(4) && esr::is_abort(class) {
        let (status, level) = esr::fault_status(esr);
        let access = if esr::is_write(esr) { "write" } else { "read" };
        match level {
            Some(level) => writeln!(out, "lichen:   {status} at level {level} on {access}")?,
            None => writeln!(out, "lichen:   {status} on {access}")?,
        }
    }
    writeln!(
        out,
        "lichen:   FAR {far:#018x}  ELR {:#018x}  SPSR {:#010x}  SP_EL0 {:#018x}",
        frame.elr, frame.spsr, frame.sp_el0
    )?;
    for row in 0..8 {
        write!(out, "lichen:  ")?;
        for reg in row * 4..(row * 4 + 4).min(31) {
            write!(out, " x{reg:<2} {:#018x}", frame.x[reg])?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Stops the calling CPU for good, interrupts masked.
pub fn halt() -> ! {
    super::cpu::irq_save();
    loop {
        aarch64_cpu::asm::wfe();
    }
}
