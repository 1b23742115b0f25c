//! GICv3 redistributors: finding each CPU's frame pair in the redistributor region, and waking
//! it.
//!
//! The region is a sequence of frames, one per CPU: `RD_base` (64 KiB: control, `TYPER`,
//! `WAKER`) then `SGI_base` (64 KiB: the SGI/PPI registers), plus two more 64 KiB frames when
//! `GICR_TYPER.VLPIS` says the redistributor supports direct virtual LPIs (GICv4). The frame
//! of the last redistributor has `GICR_TYPER.Last` set.

use crate::common::POLL_LIMIT;
use crate::cpu_interface::packed_affinity;
use crate::regs::{poll32, RegisterBlock};
use alloc::vec::Vec;

/// `GICR_CTLR`.
pub const GICR_CTLR: usize = 0x0;
/// `GICR_TYPER` (64-bit).
pub const GICR_TYPER: usize = 0x8;
/// `GICR_WAKER`.
pub const GICR_WAKER: usize = 0x14;
/// `GICR_PIDR2`: bits 7:4 are the architecture revision (3 for GICv3, 4 for GICv4).
pub const GICR_PIDR2: usize = 0xffe8;
/// `GICR_CTLR.RWP`: a register write is still taking effect.
pub const CTLR_RWP: u32 = 1 << 3;
/// `GICR_WAKER.ProcessorSleep`.
pub const WAKER_PROCESSOR_SLEEP: u32 = 1 << 1;
/// `GICR_WAKER.ChildrenAsleep`.
pub const WAKER_CHILDREN_ASLEEP: u32 = 1 << 2;
/// `GICR_TYPER.VLPIS`.
pub const TYPER_VLPIS: u64 = 1 << 1;
/// `GICR_TYPER.Last`.
pub const TYPER_LAST: u64 = 1 << 4;
/// Size of one 64 KiB frame.
pub const FRAME_SIZE: usize = 0x1_0000;

/// One CPU's redistributor.
pub struct Redistributor<R> {
    /// Its affinity, `Aff3:Aff2:Aff1:Aff0` (from `GICR_TYPER[63:32]`).
    pub affinity: u32,
    /// The `RD_base` frame.
    pub rd: R,
    /// The `SGI_base` frame.
    pub sgi: R,
}

impl<R: RegisterBlock> Redistributor<R> {
    /// Whether this redistributor serves the CPU with `mpidr`.
    pub fn serves(&self, mpidr: u64) -> bool {
        self.affinity == packed_affinity(mpidr)
    }

    /// Marks the CPU awake (`ProcessorSleep` = 0) and waits for `ChildrenAsleep` to clear;
    /// `false` if it never did.
    pub fn wake(&self) -> bool {
        let waker = self.rd.read32(GICR_WAKER);
        self.rd.write32(GICR_WAKER, waker & !WAKER_PROCESSOR_SLEEP);
        poll32(&self.rd, GICR_WAKER, POLL_LIMIT, |waker| {
            waker & WAKER_CHILDREN_ASLEEP == 0
        })
    }

    /// Waits until writes to the SGI/PPI registers have taken effect; `false` on timeout.
    pub fn wait_for_writes(&self) -> bool {
        poll32(&self.rd, GICR_CTLR, POLL_LIMIT, |ctlr| ctlr & CTLR_RWP == 0)
    }
}

/// Walks the redistributor region: every frame pair from the start, stopping after the one
/// marked `Last`, at the end of the region, or at a frame that is not a GICv3/v4
/// redistributor.
pub fn walk<R: RegisterBlock>(region: &R) -> Vec<Redistributor<R>> {
    let mut found = Vec::new();
    let mut offset = 0usize;
    while let (Some(rd), Some(sgi)) = (
        region.subregion(offset, FRAME_SIZE),
        region.subregion(offset + FRAME_SIZE, FRAME_SIZE),
    ) {
        let revision = (rd.read32(GICR_PIDR2) >> 4) & 0xf;
        if !(3..=4).contains(&revision) {
            log::warn!("GICv3: no redistributor at offset {offset:#x} (PIDR2 revision {revision})");
            break;
        }
        let typer = rd.read64(GICR_TYPER);
        let stride = if typer & TYPER_VLPIS != 0 {
            4 * FRAME_SIZE
        } else {
            2 * FRAME_SIZE
        };
        found.push(Redistributor {
            affinity: (typer >> 32) as u32,
            rd,
            sgi,
        });
        if typer & TYPER_LAST != 0 {
            break;
        }
        offset += stride;
    }
    found
}

/// The redistributor of the CPU with `mpidr`, searching the region frame by frame.
pub fn find<R: RegisterBlock>(region: &R, mpidr: u64) -> Option<Redistributor<R>> {
    walk(region)
        .into_iter()
        .find(|redistributor| redistributor.serves(mpidr))
}
