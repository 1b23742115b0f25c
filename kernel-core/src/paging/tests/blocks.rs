//! Block-size choice: 1 GiB and 2 MiB blocks exactly where alignment and size allow.

use super::*;
use crate::paging::{Access, MemoryKind};

/// Maps kernel RAM and returns `(level, descriptor)` of every leaf, in address order.
fn leaves_after_map(virt: u64, phys: u64, size: u64) -> Vec<(u64, usize)> {
    let mut table = kernel_table();
    table
        .map(
            kva(virt),
            pa(phys),
            size,
            MemoryKind::Normal,
            Access::KERNEL_READ_WRITE,
        )
        .expect("map");
    let mut leaves = Vec::new();
    table.for_each_leaf(|leaf| leaves.push((leaf.bytes, leaf.level)));
    // The independent walker agrees on every byte's level and physical address.
    let mut offset = 0;
    while offset < size {
        let (level, _) = raw_walk(table.memory(), table.root(), virt + offset).expect("mapped");
        assert_eq!(
            raw_translate(table.memory(), table.root(), virt + offset),
            Some(phys + offset)
        );
        offset += 1 << (12 + 9 * (3 - level as u32));
    }
    leaves
}

const KBASE: u64 = 0xffff_0000_0000_0000;

#[test]
fn one_gib_aligned_both_sides_is_one_level_1_block() {
    let leaves = leaves_after_map(KBASE + 4 * GIB1, 2 * GIB1, GIB1);
    assert_eq!(leaves, vec![(GIB1, 1)]);
}

#[test]
fn two_mib_aligned_is_level_2_blocks() {
    let leaves = leaves_after_map(KBASE + 4 * GIB1 + MIB2, 0x4020_0000, 2 * MIB2);
    assert_eq!(leaves, vec![(MIB2, 2), (MIB2, 2)]);
}

#[test]
fn small_or_unaligned_ranges_use_pages() {
    assert_eq!(
        leaves_after_map(KBASE + 0x1000, 0x4000_1000, KIB4),
        vec![(KIB4, 3)]
    );
    // 2 MiB of size but the physical side is only page aligned: 512 pages.
    let leaves = leaves_after_map(KBASE + MIB2, 0x4000_1000, MIB2);
    assert_eq!(leaves.len(), 512);
    assert!(leaves.iter().all(|&leaf| leaf == (KIB4, 3)));
}

#[test]
fn virt_gib_aligned_phys_only_mib_aligned_gives_2mib_blocks() {
    let leaves = leaves_after_map(KBASE + GIB1, 0x4020_0000, GIB1);
    assert_eq!(leaves.len(), 512);
    assert!(leaves.iter().all(|&leaf| leaf == (MIB2, 2)));
}

#[test]
fn mixed_range_steps_up_to_blocks_and_back_down() {
    // Same offset inside a gigabyte on both sides: page, 2 MiB, 1 GiB, 2 MiB, page.
    let virt = KBASE + GIB1 - MIB2 - KIB4;
    let phys = 3 * GIB1 - MIB2 - KIB4;
    let size = KIB4 + MIB2 + GIB1 + MIB2 + KIB4;
    let leaves = leaves_after_map(virt, phys, size);
    assert_eq!(
        leaves,
        vec![(KIB4, 3), (MIB2, 2), (GIB1, 1), (MIB2, 2), (KIB4, 3)]
    );
}

#[test]
fn a_range_just_short_of_a_block_uses_the_next_size_down() {
    let leaves = leaves_after_map(KBASE, 0, MIB2 - KIB4);
    assert_eq!(leaves.len(), 511);
    assert!(leaves.iter().all(|&leaf| leaf == (KIB4, 3)));
    let leaves = leaves_after_map(KBASE, 0, GIB1 - KIB4);
    assert_eq!(
        leaves.iter().filter(|&&leaf| leaf == (MIB2, 2)).count(),
        511
    );
    assert_eq!(
        leaves.iter().filter(|&&leaf| leaf == (KIB4, 3)).count(),
        511
    );
}

#[test]
fn tables_are_allocated_only_where_needed() {
    let mut table = kernel_table();
    table
        .map(
            kva(KBASE),
            pa(0),
            GIB1,
            MemoryKind::Normal,
            Access::KERNEL_READ,
        )
        .expect("map");
    // Root + one level 1 table.
    assert_eq!(table.memory().tables_allocated(), 2);
    table
        .map(
            kva(KBASE + GIB1),
            pa(GIB1),
            MIB2,
            MemoryKind::Normal,
            Access::KERNEL_READ,
        )
        .unwrap();
    // + one level 2 table.
    assert_eq!(table.memory().tables_allocated(), 3);
    let page = KBASE + GIB1 + MIB2;
    table
        .map(
            kva(page),
            pa(GIB1 + MIB2),
            KIB4,
            MemoryKind::Normal,
            Access::KERNEL_READ,
        )
        .unwrap();
    // + one level 3 table.
    assert_eq!(table.memory().tables_allocated(), 4);
}

#[test]
fn new_tables_are_zeroed_even_on_garbage_pages() {
    // VecTables fills its pages with 0xdeadbeef...; a fresh table must read as all-invalid.
    let table = kernel_table();
    for index in 0..512 {
        assert_eq!(table.memory().entry(table.root(), index), Some(0));
    }
    assert_eq!(table.translate(kva(KBASE)), None);
}

#[test]
fn translate_round_trips_inside_every_leaf_size() {
    let mut table = kernel_table();
    let virt = KBASE + GIB1 - KIB4;
    let phys = 3 * GIB1 - KIB4;
    let size = KIB4 + GIB1 + MIB2;
    table
        .map(
            kva(virt),
            pa(phys),
            size,
            MemoryKind::Normal,
            Access::KERNEL_READ_WRITE,
        )
        .unwrap();
    for offset in [
        0,
        0x123,
        KIB4,
        KIB4 + 0x5a5a5,
        GIB1 - 8,
        GIB1 + KIB4 + 77,
        size - 1,
    ] {
        let found = table.translate(kva(virt + offset)).expect("mapped");
        assert_eq!(found.phys, pa(phys + offset), "offset {offset:#x}");
        assert_eq!(found.kind, MemoryKind::Normal);
        assert_eq!(found.access, Access::KERNEL_READ_WRITE);
    }
    assert_eq!(
        table.translate(kva(virt)).map(|t| t.mapping_bytes),
        Some(KIB4)
    );
    assert_eq!(
        table.translate(kva(virt + KIB4)).map(|t| t.mapping_bytes),
        Some(GIB1)
    );
    assert_eq!(
        table
            .translate(kva(virt + KIB4 + GIB1))
            .map(|t| t.mapping_bytes),
        Some(MIB2)
    );
    assert_eq!(table.translate(kva(virt - 1)), None);
    assert_eq!(table.translate(kva(virt + size)), None);
    // Not in the kernel half at all.
    assert_eq!(table.translate(kva(0x4000_0000)), None);
}
