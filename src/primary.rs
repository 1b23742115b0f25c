//! The boot CPU's path from the first Rust instruction to the idle loop.

use crate::fatal::fatal;
use crate::kernel::{self, Kernel};
use crate::{board, console, devices, dtb, kprint, memory, selftest, smp, BOARD_NAME};
use alloc::sync::Arc;
use core::fmt::Write;
use core::sync::atomic::AtomicUsize;
use kernel_core::cap::MintAuthority;
use kernel_core::cmdline::CommandLine;
use kernel_core::services::time::TimeService;
use timers::{Timers, TimersCaps};

/// How long the boot CPU waits for the others to come up, and for their first ticks.
const BRING_UP_TIMEOUT_NS: u64 = 3_000_000_000;
/// Ticks each CPU must show before the boot is called complete.
const TICKS_TO_OBSERVE: u64 = 3;

/// Rust entry of the boot CPU (from boot.S: MMU on, boot tables, on the boot stack).
#[unsafe(no_mangle)]
extern "C" fn lichen_primary_main(dtb_phys: u64, kernel_phys: u64, entry_el: u64) -> ! {
    // SAFETY: this is the kernel's assembly code, the one place that mints capabilities.
    let authority = unsafe { MintAuthority::assume() };
    let console = console::init_early(&authority);
    kprint!(
        "Lichen {} on {BOARD_NAME} (entered at EL{entry_el})\n",
        env!("CARGO_PKG_VERSION")
    );

    let dtb = dtb::locate(dtb_phys).unwrap_or_else(|e| fatal(format_args!("bad device tree: {e}")));
    let platform = devicetree::parse_platform(dtb)
        .unwrap_or_else(|e| fatal(format_args!("bad device tree: {e}")));
    let cmdline = CommandLine::parse(&platform.bootargs);
    console.set_linux_loglevel(cmdline.loglevel);
    crate::panic::set_timeout(cmdline.panic_timeout);
    log::info!("model: {}", platform.model);
    log::info!("command line: {}", platform.bootargs);

    let space = memory::init(&authority, &platform, kernel_phys, dtb);
    log::info!(
        "memory: {} MiB in {} region(s)",
        platform.memory_bytes() >> 20,
        platform.memory.len()
    );

    let found = devices::probe(&authority, dtb, &platform, space);
    console.set_device(found.console);
    log::info!("interrupt controller: {}", found.controller.name());
    let timers = Arc::new(Timers::new(
        TimersCaps {
            clock: found.clock.clone(),
            events: found.events,
        },
        board::TICK_HZ,
    ));
    if let Some(rtc) = &found.rtc {
        timers.set_realtime(rtc.unix_seconds().saturating_mul(1_000_000_000));
    }
    log::info!(
        "timer: {} Hz counter, tick {} Hz",
        found.clock.frequency_hz(),
        timers.tick_hz()
    );

    let sched = sched::selected(
        platform.cpus.len().clamp(1, kernel_core::MAX_CPUS),
        board::TICK_HZ,
    )
    .unwrap_or_else(|e| fatal(format_args!("scheduler: {e:?}")));
    let kernel = kernel::publish(Kernel {
        controller: found.controller,
        timers,
        sched,
        psci: platform.psci,
        cpus_online: AtomicUsize::new(0),
    });
    kernel.start_cpu(0);
    let asked = smp::start_secondaries(&platform, kernel_phys, space.ttbr1());
    let online = smp::wait_online(1 + asked, BRING_UP_TIMEOUT_NS);
    log::info!("cpus: {online} of {} online", platform.cpus.len());

    report_ticks(kernel, platform.cpus.len().max(1));
    crate::terminal::init(found.console_device.clone(), found.console_irq);
    log::info!("boot complete");
    match cmdline.lichen_value("test") {
        Some(test) => selftest::run(test),
        None => crate::init::start(&platform, &cmdline, found.console),
    }
    kernel::idle()
}

/// Waits (bounded) until every CPU has ticked a few times, then prints the counts.
fn report_ticks(kernel: &Kernel, cpus: usize) {
    let timers = &kernel.timers;
    let deadline = timers.uptime_ns() + BRING_UP_TIMEOUT_NS;
    while (0..cpus).any(|cpu| timers.ticks_on(cpu) < TICKS_TO_OBSERVE)
        && timers.uptime_ns() < deadline
    {
        kernel_core::arch::wait_for_interrupt();
    }
    let mut line = heapless::String::<256>::new();
    for cpu in 0..cpus {
        let _ = write!(line, " cpu{cpu}={}", timers.ticks_on(cpu));
    }
    log::info!("ticks:{line}");
}
