//! Unmapping: whole pages and blocks go, holes are skipped, partial blocks are refused.

use super::*;
use crate::paging::{Access, MemoryKind, UnmapError};

const KBASE: u64 = 0xffff_0000_0000_0000;

/// A table with a 1 GiB block at 1 GiB, a 2 MiB block at 2 GiB and pages at 2 GiB + 2 MiB.
fn populated() -> PageTable<KernelHalf, VecTables> {
    let mut table = kernel_table();
    let rw = Access::KERNEL_READ_WRITE;
    table
        .map(
            kva(KBASE + GIB1),
            pa(GIB1),
            GIB1 + MIB2 + 4 * KIB4,
            MemoryKind::Normal,
            rw,
        )
        .unwrap();
    table
}

fn mapped_bytes(table: &PageTable<KernelHalf, VecTables>) -> u64 {
    let mut total = 0;
    table.for_each_leaf(|leaf| total += leaf.bytes);
    total
}

#[test]
fn unmapping_whole_leaves_removes_exactly_them() {
    let mut table = populated();
    let start = KBASE + 2 * GIB1 + MIB2 + KIB4;
    assert_eq!(table.unmap(kva(start), 2 * KIB4), Ok(2 * KIB4));
    assert_eq!(raw_walk(table.memory(), table.root(), start), None);
    assert_eq!(raw_walk(table.memory(), table.root(), start + KIB4), None);
    // Neighbours on both sides survive.
    assert_eq!(
        raw_translate(table.memory(), table.root(), start - 1),
        Some(2 * GIB1 + MIB2 + KIB4 - 1)
    );
    assert_eq!(
        raw_translate(table.memory(), table.root(), start + 2 * KIB4),
        Some(2 * GIB1 + MIB2 + 3 * KIB4)
    );
    assert_eq!(mapped_bytes(&table), GIB1 + MIB2 + 2 * KIB4);
}

#[test]
fn unmapping_across_sizes_and_holes_reports_the_bytes_removed() {
    let mut table = populated();
    // From 512 MiB below the 1 GiB block (a hole) to past the last page (another hole).
    let result = table.unmap(kva(KBASE + GIB1 / 2), GIB1 + GIB1 / 2 + 2 * MIB2);
    assert_eq!(result, Ok(GIB1 + MIB2 + 4 * KIB4));
    assert_eq!(mapped_bytes(&table), 0);
    // Unmapping nothing is fine and removes nothing.
    assert_eq!(table.unmap(kva(KBASE), GIB1), Ok(0));
}

#[test]
fn unmapping_part_of_a_block_is_refused_and_changes_nothing() {
    let mut table = populated();
    let partial = UnmapError::PartialBlock {
        virt: KBASE + GIB1,
        block_bytes: GIB1,
    };
    assert_eq!(table.unmap(kva(KBASE + GIB1 + KIB4), KIB4), Err(partial));
    // Running off the end of the 2 MiB block, starting at the pages before it is cleared...
    let partial_2m = UnmapError::PartialBlock {
        virt: KBASE + 2 * GIB1,
        block_bytes: MIB2,
    };
    assert_eq!(
        table.unmap(kva(KBASE + 2 * GIB1 + KIB4), MIB2),
        Err(partial_2m)
    );
    // ...and a range that starts with whole pages but ends inside a block removes nothing.
    assert_eq!(
        table.unmap(kva(KBASE + GIB1 - MIB2), MIB2 + KIB4),
        Err(partial)
    );
    assert_eq!(mapped_bytes(&table), GIB1 + MIB2 + 4 * KIB4);
    assert!(table.translate(kva(KBASE + GIB1 + KIB4)).is_some());
}

#[test]
fn unmap_checks_alignment_and_range() {
    let mut table = populated();
    assert_eq!(
        table.unmap(kva(KBASE + 1), KIB4),
        Err(UnmapError::Misaligned)
    );
    assert_eq!(table.unmap(kva(KBASE), 5), Err(UnmapError::Misaligned));
    assert_eq!(table.unmap(kva(0x1000), KIB4), Err(UnmapError::OutOfRange));
    assert_eq!(mapped_bytes(&table), GIB1 + MIB2 + 4 * KIB4);
}

#[test]
fn unmapped_ranges_can_be_mapped_again_differently() {
    let mut table = populated();
    table.unmap(kva(KBASE + GIB1), GIB1).expect("whole block");
    // The emptied level 1 slot takes 2 MiB blocks now, onto other memory, read-only.
    let virt = KBASE + GIB1 + 4 * MIB2;
    table
        .map(
            kva(virt),
            pa(0x7000_0000),
            MIB2,
            MemoryKind::Normal,
            Access::KERNEL_READ,
        )
        .unwrap();
    let found = table.translate(kva(virt + 5)).expect("remapped");
    assert_eq!(
        (found.phys, found.access, found.mapping_bytes),
        (pa(0x7000_0005), Access::KERNEL_READ, MIB2)
    );
    assert_eq!(table.translate(kva(KBASE + GIB1)), None);
}
