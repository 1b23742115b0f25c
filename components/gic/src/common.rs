//! What GICv2 and GICv3 share: the distributor register layout, bit arithmetic, the default
//! configuration of interrupt blocks, and the device-tree specifier translation.
//!
//! A GICv2 distributor's first registers are banked per CPU for SGIs and PPIs; a GICv3
//! redistributor's SGI frame has the same layout for them. So the helpers here take any
//! [`RegisterBlock`] with that layout.

use crate::regs::RegisterBlock;
use kernel_core::services::irq::{IrqNumber, Trigger};

/// `GICD_CTLR`.
pub const GICD_CTLR: usize = 0x000;
/// `GICD_TYPER`.
pub const GICD_TYPER: usize = 0x004;
/// `GICD_IGROUPR<n>` (and `GICR_IGROUPR0` in the SGI frame).
pub const IGROUPR: usize = 0x080;
/// `GICD_ISENABLER<n>`: write 1 to enable.
pub const ISENABLER: usize = 0x100;
/// `GICD_ICENABLER<n>`: write 1 to disable.
pub const ICENABLER: usize = 0x180;
/// `GICD_ICPENDR<n>`: write 1 to clear pending.
pub const ICPENDR: usize = 0x280;
/// `GICD_ICACTIVER<n>`: write 1 to deactivate.
pub const ICACTIVER: usize = 0x380;
/// `GICD_IPRIORITYR<n>`: one byte per interrupt.
pub const IPRIORITYR: usize = 0x400;
/// `GICD_ITARGETSR<n>` (GICv2): one byte of CPU-interface bits per interrupt.
pub const ITARGETSR: usize = 0x800;
/// `GICD_ICFGR<n>`: two bits per interrupt; the upper one set means edge-triggered.
pub const ICFGR: usize = 0xc00;
/// `GICD_IGRPMODR<n>` (GICv3): with `IGROUPR` = 1, 0 selects group 1 non-secure.
pub const IGRPMODR: usize = 0xd00;

/// First SPI.
pub const FIRST_SPI: u32 = 32;
/// First PPI.
pub const FIRST_PPI: u32 = 16;
/// The priority every interrupt gets (Linux's `GICD_INT_DEF_PRI`).
pub const DEFAULT_PRIORITY: u8 = 0xa0;
/// The priority mask each CPU interface starts with: everything above 0xf0 is signalled.
pub const PRIORITY_MASK: u8 = 0xf0;
/// Polls before giving up on a register-write-pending or wake-up bit.
pub const POLL_LIMIT: u32 = 1_000_000;

/// Interrupt IDs the distributor implements (`32 * (ITLinesNumber + 1)`, at most 1020).
pub fn line_count(typer: u32) -> u32 {
    (32 * ((typer & 0x1f) + 1)).min(1020)
}

/// Whether an acknowledged INTID is one of the special "no interrupt" IDs 1020-1023.
pub fn is_spurious(intid: u32) -> bool {
    (1020..=1023).contains(&intid)
}

/// The register and bit of `intid` in a one-bit-per-interrupt array starting at `base`.
pub fn bit_register(base: usize, intid: u32) -> (usize, u32) {
    (base + (intid / 32) as usize * 4, 1 << (intid % 32))
}

/// The `ICFGR` register holding `intid`, and the upper bit of its two-bit field (set: edge,
/// clear: level).
pub fn icfgr_position(intid: u32) -> (usize, u32) {
    (
        ICFGR + (intid / 16) as usize * 4,
        1 << ((intid % 16) * 2 + 1),
    )
}

/// Sets the trigger of `intid` in the block `regs` by read-modify-write of its `ICFGR`. The
/// caller serialises concurrent calls on the same block.
pub fn set_trigger<R: RegisterBlock>(regs: &R, intid: u32, trigger: Trigger) {
    let (offset, edge_bit) = icfgr_position(intid);
    let current = regs.read32(offset);
    let updated = match trigger {
        Trigger::Edge => current | edge_bit,
        Trigger::Level => current & !edge_bit,
    };
    regs.write32(offset, updated);
}

/// Enables or disables `intid` in the block `regs` (set-enable / clear-enable arrays).
pub fn set_enabled<R: RegisterBlock>(regs: &R, intid: u32, enabled: bool) {
    let (offset, bit) = bit_register(if enabled { ISENABLER } else { ICENABLER }, intid);
    regs.write32(offset, bit);
}

/// Puts the SGIs and PPIs of `regs` (banked GICv2 distributor or GICv3 SGI frame) in their
/// starting state: everything in `group` (0 or 1), inactive, default priority, PPIs disabled,
/// SGIs enabled (as Linux does).
pub fn configure_private<R: RegisterBlock>(regs: &R, group1: bool) {
    regs.write32(IGROUPR, if group1 { u32::MAX } else { 0 });
    regs.write32(ICACTIVER, u32::MAX);
    regs.write32(ICENABLER, 0xffff_0000);
    regs.write32(ISENABLER, 0x0000_ffff);
    for word in 0..(FIRST_SPI / 4) as usize {
        regs.write32(
            IPRIORITYR + word * 4,
            u32::from_ne_bytes([DEFAULT_PRIORITY; 4]),
        );
    }
}

/// Puts the SPIs `32..line_count` of a distributor in their starting state: in `group`,
/// disabled, not pending, inactive, default priority, level-triggered.
pub fn configure_shared<R: RegisterBlock>(regs: &R, line_count: u32, group1: bool) {
    for intid in (FIRST_SPI..line_count).step_by(32) {
        let offset = (intid / 32) as usize * 4;
        regs.write32(IGROUPR + offset, if group1 { u32::MAX } else { 0 });
        regs.write32(ICENABLER + offset, u32::MAX);
        regs.write32(ICPENDR + offset, u32::MAX);
        regs.write32(ICACTIVER + offset, u32::MAX);
    }
    for intid in (FIRST_SPI..line_count).step_by(4) {
        regs.write32(
            IPRIORITYR + intid as usize,
            u32::from_ne_bytes([DEFAULT_PRIORITY; 4]),
        );
    }
    for intid in (FIRST_SPI..line_count).step_by(16) {
        regs.write32(ICFGR + (intid / 16) as usize * 4, 0);
    }
}

/// Where an interrupt lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// Software-generated (0-15), private to each CPU.
    Sgi,
    /// Private peripheral (16-31), private to each CPU.
    Ppi,
    /// Shared peripheral (32 up to the distributor's line count).
    Spi,
}

/// Classifies `intid`; `None` when the distributor does not implement it.
pub fn classify(intid: u32, line_count: u32) -> Option<Class> {
    match intid {
        0..=15 => Some(Class::Sgi),
        16..=31 => Some(Class::Ppi),
        _ if intid < line_count => Some(Class::Spi),
        _ => None,
    }
}

/// Turns a GIC device-tree specifier `<type number flags>` into an INTID and trigger.
///
/// Type 0 is an SPI (INTID 32 + number), type 1 a PPI (INTID 16 + number). The low four flag
/// bits give the trigger: 1 or 2 edge, 4 or 8 level, 0 (unstated) level, the GIC's reset
/// state; bits 8-15 (the GICv2 PPI CPU mask) are ignored. A fourth cell (the GICv3 PPI
/// partition) is accepted and ignored. Extended SPI/PPI ranges, other trigger codes and
/// interrupts beyond `line_count` give `None`.
pub fn translate(cells: &[u32], line_count: u32) -> Option<(IrqNumber, Trigger)> {
    let [kind, number, flags] = *cells.get(..3)? else {
        return None;
    };
    if cells.len() > 4 {
        return None;
    }
    let intid = match kind {
        0 => FIRST_SPI
            .checked_add(number)
            .filter(|&intid| intid < line_count)?,
        1 if number < 16 => FIRST_PPI + number,
        _ => return None,
    };
    let trigger = match flags & 0xf {
        1 | 2 => Trigger::Edge,
        0 | 4 | 8 => Trigger::Level,
        _ => return None,
    };
    Some((IrqNumber(intid), trigger))
}
