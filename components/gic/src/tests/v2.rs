//! GICv2 against a model distributor and CPU interface.

use super::model::ModelRegs;
use crate::v2::{sgir_value, GicV2, GICC_BPR, GICC_CTLR, GICC_EOIR, GICC_IAR, GICC_PMR, GICD_SGIR};
use kernel_core::services::irq::{InterruptController, IrqNumber, Trigger};

/// A GICv2 with 96 interrupt lines (ITLinesNumber 2).
fn gic() -> (GicV2<ModelRegs>, ModelRegs, ModelRegs) {
    let dist = ModelRegs::new(0x1000);
    let cpu = ModelRegs::new(0x2000);
    dist.poke32(0x004, 2);
    let gic = GicV2::new(dist.clone(), cpu.clone()).unwrap();
    (gic, dist, cpu)
}

#[test]
fn distributor_init_disables_configures_spis_and_enables() {
    let (gic, dist, _) = gic();
    assert_eq!(gic.line_count(), 96);
    gic.init();
    let writes = dist.writes();
    assert_eq!(writes.first(), Some(&(0x000, 0)), "disabled first");
    assert_eq!(writes.last(), Some(&(0x000, 1)), "enabled last");
    for word in [0x184, 0x188] {
        assert_eq!(dist.writes_to(word), [0xffff_ffff], "ICENABLER {word:#x}");
        assert_eq!(
            dist.writes_to(word - 0x100),
            [0],
            "IGROUPR {:#x}: group 0",
            word - 0x100
        );
    }
    for offset in (0x420..0x460).step_by(4) {
        assert_eq!(
            dist.writes_to(offset),
            [0xa0a0_a0a0],
            "IPRIORITYR {offset:#x}"
        );
        assert_eq!(
            dist.writes_to(offset + 0x400),
            [0x0101_0101],
            "ITARGETSR {:#x}: CPU 0",
            offset + 0x400
        );
    }
    for offset in [0xc08, 0xc0c, 0xc10, 0xc14] {
        assert_eq!(dist.writes_to(offset), [0], "ICFGR {offset:#x}: level");
    }
    // Banked SGI/PPI registers belong to init_cpu.
    assert!(dist.writes_to(0x100).is_empty() && dist.writes_to(0x180).is_empty());
    assert!(dist.writes_to(0x400).is_empty() && dist.writes_to(0x800).is_empty());
}

#[test]
fn spis_target_the_boot_cpus_own_interface() {
    let (gic, dist, _) = gic();
    // The boot CPU is CPU interface 1: its banked ITARGETSR0-7 read back 0x02.
    dist.poke32(0x800, 0x0202_0202);
    gic.init();
    assert_eq!(dist.writes_to(0x820), [0x0202_0202]);
}

#[test]
fn cpu_init_enables_sgis_masks_ppis_and_opens_the_interface() {
    let (gic, dist, cpu) = gic();
    gic.init_cpu(0);
    assert_eq!(dist.writes_to(0x100), [0x0000_ffff], "SGIs enabled");
    assert_eq!(dist.writes_to(0x180), [0xffff_0000], "PPIs disabled");
    assert_eq!(dist.writes_to(0x080), [0], "group 0");
    for offset in (0x400..0x420).step_by(4) {
        assert_eq!(dist.writes_to(offset), [0xa0a0_a0a0]);
    }
    assert_eq!(
        cpu.writes(),
        [(GICC_PMR, 0xf0), (GICC_BPR, 0), (GICC_CTLR, 1)]
    );
}

#[test]
fn spi_enable_sets_trigger_then_enable_bit() {
    let (gic, dist, _) = gic();
    dist.poke32(0xc08, 0x5555_0000);
    gic.enable(IrqNumber(40), Trigger::Edge);
    assert_eq!(dist.writes(), [(0xc08, 0x5557_0000), (0x104, 1 << 8)]);
    dist.clear_writes();
    gic.enable(IrqNumber(40), Trigger::Level);
    assert_eq!(dist.writes(), [(0xc08, 0x5555_0000), (0x104, 1 << 8)]);
    dist.clear_writes();
    gic.disable(IrqNumber(40));
    assert_eq!(dist.writes(), [(0x184, 1 << 8)]);
}

#[test]
fn ppi_and_sgi_use_the_banked_first_word() {
    let (gic, dist, _) = gic();
    dist.poke32(0xc04, 0xffff_ffff);
    gic.enable(IrqNumber(27), Trigger::Level);
    assert_eq!(dist.writes(), [(0xc04, 0xff7f_ffff), (0x100, 1 << 27)]);
    dist.clear_writes();
    gic.enable(IrqNumber(3), Trigger::Level);
    assert_eq!(
        dist.writes(),
        [(0x100, 1 << 3)],
        "SGI triggers are fixed: no ICFGR write"
    );
}

#[test]
fn interrupts_beyond_the_lines_are_ignored() {
    let (gic, dist, _) = gic();
    gic.enable(IrqNumber(96), Trigger::Level);
    gic.disable(IrqNumber(1000));
    assert!(dist.writes().is_empty());
}

#[test]
fn sgir_encodes_target_list_and_id() {
    assert_eq!(sgir_value(0b100, 1), 0x0004_0001);
    assert_eq!(sgir_value(0x80, 15), 0x0080_000f);
    let (gic, dist, _) = gic();
    gic.send_sgi(2, 1);
    assert_eq!(
        dist.writes_to(GICD_SGIR),
        [0x0004_0001],
        "unknown interface: bit = logical index"
    );
    // CPU 1 reports CPU interface 3 when it initialises.
    dist.poke32(0x800, 0x0808_0808);
    gic.init_cpu(1);
    dist.clear_writes();
    gic.send_sgi(1, 5);
    assert_eq!(dist.writes_to(GICD_SGIR), [0x0008_0005]);
    dist.clear_writes();
    gic.send_sgi(9, 5);
    assert!(dist.writes().is_empty(), "no interface bit for CPU 9");
}

#[test]
fn acknowledge_filters_spurious_and_eoi_returns_the_sgi_source() {
    let (gic, _, cpu) = gic();
    cpu.poke32(GICC_IAR, 1023);
    assert_eq!(gic.acknowledge(), None);
    cpu.poke32(GICC_IAR, 1022);
    assert_eq!(gic.acknowledge(), None);
    // SGI 5 from CPU interface 3.
    cpu.poke32(GICC_IAR, (3 << 10) | 5);
    assert_eq!(gic.acknowledge(), Some(IrqNumber(5)));
    gic.end_of_interrupt(IrqNumber(5));
    assert_eq!(cpu.writes_to(GICC_EOIR), [(3 << 10) | 5]);
    cpu.poke32(GICC_IAR, 40);
    assert_eq!(gic.acknowledge(), Some(IrqNumber(40)));
    gic.end_of_interrupt(IrqNumber(40));
    assert_eq!(cpu.writes_to(GICC_EOIR), [(3 << 10) | 5, 40]);
}

#[test]
fn small_windows_are_refused() {
    assert!(GicV2::new(ModelRegs::new(0x100), ModelRegs::new(0x2000)).is_err());
    assert!(GicV2::new(ModelRegs::new(0x1000), ModelRegs::new(0x10)).is_err());
}
