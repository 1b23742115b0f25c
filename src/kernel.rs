//! The assembled kernel: the services the boot CPU wired, shared with the other CPUs and the
//! interrupt path. Only this binary holds them; components reach each other through the
//! capabilities they were built with.

use alloc::sync::Arc;
use core::sync::atomic::{AtomicUsize, Ordering};
use kernel_core::arch::aarch64::exception::IrqRoot;
use kernel_core::dispatch::IrqTable;
use kernel_core::platform::PsciConduit;
use kernel_core::services::irq::{InterruptController, Trigger};
use kernel_core::sync::Once;
use timers::Timers;

/// What every CPU needs after boot.
pub struct Kernel {
    /// The interrupt controller.
    pub controller: Arc<dyn InterruptController>,
    /// The tick service.
    pub timers: Arc<Timers>,
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
        if let Some(kernel) = KERNEL.get() {
            IRQS.dispatch(&*kernel.controller, kernel_core::arch::cpu_index());
        }
    }
}

/// Publishes the kernel, routes the tick interrupt and installs the IRQ root.
pub fn publish(kernel: Kernel) -> &'static Kernel {
    let kernel = KERNEL.call_once(|| kernel);
    if let Err(error) = IRQS.register(kernel.timers.irq(), kernel.timers.clone()) {
        crate::fatal::fatal(format_args!("timer interrupt: {error}"));
    }
    kernel_core::arch::aarch64::exception::set_irq_root(&Root);
    crate::user::install();
    kernel
}

/// The published kernel.
pub fn get() -> Option<&'static Kernel> {
    KERNEL.get()
}

impl Kernel {
    /// Per-CPU bring-up common to every CPU: its interrupt interface, its tick, interrupts on.
    pub fn start_cpu(&self, cpu: usize) {
        self.controller.init_cpu(cpu);
        self.controller.enable(self.timers.irq(), Trigger::Level);
        self.timers.start_cpu(cpu);
        self.cpus_online.fetch_add(1, Ordering::AcqRel);
        kernel_core::arch::irq_enable();
    }
}

/// The idle loop: sleep until an interrupt, forever.
pub fn idle() -> ! {
    loop {
        kernel_core::arch::wait_for_interrupt();
    }
}
