//! Driver for the Arm generic timer (per-CPU virtual timer and system counter).
//!
//! [`DRIVER`] matches the `arm,armv8-timer` node (no `reg`: the timer is in system registers)
//! and probes into a [`Device::Timer`]: the virtual counter `CNTVCT_EL0` as the clock, the EL1
//! virtual timer (`CNTV_*_EL0`) as every CPU's event timer. Its interrupt is the node's third
//! entry (DT order: secure physical, non-secure physical, virtual, hypervisor), a PPI that the
//! kernel must enable, level-triggered, on each CPU.
#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod regs;
mod timer;

#[cfg(test)]
mod tests;

#[cfg(target_arch = "aarch64")]
pub use regs::SystemTimerRegs;
pub use regs::TimerRegs;
pub use timer::{counter_frequency, ArchTimer, TimerError};

use alloc::sync::Arc;
use kernel_core::driver::{Device, DeviceClass, DeviceNode, Driver, ProbeContext, ProbeError};
use kernel_core::services::time::EventTimer;

/// Index of the virtual timer in the node's `interrupts`.
pub const VIRTUAL_TIMER_INDEX: usize = 2;

/// The generic-timer driver.
pub static DRIVER: Driver = Driver {
    name: "arch-timer",
    class: DeviceClass::Timer,
    compatible: &["arm,armv8-timer", "arm,armv7-timer"],
    probe,
};

#[cfg(target_arch = "aarch64")]
fn probe(node: &DeviceNode, ctx: &dyn ProbeContext) -> Result<Device, ProbeError> {
    probe_with(node, ctx, SystemTimerRegs)
}

/// Off aarch64 there are no timer registers to drive.
#[cfg(not(target_arch = "aarch64"))]
fn probe(_node: &DeviceNode, _ctx: &dyn ProbeContext) -> Result<Device, ProbeError> {
    Err(ProbeError::Resource(
        "arch-timer: the generic timer needs aarch64 system registers",
    ))
}

/// Probes with timer registers `regs`: picks the counter frequency, translates the virtual
/// timer interrupt through the interrupt controller (deferring until there is one), and
/// leaves the calling CPU's virtual timer disarmed.
pub fn probe_with<T: TimerRegs + 'static>(
    node: &DeviceNode,
    ctx: &dyn ProbeContext,
    regs: T,
) -> Result<Device, ProbeError> {
    let cells = node
        .interrupt(VIRTUAL_TIMER_INDEX)
        .ok_or(ProbeError::Invalid(
            "arch-timer: no virtual timer interrupt (3rd entry)",
        ))?;
    let controller = ctx
        .interrupt_controller()
        .ok_or(ProbeError::Defer("interrupt controller"))?;
    let (irq, _trigger) = controller.translate(cells).ok_or(ProbeError::Invalid(
        "arch-timer: malformed virtual timer interrupt",
    ))?;
    if !(16..32).contains(&irq.0) {
        return Err(ProbeError::Invalid(
            "arch-timer: virtual timer interrupt is not a PPI",
        ));
    }
    let frequency_hz = counter_frequency(regs.frequency(), node.clock_frequency).map_err(|_| {
        ProbeError::Invalid(
            "arch-timer: counter frequency unknown (CNTFRQ_EL0 is 0, no clock-frequency)",
        )
    })?;
    let timer = Arc::new(ArchTimer::new(regs, frequency_hz, irq));
    timer.disarm();
    log::info!(
        "{}: {} Hz counter, virtual timer on INTID {}",
        node.path,
        frequency_hz,
        irq.0
    );
    Ok(Device::Timer {
        clock: timer.clone(),
        events: timer,
    })
}
