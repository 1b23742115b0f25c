//! Specifier translation and register arithmetic shared by both generations.

use crate::common::{
    bit_register, classify, icfgr_position, is_spurious, line_count, translate, Class,
};
use kernel_core::services::irq::{IrqNumber, Trigger};

#[test]
fn spi_and_ppi_specifiers_become_intids() {
    // QEMU virt: UART SPI 1 level-high; timer PPIs 13, 14, 11, 10 with a CPU mask in the flags.
    assert_eq!(
        translate(&[0, 1, 4], 288),
        Some((IrqNumber(33), Trigger::Level))
    );
    assert_eq!(
        translate(&[1, 13, 0xf04], 288),
        Some((IrqNumber(29), Trigger::Level))
    );
    assert_eq!(
        translate(&[1, 11, 0xf08], 288),
        Some((IrqNumber(27), Trigger::Level))
    );
    assert_eq!(
        translate(&[0, 7, 1], 288),
        Some((IrqNumber(39), Trigger::Edge))
    );
    assert_eq!(
        translate(&[0, 7, 2], 288),
        Some((IrqNumber(39), Trigger::Edge))
    );
    assert_eq!(
        translate(&[0, 7, 8], 288),
        Some((IrqNumber(39), Trigger::Level))
    );
    // No trigger stated: the reset state, level.
    assert_eq!(
        translate(&[0, 7, 0], 288),
        Some((IrqNumber(39), Trigger::Level))
    );
    // A fourth cell (GICv3 PPI partition) is ignored.
    assert_eq!(
        translate(&[1, 9, 4, 0], 288),
        Some((IrqNumber(25), Trigger::Level))
    );
}

#[test]
fn malformed_specifiers_are_refused() {
    assert_eq!(translate(&[0, 1], 288), None, "too few cells");
    assert_eq!(translate(&[0, 1, 4, 0, 0], 288), None, "too many cells");
    assert_eq!(
        translate(&[2, 1, 4], 288),
        None,
        "extended SPI range unsupported"
    );
    assert_eq!(translate(&[1, 16, 4], 288), None, "PPI number past 15");
    assert_eq!(
        translate(&[0, 256, 4], 288),
        None,
        "SPI beyond the distributor's lines"
    );
    assert_eq!(
        translate(&[0, u32::MAX, 4], 1020),
        None,
        "overflowing SPI number"
    );
    assert_eq!(
        translate(&[0, 1, 3], 288),
        None,
        "both edges is not a GIC trigger"
    );
}

#[test]
fn one_bit_arrays_pick_word_and_bit() {
    assert_eq!(bit_register(0x100, 0), (0x100, 1));
    assert_eq!(bit_register(0x100, 27), (0x100, 1 << 27));
    assert_eq!(bit_register(0x100, 33), (0x104, 1 << 1));
    assert_eq!(bit_register(0x180, 95), (0x188, 1 << 31));
}

#[test]
fn icfgr_fields_are_two_bits_wide() {
    // INTID 27 (virtual timer PPI): ICFGR1, field 11, edge bit 23.
    assert_eq!(icfgr_position(27), (0xc04, 1 << 23));
    // INTID 40: ICFGR2, field 8, edge bit 17.
    assert_eq!(icfgr_position(40), (0xc08, 1 << 17));
    assert_eq!(icfgr_position(32), (0xc08, 1 << 1));
}

#[test]
fn typer_lines_and_special_ids() {
    assert_eq!(line_count(0), 32);
    assert_eq!(line_count(8), 288, "QEMU virt: ITLinesNumber 8");
    assert_eq!(line_count(0x1f), 1020, "capped below the special IDs");
    assert!(is_spurious(1023) && is_spurious(1020) && !is_spurious(1019) && !is_spurious(0));
    assert_eq!(classify(15, 288), Some(Class::Sgi));
    assert_eq!(classify(16, 288), Some(Class::Ppi));
    assert_eq!(classify(287, 288), Some(Class::Spi));
    assert_eq!(classify(288, 288), None);
}
