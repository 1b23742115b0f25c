//! Descriptor attribute bits, compared with the Arm ARM's stage 1 layout: AttrIndx `[4:2]`,
//! AP[2:1] `[7:6]`, SH `[9:8]`, AF 10, nG 11, PXN 53, UXN 54.

use super::*;
use crate::paging::{Access, MemoryKind, MAIR_EL1_VALUE};

/// The attribute fields of a leaf descriptor, decoded by hand.
#[derive(Debug, PartialEq, Eq)]
struct Fields {
    attr_index: u64,
    ap: u64,
    sh: u64,
    af: u64,
    ng: u64,
    pxn: u64,
    uxn: u64,
}

fn fields(descriptor: u64) -> Fields {
    Fields {
        attr_index: bits(descriptor, 4, 2),
        ap: bits(descriptor, 7, 6),
        sh: bits(descriptor, 9, 8),
        af: bits(descriptor, 10, 10),
        ng: bits(descriptor, 11, 11),
        pxn: bits(descriptor, 53, 53),
        uxn: bits(descriptor, 54, 54),
    }
}

/// Expected fields: AP 0b00 = EL1 RW, 0b01 = EL1+EL0 RW, 0b10 = EL1 RO, 0b11 = EL1+EL0 RO.
fn expect(attr_index: u64, ap: u64, sh: u64, ng: u64, pxn: u64, uxn: u64) -> Fields {
    Fields {
        attr_index,
        ap,
        sh,
        af: 1,
        ng,
        pxn,
        uxn,
    }
}

#[test]
fn mair_holds_the_three_attributes_at_their_indices() {
    let attribute = |index: u64| (MAIR_EL1_VALUE >> (8 * index)) & 0xff;
    // Device-nGnRE is 0b0000_0100; Normal WB RA/WA inner+outer 0b1111_1111; Normal NC 0b0100_0100.
    assert_eq!(attribute(MemoryKind::Device.attr_index()), 0b0000_0100);
    assert_eq!(attribute(MemoryKind::Normal.attr_index()), 0b1111_1111);
    assert_eq!(
        attribute(MemoryKind::NonCacheable.attr_index()),
        0b0100_0100
    );
    assert_eq!(MAIR_EL1_VALUE >> 24, 0, "indices 3..7 unused");
}

#[test]
fn kernel_image_sections_get_w_xor_x_permissions() {
    const IMAGE_VIRT: u64 = 0xffff_8000_0000_0000;
    const IMAGE_PHYS: u64 = 0x4020_0000;
    // text: 2 MiB + 12 KiB (a block, then pages); rodata: 20 KiB; data+bss up to 6 MiB (pages,
    // then a block).
    let sections = [
        (
            0,
            0x20_3000,
            Access::KERNEL_READ_EXECUTE,
            expect(1, 0b10, 0b11, 0, 0, 1),
        ),
        (
            0x20_3000,
            0x20_8000,
            Access::KERNEL_READ,
            expect(1, 0b10, 0b11, 0, 1, 1),
        ),
        (
            0x20_8000,
            0x60_0000,
            Access::KERNEL_READ_WRITE,
            expect(1, 0b00, 0b11, 0, 1, 1),
        ),
    ];
    let mut table = kernel_table();
    for (start, end, access, _) in &sections {
        let (virt, phys) = (kva(IMAGE_VIRT + start), pa(IMAGE_PHYS + start));
        table
            .map(virt, phys, end - start, MemoryKind::Normal, *access)
            .expect("map section");
    }
    let mut levels = Vec::new();
    for (start, end, access, expected) in &sections {
        let mut offset = *start;
        while offset < *end {
            let va = IMAGE_VIRT + offset;
            let (level, descriptor) = raw_walk(table.memory(), table.root(), va).expect("mapped");
            assert_eq!(fields(descriptor), *expected, "at {va:#x}");
            let found = table.translate(kva(va)).expect("translates");
            assert_eq!(
                (found.phys, found.access),
                (pa(IMAGE_PHYS + offset), *access)
            );
            levels.push(level);
            offset += 1 << (12 + 9 * (3 - level as u32));
        }
    }
    // One 2 MiB block at the start of text, one at the end of data, pages between.
    assert_eq!(levels.first(), Some(&2));
    assert_eq!(levels.last(), Some(&2));
    assert_eq!(levels.iter().filter(|&&level| level == 2).count(), 2);
    assert_eq!(
        levels.iter().filter(|&&level| level == 3).count(),
        3 + 5 + 0x1f8
    );
}

#[test]
fn device_memory_is_ngnre_non_shareable_field_and_never_executable() {
    let mut table = kernel_table();
    let virt = 0xffff_0000_0900_0000;
    table
        .map(
            kva(virt),
            pa(0x0900_0000),
            KIB4,
            MemoryKind::Device,
            Access::KERNEL_READ_WRITE,
        )
        .unwrap();
    let (_, descriptor) = raw_walk(table.memory(), table.root(), virt).expect("mapped");
    assert_eq!(fields(descriptor), expect(0, 0b00, 0b00, 0, 1, 1));
    let found = table.translate(kva(virt + 0x18)).expect("translates");
    assert_eq!(found.phys, pa(0x0900_0018));
    assert_eq!(found.kind, MemoryKind::Device);
}

#[test]
fn non_cacheable_memory_uses_index_2() {
    let mut table = kernel_table();
    let virt = 0xffff_0000_8000_0000;
    table
        .map(
            kva(virt),
            pa(0x8000_0000),
            MIB2,
            MemoryKind::NonCacheable,
            Access::KERNEL_READ_WRITE,
        )
        .unwrap();
    let (level, descriptor) = raw_walk(table.memory(), table.root(), virt).expect("mapped");
    assert_eq!(level, 2);
    assert_eq!(fields(descriptor), expect(2, 0b00, 0b11, 0, 1, 1));
    assert_eq!(
        table.translate(kva(virt)).map(|t| t.kind),
        Some(MemoryKind::NonCacheable)
    );
}

#[test]
fn user_mappings_are_non_global_pxn_and_el0_accessible() {
    let mut table = user_table();
    let cases = [
        (
            0x40_0000,
            Access::USER_READ_EXECUTE,
            expect(1, 0b11, 0b11, 1, 1, 0),
        ),
        (0x60_0000, Access::USER_READ, expect(1, 0b11, 0b11, 1, 1, 1)),
        (
            0x80_0000,
            Access::USER_READ_WRITE,
            expect(1, 0b01, 0b11, 1, 1, 1),
        ),
        // Linux lets user space ask for RWX (JITs); W^X binds only kernel mappings.
        (
            0xa0_0000,
            Access::USER_READ_WRITE | Access::EXECUTE,
            expect(1, 0b01, 0b11, 1, 1, 0),
        ),
        // A kernel-only page in the user half: not EL0-accessible, still non-global.
        (
            0xc0_0000,
            Access::KERNEL_READ_WRITE,
            expect(1, 0b00, 0b11, 1, 1, 1),
        ),
    ];
    for (virt, access, expected) in cases {
        table
            .map(
                uva(virt),
                pa(0x4000_0000 + virt),
                KIB4,
                MemoryKind::Normal,
                access,
            )
            .unwrap();
        let (level, descriptor) = raw_walk(table.memory(), table.root(), virt).expect("mapped");
        assert_eq!(level, 3);
        assert_eq!(fields(descriptor), expected, "{access:?}");
        assert_eq!(table.translate(uva(virt)).map(|t| t.access), Some(access));
    }
}

#[test]
fn every_accepted_access_round_trips_through_translate() {
    for bits in 0..16u8 {
        let access = Access::from_bits_truncate(bits);
        for kind in [
            MemoryKind::Normal,
            MemoryKind::Device,
            MemoryKind::NonCacheable,
        ] {
            let mut table = user_table();
            if table
                .map(uva(0x1000), pa(0x2000), KIB4, kind, access)
                .is_ok()
            {
                let found = table.translate(uva(0x1234)).expect("mapped");
                assert_eq!(
                    (found.phys, found.kind, found.access),
                    (pa(0x2234), kind, access)
                );
            }
        }
    }
}
