//! GICv3 against a model distributor, redistributor region and CPU interface.

use super::model::{Icc, ModelIcc, ModelRegs};
use crate::cpu_interface::{irouter_affinity, packed_affinity, sgi1r_value};
use crate::redist::{self, GICR_PIDR2, GICR_TYPER, GICR_WAKER, TYPER_LAST, TYPER_VLPIS};
use crate::regs::RegisterBlock;
use crate::{GicError, GicV3};
use kernel_core::services::irq::{InterruptController, IrqNumber, Trigger};
use std::sync::Arc;

/// MPIDRs of the four model CPUs: two clusters of two.
const MPIDRS: [u64; 4] = [0x0, 0x1, 0x100, 0x101];
const FRAME_PAIR: usize = 0x2_0000;

/// A redistributor region with one frame pair per `affinities` entry (packed affinity, extra
/// TYPER bits), every frame a GICv3 redistributor.
fn region(frames: &[(u32, u64)], stride: usize, len: usize) -> ModelRegs {
    let region = ModelRegs::new(len);
    for (index, &(affinity, bits)) in frames.iter().enumerate() {
        let base = index * stride;
        region.poke32(base + GICR_PIDR2, 0x3b);
        region.poke64(base + GICR_TYPER, (u64::from(affinity) << 32) | bits);
    }
    region
}

/// Four redistributors (the last marked Last) and, after them, a stray frame for MPIDR 0x200
/// that a walk must not reach.
fn standard_region() -> ModelRegs {
    let frames = [
        (0x0, 0),
        (0x1, 0),
        (0x100, 0),
        (0x101, TYPER_LAST),
        (0x200, 0),
    ];
    region(&frames, FRAME_PAIR, 5 * FRAME_PAIR)
}

/// A 96-line GICv3 seen from the CPU with `mpidr`.
fn gic(
    mpidr: u64,
) -> (
    GicV3<ModelRegs, Arc<ModelIcc>>,
    ModelRegs,
    ModelRegs,
    Arc<ModelIcc>,
) {
    let dist = ModelRegs::new(0x1_0000);
    dist.poke32(0x004, 2);
    let redists = standard_region();
    let icc = ModelIcc::new(mpidr);
    let gic = GicV3::new(dist.clone(), redists.clone(), icc.clone(), &MPIDRS).unwrap();
    (gic, dist, redists, icc)
}

#[test]
fn walk_reads_affinities_and_stops_at_last() {
    let found = redist::walk(&standard_region());
    let affinities: Vec<u32> = found.iter().map(|r| r.affinity).collect();
    assert_eq!(affinities, [0x0, 0x1, 0x100, 0x101]);
    assert!(
        redist::find(&standard_region(), 0x200).is_none(),
        "frame after Last reached"
    );
}

#[test]
fn find_returns_the_matching_frame_pair() {
    let region = standard_region();
    let found = redist::find(&region, 0x100).unwrap();
    found.rd.write32(0x14, 0xaa);
    found.sgi.write32(0x100, 0xbb);
    assert_eq!(region.writes(), [(0x4_0014, 0xaa), (0x5_0100, 0xbb)]);
    // MPIDR bits outside the affinity fields (RES1 bit 31, MT, U) do not matter.
    assert!(redist::find(&region, 0x8000_0101).is_some());
    assert!(redist::find(&region, 0x2).is_none());
}

#[test]
fn walk_stops_at_the_region_end_or_a_non_redistributor() {
    let unterminated = region(&[(0x0, 0), (0x1, 0)], FRAME_PAIR, 2 * FRAME_PAIR);
    assert_eq!(redist::walk(&unterminated).len(), 2);
    let holed = region(
        &[(0x0, 0), (0x1, 0), (0x2, TYPER_LAST)],
        FRAME_PAIR,
        3 * FRAME_PAIR,
    );
    holed.poke32(FRAME_PAIR + GICR_PIDR2, 0);
    assert_eq!(redist::walk(&holed).len(), 1);
}

#[test]
fn vlpi_redistributors_take_four_frames() {
    let frames = [(0x0, TYPER_VLPIS), (0x1, TYPER_VLPIS | TYPER_LAST)];
    let region = region(&frames, 2 * FRAME_PAIR, 4 * FRAME_PAIR);
    let found = redist::find(&region, 0x1).unwrap();
    found.rd.write32(0, 1);
    assert_eq!(region.writes(), [(0x4_0000, 1)]);
}

#[test]
fn affinity_packing_covers_aff3() {
    let mpidr = 0x0000_0012_8034_5678u64;
    assert_eq!(packed_affinity(mpidr), 0x1234_5678);
    assert_eq!(irouter_affinity(mpidr), 0x12_0034_5678);
}

#[test]
fn boot_cpu_without_redistributor_is_an_error() {
    let dist = ModelRegs::new(0x1_0000);
    let result = GicV3::new(dist, standard_region(), ModelIcc::new(0x200), &MPIDRS);
    assert!(matches!(
        result,
        Err(GicError::NoRedistributor { mpidr: 0x200 })
    ));
}

#[test]
fn distributor_init_uses_group1_affinity_routing_to_the_boot_cpu() {
    let (gic, dist, _, _) = gic(0x8000_0101);
    gic.init();
    assert_eq!(
        dist.writes_to(0x000),
        [0, 0x13],
        "disable, then ARE_NS | EnableGrp1A | EnableGrp1"
    );
    for word in [0x84, 0x88] {
        assert_eq!(
            dist.writes_to(word),
            [0xffff_ffff],
            "IGROUPR {word:#x}: group 1"
        );
        assert_eq!(
            dist.writes_to(word + 0xc80),
            [0],
            "IGRPMODR {:#x}: non-secure",
            word + 0xc80
        );
        assert_eq!(dist.writes_to(word + 0x100), [0xffff_ffff], "ICENABLER");
    }
    for offset in (0x420..0x460).step_by(4) {
        assert_eq!(
            dist.writes_to(offset),
            [0xa0a0_a0a0],
            "IPRIORITYR {offset:#x}"
        );
    }
    let routes: Vec<(usize, u64)> = dist
        .writes()
        .into_iter()
        .filter(|(o, _)| *o >= 0x6000)
        .collect();
    let expected: Vec<(usize, u64)> = (32..96).map(|intid| (0x6000 + intid * 8, 0x101)).collect();
    assert_eq!(routes, expected);
    assert!(
        dist.writes_to(0x000).len() == 2
            && dist.writes().iter().all(|(o, _)| *o >= 0x80 || *o == 0)
    );
}

#[test]
fn cpu_init_wakes_its_own_redistributor_and_opens_the_interface() {
    let (gic, dist, redists, icc) = gic(0x100);
    // Frame pair 2 sleeps; its children wake once ProcessorSleep is cleared.
    redists.poke32(0x4_0000 + GICR_WAKER, 0b110);
    redists.on_write(|bytes, offset, value| {
        if offset == 0x4_0000 + GICR_WAKER && value & 0b10 == 0 {
            bytes[offset] &= !0b100;
        }
    });
    gic.init_cpu(2);
    assert_eq!(redists.peek32(0x4_0000 + GICR_WAKER), 0);
    let sgi = 0x5_0000;
    assert_eq!(redists.writes_to(sgi + 0x080), [0xffff_ffff], "group 1");
    assert_eq!(redists.writes_to(sgi + 0xd00), [0], "non-secure");
    assert_eq!(redists.writes_to(sgi + 0x100), [0xffff], "SGIs enabled");
    assert_eq!(
        redists.writes_to(sgi + 0x180),
        [0xffff_0000],
        "PPIs disabled"
    );
    assert!(
        redists
            .writes()
            .iter()
            .all(|(o, _)| (0x4_0000..0x6_0000).contains(o)),
        "other CPUs' frames touched"
    );
    assert!(dist.writes().is_empty());
    assert_eq!(
        icc.calls(),
        [
            Icc::WriteSre(1),
            Icc::Pmr(0xf0),
            Icc::Bpr1(0),
            Icc::WriteCtlr(0),
            Icc::Igrpen1(true)
        ]
    );
}

#[test]
fn cpu_init_stops_when_el2_keeps_system_registers_off() {
    let dist = ModelRegs::new(0x1_0000);
    let icc = Arc::new(ModelIcc {
        sre_locked: true,
        ..Arc::try_unwrap(ModelIcc::new(0)).ok().unwrap()
    });
    let gic = GicV3::new(dist, standard_region(), icc.clone(), &MPIDRS).unwrap();
    gic.init_cpu(0);
    assert_eq!(
        icc.calls(),
        [Icc::WriteSre(1)],
        "group 1 enabled without the interface"
    );
}

#[test]
fn private_interrupts_go_to_the_calling_cpus_sgi_frame() {
    let (gic, dist, redists, icc) = gic(0x101);
    redists.poke32(0x7_0c04, 0xffff_ffff);
    gic.enable(IrqNumber(27), Trigger::Level);
    assert_eq!(
        redists.writes(),
        [(0x7_0c04, 0xff7f_ffff), (0x7_0100, 1 << 27)]
    );
    redists.clear_writes();
    gic.disable(IrqNumber(27));
    assert_eq!(redists.writes(), [(0x7_0180, 1 << 27)]);
    // The same call from CPU 0 lands in CPU 0's frame.
    *icc.mpidr.lock().unwrap() = 0;
    redists.clear_writes();
    gic.enable(IrqNumber(3), Trigger::Edge);
    assert_eq!(redists.writes(), [(0x1_0100, 1 << 3)]);
    assert!(dist.writes().is_empty());
}

#[test]
fn spis_go_to_the_distributor() {
    let (gic, dist, redists, _) = gic(0);
    gic.enable(IrqNumber(40), Trigger::Edge);
    assert_eq!(dist.writes(), [(0xc08, 1 << 17), (0x104, 1 << 8)]);
    dist.clear_writes();
    gic.disable(IrqNumber(40));
    assert_eq!(dist.writes(), [(0x184, 1 << 8)]);
    assert!(redists.writes().is_empty());
}

#[test]
fn sgi1r_encodes_affinity_fields() {
    assert_eq!(sgi1r_value(0x101, 3), (3 << 24) | (1 << 16) | (1 << 1));
    let mpidr = (0x7u64 << 32) | (0x6 << 16) | (0x5 << 8) | 17;
    let expected = (0x7u64 << 48) | (1 << 44) | (0x6 << 32) | (15 << 24) | (0x5 << 16) | (1 << 1);
    assert_eq!(sgi1r_value(mpidr, 15), expected);
    let (gic, _, _, icc) = gic(0);
    gic.send_sgi(2, 3);
    gic.send_sgi(7, 3);
    assert_eq!(
        icc.calls(),
        [Icc::Sgi1r((3 << 24) | (1 << 16) | 1)],
        "CPU 7 does not exist"
    );
}

#[test]
fn acknowledge_filters_spurious_and_eoi_names_the_intid() {
    let (gic, _, _, icc) = gic(0);
    icc.iar.lock().unwrap().extend([1023, 27, 1021]);
    assert_eq!(gic.acknowledge(), None);
    assert_eq!(gic.acknowledge(), Some(IrqNumber(27)));
    assert_eq!(gic.acknowledge(), None);
    gic.end_of_interrupt(IrqNumber(27));
    assert_eq!(icc.calls(), [Icc::Eoir1(27)]);
}
