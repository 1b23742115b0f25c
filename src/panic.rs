//! Linux's `panic()` for the one cause Lichen shares with it: init's death. The line, every
//! other CPU stopped, then a hang or, with `panic=`, a restart.

use core::fmt::Write;
use core::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use kernel_core::arch::aarch64::exception::{halt, ReportWriter};
use kernel_core::arch::aarch64::psci;
use kernel_core::services::time::TimeService;

/// The stop request's SGI: any interrupt will do, the IRQ root checks [`in_progress`] first.
const STOP_SGI: u8 = crate::task::RESCHED_SGI;

/// `panic=`: seconds before restarting; 0 hangs, negative restarts at once.
static TIMEOUT_SECONDS: AtomicI32 = AtomicI32::new(0);

/// Set by the first CPU to panic; every other CPU halts at its next interrupt.
static PANICKING: AtomicBool = AtomicBool::new(false);

/// Records the command line's `panic=` (Linux's `panic_timeout`).
pub fn set_timeout(seconds: i32) {
    TIMEOUT_SECONDS.store(seconds, Ordering::Relaxed);
}

/// Whether a panic is under way: the caller (an interrupt on another CPU) must halt.
pub fn in_progress() -> bool {
    PANICKING.load(Ordering::Acquire)
}

/// Halts the calling CPU because another one panicked (Linux's `smp_send_stop` target).
pub fn stop_this_cpu() -> ! {
    halt()
}

/// `panic(message)`: prints `Kernel panic - not syncing: <message>`, stops the other CPUs,
/// then as Linux: with `panic=N`, N > 0, `Rebooting in N seconds..` and a restart after them;
/// N < 0 restarts at once; 0 (or a restart the firmware refuses) prints the `---[ end Kernel
/// panic ... ]---` line and hangs.
pub fn panic(message: core::fmt::Arguments<'_>) -> ! {
    if PANICKING.swap(true, Ordering::AcqRel) {
        // Another CPU is already panicking: Linux's `panic_smp_self_stop`.
        halt()
    }
    let _masked = kernel_core::arch::irq_save();
    let mut out = ReportWriter;
    let _ = writeln!(out, "Kernel panic - not syncing: {message}");
    stop_other_cpus();
    let timeout = TIMEOUT_SECONDS.load(Ordering::Relaxed);
    if timeout > 0 {
        let _ = writeln!(out, "Rebooting in {timeout} seconds..");
        delay_seconds(timeout.unsigned_abs());
    }
    if timeout != 0 {
        if let Some(conduit) = crate::kernel::get().and_then(|kernel| kernel.psci) {
            let _ = psci::system_reset(conduit);
        }
    }
    let _ = writeln!(out, "---[ end Kernel panic - not syncing: {message} ]---");
    halt()
}

/// Interrupts every other online CPU; each halts in its IRQ root.
fn stop_other_cpus() {
    let Some(kernel) = crate::kernel::get() else {
        return;
    };
    let me = kernel_core::arch::cpu_index();
    let online = kernel.cpus_online.load(Ordering::Acquire);
    for cpu in (0..online.min(kernel_core::MAX_CPUS)).filter(|&cpu| cpu != me) {
        kernel.controller.send_sgi(cpu, STOP_SGI);
    }
}

/// Busy-waits `seconds` on the counter (interrupts are masked: no tick will come).
fn delay_seconds(seconds: u32) {
    let Some(kernel) = crate::kernel::get() else {
        return;
    };
    let timers = kernel.timers.as_ref();
    let deadline = timers
        .uptime_ns()
        .saturating_add(u64::from(seconds) * 1_000_000_000);
    while timers.uptime_ns() < deadline {
        core::hint::spin_loop();
    }
}
