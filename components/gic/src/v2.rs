//! GICv2: a memory-mapped distributor and a memory-mapped CPU interface banked per CPU.
//!
//! Groups: the driver leaves every interrupt in group 0 and enables bit 0 of `GICD_CTLR` and
//! `GICC_CTLR`, as Linux does. When the GIC has the Security Extensions and Lichen runs
//! non-secure, group registers are not writable from here, the firmware has put everything in
//! group 1, and bit 0 is the non-secure view's group 1 enable. Without them (QEMU `virt` with
//! `secure=off`), group 0 is what `GICC_IAR` acknowledges while `AckCtl` is 0, so moving
//! interrupts to group 1 would make them unacknowledgeable.

use crate::common::{self, Class};
use crate::error::{require_size, GicError};
use crate::regs::RegisterBlock;
use core::sync::atomic::{fence, AtomicU8, Ordering};
use kernel_core::cap::MmioRegion;
use kernel_core::percpu::PerCpu;
use kernel_core::services::irq::{InterruptController, IrqNumber, Trigger};
use kernel_core::sync::IrqSpinLock;
use kernel_core::MAX_CPUS;

/// `GICD_SGIR` (write only).
pub const GICD_SGIR: usize = 0xf00;
/// `GICC_CTLR`.
pub const GICC_CTLR: usize = 0x00;
/// `GICC_PMR`.
pub const GICC_PMR: usize = 0x04;
/// `GICC_BPR`.
pub const GICC_BPR: usize = 0x08;
/// `GICC_IAR`.
pub const GICC_IAR: usize = 0x0c;
/// `GICC_EOIR`.
pub const GICC_EOIR: usize = 0x10;
/// Distributor bytes the driver touches (through `GICD_SGIR`).
pub const DISTRIBUTOR_SPAN: usize = 0x1000;
/// CPU-interface bytes the driver touches (through `GICC_EOIR`).
pub const CPU_INTERFACE_SPAN: usize = 0x14;

/// `GICD_SGIR` for sending `sgi` to the CPU interfaces in `target_mask` (filter 0: the list).
pub fn sgir_value(target_mask: u8, sgi: u8) -> u32 {
    (u32::from(target_mask) << 16) | u32::from(sgi & 0xf)
}

/// A GICv2 (GIC-400, Cortex-A15/A9 GIC).
pub struct GicV2<R: RegisterBlock = MmioRegion> {
    distributor: R,
    cpu_interface: R,
    line_count: u32,
    /// Serialises read-modify-write of `GICD_ICFGR`.
    config_lock: IrqSpinLock<()>,
    /// The CPU-interface bit of each logical CPU (read from its banked `ITARGETSR`); 0 until
    /// that CPU ran `init_cpu`.
    interface_masks: [AtomicU8; MAX_CPUS],
    /// For each CPU and SGI being handled, the source CPU interface `GICC_EOIR` must name.
    sgi_sources: PerCpu<[AtomicU8; 16]>,
}

impl<R: RegisterBlock> GicV2<R> {
    /// Wraps a distributor and CPU interface without changing their state.
    pub fn new(distributor: R, cpu_interface: R) -> Result<Self, GicError> {
        require_size("distributor", distributor.size(), DISTRIBUTOR_SPAN)?;
        require_size("CPU interface", cpu_interface.size(), CPU_INTERFACE_SPAN)?;
        let line_count = common::line_count(distributor.read32(common::GICD_TYPER));
        Ok(Self {
            distributor,
            cpu_interface,
            line_count,
            config_lock: IrqSpinLock::new(()),
            interface_masks: core::array::from_fn(|_| AtomicU8::new(0)),
            sgi_sources: PerCpu::new(|_| core::array::from_fn(|_| AtomicU8::new(0))),
        })
    }

    /// Interrupt IDs the distributor implements.
    pub fn line_count(&self) -> u32 {
        self.line_count
    }

    /// The calling CPU's interface bit, from the banked `GICD_ITARGETSR0-7` (all read the
    /// same); 0 on a uniprocessor GIC, where they read as zero.
    fn own_interface_mask(&self) -> u8 {
        let words = (0..8).fold(0u32, |acc, word| {
            acc | self.distributor.read32(common::ITARGETSR + word * 4)
        });
        words.to_le_bytes().iter().fold(0, |acc, byte| acc | byte)
    }

    /// Distributor bring-up, run once on the boot CPU before any `init_cpu`: disable, put the
    /// SPIs in their starting state routed to the boot CPU, enable.
    pub fn init(&self) {
        let dist = &self.distributor;
        dist.write32(common::GICD_CTLR, 0);
        common::configure_shared(dist, self.line_count, false);
        let mask = match self.own_interface_mask() {
            0 => 1,
            mask => mask,
        };
        for intid in (common::FIRST_SPI..self.line_count).step_by(4) {
            dist.write32(
                common::ITARGETSR + intid as usize,
                u32::from_ne_bytes([mask; 4]),
            );
        }
        dist.write32(common::GICD_CTLR, 1);
    }

    /// The class of `irq`; `None` (with a warning) when the distributor lacks it.
    fn check(&self, irq: IrqNumber) -> Option<Class> {
        let class = common::classify(irq.0, self.line_count);
        if class.is_none() {
            log::warn!(
                "GICv2: interrupt {} beyond the {} implemented",
                irq.0,
                self.line_count
            );
        }
        class
    }
}

impl<R: RegisterBlock> InterruptController for GicV2<R> {
    fn name(&self) -> &str {
        "GICv2"
    }

    fn init_cpu(&self, cpu: usize) {
        common::configure_private(&self.distributor, false);
        if let Some(slot) = self.interface_masks.get(cpu) {
            slot.store(self.own_interface_mask(), Ordering::Relaxed);
        }
        self.cpu_interface
            .write32(GICC_PMR, u32::from(common::PRIORITY_MASK));
        self.cpu_interface.write32(GICC_BPR, 0);
        self.cpu_interface.write32(GICC_CTLR, 1);
    }

    fn enable(&self, irq: IrqNumber, trigger: Trigger) {
        let Some(class) = self.check(irq) else { return };
        // SGIs are edge-triggered by architecture; their ICFGR bits are read-only.
        if class != Class::Sgi {
            let _guard = self.config_lock.lock();
            common::set_trigger(&self.distributor, irq.0, trigger);
        }
        common::set_enabled(&self.distributor, irq.0, true);
    }

    fn disable(&self, irq: IrqNumber) {
        if self.check(irq).is_some() {
            common::set_enabled(&self.distributor, irq.0, false);
        }
    }

    fn acknowledge(&self) -> Option<IrqNumber> {
        let iar = self.cpu_interface.read32(GICC_IAR);
        let intid = iar & 0x3ff;
        if common::is_spurious(intid) {
            return None;
        }
        if let Some(source) = self.sgi_sources.current().get(intid as usize) {
            source.store(((iar >> 10) & 0x7) as u8, Ordering::Relaxed);
        }
        Some(IrqNumber(intid))
    }

    fn end_of_interrupt(&self, irq: IrqNumber) {
        let source = self
            .sgi_sources
            .current()
            .get(irq.0 as usize)
            .map_or(0, |s| s.load(Ordering::Relaxed));
        self.cpu_interface
            .write32(GICC_EOIR, irq.0 | (u32::from(source) << 10));
    }

    fn send_sgi(&self, target_cpu: usize, sgi: u8) {
        let recorded = self
            .interface_masks
            .get(target_cpu)
            .map_or(0, |m| m.load(Ordering::Relaxed));
        let mask = match recorded {
            0 if target_cpu < 8 => 1 << target_cpu,
            0 => {
                log::warn!("GICv2: no CPU interface known for CPU {target_cpu}");
                return;
            }
            mask => mask,
        };
        // The target must see our earlier memory writes before it takes the interrupt.
        fence(Ordering::SeqCst);
        self.distributor.write32(GICD_SGIR, sgir_value(mask, sgi));
    }

    fn translate(&self, cells: &[u32]) -> Option<(IrqNumber, Trigger)> {
        common::translate(cells, self.line_count)
    }
}
