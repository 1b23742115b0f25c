//! GICv3: a memory-mapped distributor, one redistributor per CPU, and the CPU interface in
//! system registers.
//!
//! Affinity routing is on (`GICD_CTLR.ARE_NS`); every interrupt is group 1 non-secure, which
//! is what `ICC_IAR1_EL1` acknowledges whether or not the GIC has two security states.

use crate::common::{self, Class, POLL_LIMIT};
use crate::cpu_interface::{
    irouter_affinity, sgi1r_value, CpuInterfaceRegs, CTLR_EOIMODE, SRE_ENABLE,
};
use crate::error::{require_size, GicError};
use crate::redist::{self, Redistributor};
use crate::regs::{poll32, RegisterBlock};
use alloc::vec::Vec;
use kernel_core::services::irq::{InterruptController, IrqNumber, Trigger};
use kernel_core::sync::IrqSpinLock;

/// `GICD_CTLR.EnableGrp1` (non-secure view) / `EnableGrp0` (single security state).
pub const CTLR_ENABLE_G1: u32 = 1 << 0;
/// `GICD_CTLR.EnableGrp1A` (non-secure view) / `EnableGrp1` (single security state).
pub const CTLR_ENABLE_G1A: u32 = 1 << 1;
/// `GICD_CTLR.ARE_NS` / `ARE`: affinity routing.
pub const CTLR_ARE_NS: u32 = 1 << 4;
/// `GICD_CTLR.RWP`: a register write is still taking effect.
pub const CTLR_RWP: u32 = 1 << 31;
/// `GICD_IROUTER<n>` (64-bit, for SPIs).
pub const GICD_IROUTER: usize = 0x6000;
/// Distributor bytes the driver touches (through the last `GICD_IROUTER`).
pub const DISTRIBUTOR_SPAN: usize = 0x8000;

/// A GICv3 with register windows `R` and CPU interface `C`.
pub struct GicV3<R: RegisterBlock, C: CpuInterfaceRegs> {
    distributor: R,
    redistributors: Vec<Redistributor<R>>,
    cpu_interface: C,
    cpu_mpidrs: Vec<u64>,
    line_count: u32,
    /// Serialises read-modify-write of `ICFGR` registers.
    config_lock: IrqSpinLock<()>,
}

impl<R: RegisterBlock, C: CpuInterfaceRegs> GicV3<R, C> {
    /// Wraps the distributor, finds the redistributor of every frame in `redistributor_region`,
    /// and keeps `cpu_mpidrs` (MPIDRs by logical CPU) for SGI targets. Changes no state. Fails
    /// if the calling (boot) CPU has no redistributor.
    pub fn new(
        distributor: R,
        redistributor_region: R,
        cpu_interface: C,
        cpu_mpidrs: &[u64],
    ) -> Result<Self, GicError> {
        require_size("distributor", distributor.size(), DISTRIBUTOR_SPAN)?;
        require_size(
            "redistributor",
            redistributor_region.size(),
            2 * redist::FRAME_SIZE,
        )?;
        let redistributors = redist::walk(&redistributor_region);
        for (cpu, &mpidr) in cpu_mpidrs.iter().enumerate() {
            if !redistributors.iter().any(|r| r.serves(mpidr)) {
                log::warn!("GICv3: CPU {cpu} (MPIDR {mpidr:#x}) has no redistributor");
            }
        }
        let boot_mpidr = cpu_interface.current_mpidr();
        if !redistributors.iter().any(|r| r.serves(boot_mpidr)) {
            return Err(GicError::NoRedistributor { mpidr: boot_mpidr });
        }
        let line_count = common::line_count(distributor.read32(common::GICD_TYPER));
        Ok(Self {
            distributor,
            redistributors,
            cpu_interface,
            cpu_mpidrs: cpu_mpidrs.to_vec(),
            line_count,
            config_lock: IrqSpinLock::new(()),
        })
    }

    /// Interrupt IDs the distributor implements.
    pub fn line_count(&self) -> u32 {
        self.line_count
    }

    /// The redistributors found, in frame order.
    pub fn redistributors(&self) -> &[Redistributor<R>] {
        &self.redistributors
    }

    /// Distributor bring-up, run once on the boot CPU before any `init_cpu`: disable, put the
    /// SPIs in group 1 non-secure in their starting state, enable with affinity routing, and
    /// route every SPI to the calling CPU.
    pub fn init(&self) {
        let dist = &self.distributor;
        dist.write32(common::GICD_CTLR, 0);
        self.wait_for_distributor();
        common::configure_shared(dist, self.line_count, true);
        for intid in (common::FIRST_SPI..self.line_count).step_by(32) {
            dist.write32(common::IGRPMODR + (intid / 32) as usize * 4, 0);
        }
        self.wait_for_distributor();
        dist.write32(
            common::GICD_CTLR,
            CTLR_ARE_NS | CTLR_ENABLE_G1A | CTLR_ENABLE_G1,
        );
        self.wait_for_distributor();
        let route = irouter_affinity(self.cpu_interface.current_mpidr());
        for intid in common::FIRST_SPI..self.line_count {
            dist.write64(GICD_IROUTER + intid as usize * 8, route);
        }
    }

    fn wait_for_distributor(&self) {
        if !poll32(&self.distributor, common::GICD_CTLR, POLL_LIMIT, |ctlr| {
            ctlr & CTLR_RWP == 0
        }) {
            log::error!("GICv3: distributor write still pending after {POLL_LIMIT} polls");
        }
    }

    /// The calling CPU's redistributor.
    fn own_redistributor(&self) -> Option<&Redistributor<R>> {
        let mpidr = self.cpu_interface.current_mpidr();
        let found = self.redistributors.iter().find(|r| r.serves(mpidr));
        if found.is_none() {
            log::error!("GICv3: no redistributor for MPIDR {mpidr:#x}");
        }
        found
    }

    /// Turns the system-register interface on; `false` when a higher exception level keeps it
    /// off (`ICC_SRE_EL2.Enable` clear), in which case this CPU cannot take interrupts.
    fn enable_system_registers(&self) -> bool {
        let sre = self.cpu_interface.read_sre();
        if sre & SRE_ENABLE != 0 {
            return true;
        }
        self.cpu_interface.write_sre(sre | SRE_ENABLE);
        self.cpu_interface.read_sre() & SRE_ENABLE != 0
    }

    /// Applies `action` to `irq` in the block that holds it (this CPU's SGI frame for private
    /// interrupts, the distributor for SPIs), then waits for the write to take effect.
    fn on_block(&self, irq: IrqNumber, action: impl Fn(&R, Class)) {
        match common::classify(irq.0, self.line_count) {
            Some(class @ (Class::Sgi | Class::Ppi)) => {
                if let Some(redistributor) = self.own_redistributor() {
                    action(&redistributor.sgi, class);
                    if !redistributor.wait_for_writes() {
                        log::error!("GICv3: redistributor write still pending");
                    }
                }
            }
            Some(Class::Spi) => {
                action(&self.distributor, Class::Spi);
                self.wait_for_distributor();
            }
            None => log::warn!(
                "GICv3: interrupt {} beyond the {} implemented",
                irq.0,
                self.line_count
            ),
        }
    }
}

impl<R: RegisterBlock, C: CpuInterfaceRegs> InterruptController for GicV3<R, C> {
    fn name(&self) -> &str {
        "GICv3"
    }

    fn init_cpu(&self, cpu: usize) {
        let Some(redistributor) = self.own_redistributor() else {
            return;
        };
        if !redistributor.wake() {
            log::error!("GICv3: CPU {cpu}'s redistributor did not wake");
        }
        common::configure_private(&redistributor.sgi, true);
        redistributor.sgi.write32(common::IGRPMODR, 0);
        if !redistributor.wait_for_writes() {
            log::error!("GICv3: CPU {cpu}'s redistributor write still pending");
        }
        if !self.enable_system_registers() {
            log::error!("GICv3: CPU {cpu} cannot use the ICC system registers");
            return;
        }
        self.cpu_interface.write_pmr(common::PRIORITY_MASK);
        self.cpu_interface.write_bpr1(0);
        let ctlr = self.cpu_interface.read_ctlr();
        self.cpu_interface.write_ctlr(ctlr & !CTLR_EOIMODE);
        self.cpu_interface.write_igrpen1(true);
    }

    fn enable(&self, irq: IrqNumber, trigger: Trigger) {
        self.on_block(irq, |regs, class| {
            // SGIs are edge-triggered by architecture; their ICFGR bits are read-only.
            if class != Class::Sgi {
                let _guard = self.config_lock.lock();
                common::set_trigger(regs, irq.0, trigger);
            }
            common::set_enabled(regs, irq.0, true);
        });
    }

    fn disable(&self, irq: IrqNumber) {
        self.on_block(irq, |regs, _| common::set_enabled(regs, irq.0, false));
    }

    fn acknowledge(&self) -> Option<IrqNumber> {
        let intid = self.cpu_interface.read_iar1();
        (!common::is_spurious(intid)).then_some(IrqNumber(intid))
    }

    fn end_of_interrupt(&self, irq: IrqNumber) {
        self.cpu_interface.write_eoir1(irq.0);
    }

    fn send_sgi(&self, target_cpu: usize, sgi: u8) {
        match self.cpu_mpidrs.get(target_cpu) {
            Some(&mpidr) => self.cpu_interface.write_sgi1r(sgi1r_value(mpidr, sgi)),
            None => log::warn!("GICv3: SGI {sgi} to unknown CPU {target_cpu}"),
        }
    }

    fn translate(&self, cells: &[u32]) -> Option<(IrqNumber, Trigger)> {
        common::translate(cells, self.line_count)
    }
}
