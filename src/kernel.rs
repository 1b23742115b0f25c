//! The assembled kernel: the services the boot CPU wired, shared with the other CPUs and the
//! interrupt path. Only this binary holds them; components reach each other through the
//! capabilities they were built with.

use alloc::sync::Arc;
use core::sync::atomic::{AtomicUsize, Ordering};
use kernel_core::arch::aarch64::exception::IrqRoot;
use kernel_core::dispatch::IrqTable;
use kernel_core::platform::PsciConduit;
use kernel_core::services::irq::{InterruptController, IrqHandler, IrqNumber, Trigger};
use kernel_core::services::sched::Scheduler;
use kernel_core::sync::Once;
use timers::Timers;

/// What every CPU needs after boot.
pub struct Kernel {
    /// The interrupt controller.
    pub controller: Arc<dyn InterruptController>,
    /// The tick service.
    pub timers: Arc<Timers>,
    /// The scheduling policy.
    pub sched: Arc<dyn Scheduler>,
    /// How to call PSCI, if the firmware offers it.
    pub psci: Option<PsciConduit>,
    /// CPUs that finished bring-up.
    pub cpus_online: AtomicUsize,
}

static KERNEL: Once<Kernel> = Once::new();
static IRQS: IrqTable = IrqTable::new();

struct Root;

impl IrqRoot for Root {
    fn handle_irq(&self) {
        if crate::panic::in_progress() {
            crate::panic::stop_this_cpu();
        }
        if let Some(kernel) = KERNEL.get() {
            IRQS.dispatch(&*kernel.controller, kernel_core::arch::cpu_index());
        }
    }
}

/// The tick: time first, then the scheduler's accounting (which may ask for preemption).
struct Tick {
    timers: Arc<Timers>,
    sched: Arc<dyn Scheduler>,
}

impl IrqHandler for Tick {
    fn handle(&self, irq: IrqNumber, cpu: usize) {
        self.timers.handle(irq, cpu);
        if cpu == 0 {
            crate::task::wake_due(kernel_core::services::time::TimeService::uptime_ns(
                self.timers.as_ref(),
            ));
        }
        if self.sched.tick(cpu) {
            crate::task::request_resched(cpu);
        }
    }
}

/// The reschedule SGI's interrupt number.
const RESCHED_IRQ: IrqNumber = IrqNumber(crate::task::RESCHED_SGI as u32);

/// Publishes the kernel, routes the tick and reschedule interrupts, installs the IRQ root.
pub fn publish(kernel: Kernel) -> &'static Kernel {
    let kernel = KERNEL.call_once(|| kernel);
    let tick = Arc::new(Tick {
        timers: kernel.timers.clone(),
        sched: kernel.sched.clone(),
    });
    let routes: [(IrqNumber, Arc<dyn IrqHandler>); 2] = [
        (kernel.timers.irq(), tick),
        (RESCHED_IRQ, Arc::new(crate::task::ReschedHandler)),
    ];
    for (irq, handler) in routes {
        if let Err(error) = IRQS.register(irq, handler) {
            crate::fatal::fatal(format_args!("interrupt routing: {error}"));
        }
    }
    kernel_core::arch::aarch64::exception::set_irq_root(&Root);
    crate::user::install();
    kernel
}

/// Routes device interrupt `irq` to `handler` and unmasks it (a shared interrupt, so on the
/// controller as a whole). Called once per device during boot wiring.
pub fn route_device_irq(
    irq: IrqNumber,
    trigger: Trigger,
    handler: Arc<dyn IrqHandler>,
) -> Result<(), kernel_core::dispatch::RegisterError> {
    IRQS.register(irq, handler)?;
    if let Some(kernel) = KERNEL.get() {
        kernel.controller.enable(irq, trigger);
    }
    Ok(())
}

/// The published kernel.
pub fn get() -> Option<&'static Kernel> {
    KERNEL.get()
}

/// Kernel time as a capability to hand to components.
pub fn time_arc() -> Arc<dyn kernel_core::services::time::TimeService> {
    KERNEL
        .get()
        .expect("the kernel is published before the root file system is built")
        .timers
        .clone()
}

/// Kernel time. User code runs only after the kernel is published, so callers on the syscall
/// path can rely on it.
pub fn time() -> &'static Timers {
    &KERNEL
        .get()
        .expect("the kernel is published before any user thread runs")
        .timers
}

impl Kernel {
    /// Per-CPU bring-up common to every CPU: its interrupt interface, its tick, interrupts on.
    pub fn start_cpu(&self, cpu: usize) {
        crate::task::init_cpu(cpu);
        self.controller.init_cpu(cpu);
        self.controller.enable(self.timers.irq(), Trigger::Level);
        self.controller.enable(RESCHED_IRQ, Trigger::Edge);
        self.timers.start_cpu(cpu);
        kernel_core::arch::aarch64::cpu::allow_user_virtual_counter();
        self.cpus_online.fetch_add(1, Ordering::AcqRel);
        kernel_core::arch::irq_enable();
    }
}

/// The idle loop: run what the scheduler gives this CPU, else sleep until an interrupt.
pub fn idle() -> ! {
    crate::task::idle_loop()
}
