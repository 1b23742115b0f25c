//! The driver model: drivers match device-tree `compatible` strings and probe into services.
//!
//! A board lists the drivers it compiles in (a slice of [`Driver`]); the probe loop walks the
//! device tree, calls the first driver whose `compatible` list matches a node, and retries nodes
//! whose driver answered [`ProbeError::Defer`] once more devices exist.

use crate::addr::PhysRange;
use crate::cap::MmioRegion;
use crate::services::chardev::CharDevice;
use crate::services::irq::InterruptController;
use crate::services::time::{ClockSource, EventTimer, RealTimeClock};
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;

/// What the probe loop knows of one device-tree node.
#[derive(Clone, Debug, Default)]
pub struct DeviceNode {
    /// Full path, e.g. `/pl011@9000000`.
    pub path: String,
    /// The `compatible` strings, most specific first.
    pub compatible: Vec<String>,
    /// `reg` entries translated to physical ranges.
    pub reg: Vec<PhysRange>,
    /// The raw `interrupts` cells.
    pub interrupts: Vec<u32>,
    /// `#interrupt-cells` of the node's interrupt parent (3 for a GIC).
    pub interrupt_cells: u32,
    /// `clock-frequency`, if the node has it.
    pub clock_frequency: Option<u32>,
    /// `current-speed` (baud), if the node has it.
    pub current_speed: Option<u32>,
    /// `reg-shift` (register stride as a power of two), if the node has it (NS16550 family).
    pub reg_shift: Option<u32>,
    /// `reg-io-width` in bytes, if the node has it.
    pub reg_io_width: Option<u32>,
}

impl DeviceNode {
    /// Whether any of the node's compatible strings is in `names`.
    pub fn is_compatible(&self, names: &[&str]) -> bool {
        self.compatible.iter().any(|c| names.contains(&c.as_str()))
    }

    /// The `index`-th interrupt specifier (`interrupt_cells` cells each).
    pub fn interrupt(&self, index: usize) -> Option<&[u32]> {
        let cells = self.interrupt_cells.max(1) as usize;
        self.interrupts.get(index * cells..(index + 1) * cells)
    }
}

/// Why a probe did not produce a device.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProbeError {
    /// A service the driver needs does not exist yet; try again later.
    #[error("deferred: waiting for {0}")]
    Defer(&'static str),
    /// The node is malformed for this driver.
    #[error("invalid node: {0}")]
    Invalid(&'static str),
    /// The device could not be mapped or reached.
    #[error("resource unavailable: {0}")]
    Resource(&'static str),
}

/// A probed device, by the service it offers.
#[derive(Clone)]
pub enum Device {
    /// A serial port or other console.
    Console(Arc<dyn CharDevice>),
    /// An interrupt controller.
    InterruptController(Arc<dyn InterruptController>),
    /// A clock with per-CPU event timers (the Arm generic timer).
    Timer {
        /// The counter.
        clock: Arc<dyn ClockSource>,
        /// The per-CPU deadlines.
        events: Arc<dyn EventTimer>,
    },
    /// A real-time clock (the wall time at boot).
    Rtc(Arc<dyn RealTimeClock>),
}

/// What a driver may ask for while probing: exactly the resources of its own node.
pub trait ProbeContext {
    /// Maps `range` (one of the node's `reg` entries) as device memory.
    fn map_mmio(&self, range: PhysRange) -> Result<MmioRegion, ProbeError>;
    /// The interrupt controller, once probed.
    fn interrupt_controller(&self) -> Option<Arc<dyn InterruptController>>;
    /// MPIDR affinity values of the CPUs, in logical CPU order.
    fn cpu_mpidrs(&self) -> &[u64];
}

/// What kind of service a driver's devices offer, known before probing, so the kernel can
/// probe only the UART it will use as the console.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeviceClass {
    /// A serial port ([`Device::Console`]).
    Console,
    /// An interrupt controller ([`Device::InterruptController`]).
    InterruptController,
    /// A clock and timer ([`Device::Timer`]).
    Timer,
    /// A real-time clock ([`Device::Rtc`]).
    Rtc,
}

/// A driver: the compatible strings it serves and its probe function.
pub struct Driver {
    /// Short driver name, e.g. `pl011`.
    pub name: &'static str,
    /// The kind of device it produces.
    pub class: DeviceClass,
    /// Compatible strings matched against the node's list.
    pub compatible: &'static [&'static str],
    /// Builds the device from a matching node.
    pub probe: fn(&DeviceNode, &dyn ProbeContext) -> Result<Device, ProbeError>,
}

impl Driver {
    /// Whether this driver serves `node`.
    pub fn matches(&self, node: &DeviceNode) -> bool {
        node.is_compatible(self.compatible)
    }
}

/// Probes every node that one of `drivers` serves and `wanted` accepts, retrying deferred
/// probes while any round makes progress. Each node's final outcome goes to `on_outcome`,
/// which may make the new device visible to later probes (through `ctx`'s interior state).
/// Nodes still deferred when no progress is possible end with their `Defer` error.
pub fn probe_all(
    nodes: &[DeviceNode],
    drivers: &[&'static Driver],
    ctx: &dyn ProbeContext,
    wanted: impl Fn(&DeviceNode) -> bool,
    mut on_outcome: impl FnMut(&DeviceNode, &'static Driver, Result<Device, ProbeError>),
) {
    let mut pending: Vec<(&DeviceNode, &'static Driver)> = nodes
        .iter()
        .filter(|node| wanted(node))
        .filter_map(|node| {
            drivers
                .iter()
                .find(|driver| driver.matches(node))
                .map(|d| (node, *d))
        })
        .collect();
    loop {
        let before = pending.len();
        let mut deferred = Vec::new();
        for (node, driver) in pending {
            match (driver.probe)(node, ctx) {
                Err(ProbeError::Defer(what)) => deferred.push((node, driver, what)),
                outcome => on_outcome(node, driver, outcome),
            }
        }
        if deferred.is_empty() || deferred.len() == before {
            for (node, driver, what) in deferred {
                on_outcome(node, driver, Err(ProbeError::Defer(what)));
            }
            return;
        }
        pending = deferred
            .into_iter()
            .map(|(node, driver, _)| (node, driver))
            .collect();
    }
}

#[cfg(test)]
mod tests;
