//! Drivers for the Arm GICv2 and GICv3 interrupt controllers.
//!
//! [`DRIVER`] matches both generations and probes into a [`Device::InterruptController`] whose
//! distributor is already initialised; the kernel then calls `init_cpu` on every CPU. The
//! register logic is generic over [`RegisterBlock`] (MMIO) and [`CpuInterfaceRegs`] (GICv3
//! system registers) so that host tests can run it against register models.
#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod common;
pub mod cpu_interface;
mod error;
pub mod redist;
pub mod regs;
pub mod v2;
pub mod v3;

#[cfg(test)]
mod tests;

pub use cpu_interface::CpuInterfaceRegs;
#[cfg(target_arch = "aarch64")]
pub use cpu_interface::SystemCpuInterface;
pub use error::GicError;
pub use regs::RegisterBlock;
pub use v2::GicV2;
pub use v3::GicV3;

use alloc::sync::Arc;
use kernel_core::driver::{Device, DeviceClass, DeviceNode, Driver, ProbeContext, ProbeError};

/// Compatible strings of GICv2 implementations.
pub const GICV2_COMPATIBLE: &[&str] = &["arm,gic-400", "arm,cortex-a15-gic", "arm,cortex-a9-gic"];
/// Compatible strings of GICv3 implementations.
pub const GICV3_COMPATIBLE: &[&str] = &["arm,gic-v3"];

/// The GIC driver, for both generations.
pub static DRIVER: Driver = Driver {
    name: "gic",
    class: DeviceClass::InterruptController,
    compatible: &[
        "arm,gic-v3",
        "arm,gic-400",
        "arm,cortex-a15-gic",
        "arm,cortex-a9-gic",
    ],
    probe,
};

fn probe(node: &DeviceNode, ctx: &dyn ProbeContext) -> Result<Device, ProbeError> {
    if node.is_compatible(GICV3_COMPATIBLE) {
        #[cfg(target_arch = "aarch64")]
        return probe_v3(node, ctx, SystemCpuInterface);
        #[cfg(not(target_arch = "aarch64"))]
        return Err(ProbeError::Resource(
            "gic: the GICv3 CPU interface needs aarch64 system registers",
        ));
    }
    probe_v2(node, ctx)
}

/// Maps register window `index` of `node`.
fn map(
    node: &DeviceNode,
    ctx: &dyn ProbeContext,
    index: usize,
    missing: &'static str,
) -> Result<kernel_core::cap::MmioRegion, ProbeError> {
    let range = *node.reg.get(index).ok_or(ProbeError::Invalid(missing))?;
    ctx.map_mmio(range)
}

/// Probes a GICv2: distributor at `reg[0]`, CPU interface at `reg[1]`; initialises the
/// distributor.
pub fn probe_v2(node: &DeviceNode, ctx: &dyn ProbeContext) -> Result<Device, ProbeError> {
    let distributor = map(node, ctx, 0, "gic: no distributor reg")?;
    let cpu_interface = map(node, ctx, 1, "gic: no CPU interface reg")?;
    let gic = GicV2::new(distributor, cpu_interface)?;
    gic.init();
    log::info!("{}: GICv2, {} interrupt lines", node.path, gic.line_count());
    Ok(Device::InterruptController(Arc::new(gic)))
}

/// Probes a GICv3 with CPU interface `cpu_interface`: distributor at `reg[0]`, redistributor
/// region at `reg[1]`; initialises the distributor (on the calling, boot CPU).
pub fn probe_v3<C: CpuInterfaceRegs + 'static>(
    node: &DeviceNode,
    ctx: &dyn ProbeContext,
    cpu_interface: C,
) -> Result<Device, ProbeError> {
    let distributor = map(node, ctx, 0, "gic: no distributor reg")?;
    let redistributors = map(node, ctx, 1, "gic: no redistributor reg")?;
    let gic = GicV3::new(distributor, redistributors, cpu_interface, ctx.cpu_mpidrs())?;
    gic.init();
    log::info!(
        "{}: GICv3, {} interrupt lines, {} redistributors",
        node.path,
        gic.line_count(),
        gic.redistributors().len()
    );
    Ok(Device::InterruptController(Arc::new(gic)))
}
