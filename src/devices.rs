//! Probing the device tree with the board's drivers: the console UART, the interrupt
//! controller and the timer the kernel needs to run, and the real-time clock if there is one.

use crate::board;
use crate::fatal::fatal;
use crate::memory::KernelSpaceTables;
use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec::Vec;
use kernel_core::addr::PhysRange;
use kernel_core::cap::{MintAuthority, MmioRegion};
use kernel_core::driver::{probe_all, Device, DeviceClass, DeviceNode, ProbeContext, ProbeError};
use kernel_core::platform::PlatformInfo;
use kernel_core::services::chardev::CharDevice;
use kernel_core::services::irq::{InterruptController, IrqNumber, Trigger};
use kernel_core::services::time::{ClockSource, EventTimer, RealTimeClock};
use kernel_core::sync::SpinLock;
use kernel_core::PhysAddr;

/// The devices the kernel runs on.
pub struct Found {
    /// The console UART.
    pub console: &'static dyn CharDevice,
    /// The same UART as a shared handle (for the terminal layer).
    pub console_device: Arc<dyn CharDevice>,
    /// The console UART's interrupt, when its node names one the controller understands.
    pub console_irq: Option<(IrqNumber, Trigger)>,
    /// The interrupt controller.
    pub controller: Arc<dyn InterruptController>,
    /// The system counter.
    pub clock: Arc<dyn ClockSource>,
    /// The per-CPU timers.
    pub events: Arc<dyn EventTimer>,
    /// The real-time clock, if the board has one.
    pub rtc: Option<Arc<dyn RealTimeClock>>,
}

/// What a probing driver may ask of the kernel.
struct Context<'a> {
    authority: &'a MintAuthority,
    space: &'static KernelSpaceTables,
    controller: SpinLock<Option<Arc<dyn InterruptController>>>,
    mpidrs: Vec<u64>,
}

impl ProbeContext for Context<'_> {
    fn map_mmio(&self, range: PhysRange) -> Result<MmioRegion, ProbeError> {
        let len = usize::try_from(range.size)
            .map_err(|_| ProbeError::Invalid("register window too large"))?;
        let virt = self
            .space
            .map_device_range(PhysAddr::new(range.start.as_u64()), len)
            .map_err(|_| ProbeError::Resource("cannot map registers"))?;
        // SAFETY: `map_device_range` just mapped exactly this window as Device memory at `virt`
        // for the kernel's lifetime, and device windows are never used as ordinary memory.
        Ok(unsafe { MmioRegion::new(self.authority, virt, range.start, len) })
    }

    fn interrupt_controller(&self) -> Option<Arc<dyn InterruptController>> {
        self.controller.lock().clone()
    }

    fn cpu_mpidrs(&self) -> &[u64] {
        &self.mpidrs
    }
}

/// Logical CPU order: the boot CPU first, then the others in DTB order.
fn logical_mpidrs(platform: &PlatformInfo) -> Vec<u64> {
    let me = kernel_core::arch::aarch64::registers::mpidr_affinity();
    core::iter::once(me)
        .chain(
            platform
                .cpus
                .iter()
                .map(|cpu| cpu.mpidr)
                .filter(|&m| m != me),
        )
        .collect()
}

/// The console node: `/chosen/stdout-path` if a driver serves it, else the first UART a
/// driver serves.
fn console_path(nodes: &[DeviceNode], platform: &PlatformInfo) -> Option<alloc::string::String> {
    let serves = |node: &DeviceNode| {
        board::DRIVERS
            .iter()
            .any(|d| d.class == DeviceClass::Console && d.matches(node))
    };
    let chosen = nodes
        .iter()
        .find(|n| !platform.stdout_path.is_empty() && n.path == platform.stdout_path.as_str());
    match chosen {
        Some(node) if serves(node) => Some(node.path.clone()),
        _ => nodes.iter().find(|n| serves(n)).map(|n| n.path.clone()),
    }
}

/// Probes what the kernel needs; a missing piece is a fatal, named error.
pub fn probe(
    authority: &MintAuthority,
    dtb: &[u8],
    platform: &PlatformInfo,
    space: &'static KernelSpaceTables,
) -> Found {
    let nodes = devicetree::device_nodes(dtb)
        .unwrap_or_else(|e| fatal(format_args!("bad device tree: {e}")));
    let Some(console_path) = console_path(&nodes, platform) else {
        fatal(format_args!(
            "bad device tree: no UART this board supports (stdout-path {:?})",
            platform.stdout_path.as_str()
        ))
    };
    let ctx = Context {
        authority,
        space,
        controller: SpinLock::new(None),
        mpidrs: logical_mpidrs(platform),
    };
    let wanted = |node: &DeviceNode| {
        let class = board::DRIVERS
            .iter()
            .find(|d| d.matches(node))
            .map(|d| d.class);
        class != Some(DeviceClass::Console) || node.path == console_path
    };
    let mut console = None;
    let mut timer = None;
    let mut rtc = None;
    probe_all(
        &nodes,
        board::DRIVERS,
        &ctx,
        wanted,
        |node, driver, outcome| match outcome {
            Ok(Device::Console(device)) => {
                console.get_or_insert(device);
            }
            Ok(Device::InterruptController(gic)) => {
                ctx.controller.lock().get_or_insert(gic);
            }
            Ok(Device::Timer { clock, events }) => {
                timer.get_or_insert((clock, events));
            }
            Ok(Device::Rtc(clock)) => {
                rtc.get_or_insert(clock);
            }
            Err(error) => log::warn!("{}: driver {} failed: {error}", node.path, driver.name),
        },
    );
    let console = console
        .unwrap_or_else(|| fatal(format_args!("console UART {console_path} failed to probe")));
    let controller = ctx.controller.lock().clone();
    let controller = controller.unwrap_or_else(|| {
        fatal(format_args!(
            "bad device tree: no supported interrupt controller"
        ))
    });
    let (clock, events) =
        timer.unwrap_or_else(|| fatal(format_args!("bad device tree: no supported timer")));
    log::info!("console: {} ({console_path})", console.name());
    let console_irq = nodes
        .iter()
        .find(|node| node.path == console_path)
        .and_then(|node| node.interrupt(0))
        .and_then(|cells| controller.translate(cells));
    let console_device = console.clone();
    let console: &'static Arc<dyn CharDevice> = Box::leak(Box::new(console));
    Found {
        console: console.as_ref(),
        console_device,
        console_irq,
        controller,
        clock,
        events,
        rtc,
    }
}
