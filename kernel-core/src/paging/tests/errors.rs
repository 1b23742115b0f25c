//! Refused requests: alignment, range, permissions, overlaps, and running out of tables.

use super::*;
use crate::paging::{Access, MapError, MemoryKind};

const KBASE: u64 = 0xffff_0000_0000_0000;
const RW: Access = Access::KERNEL_READ_WRITE;
const NORMAL: MemoryKind = MemoryKind::Normal;

#[test]
fn misaligned_addresses_and_sizes_are_refused() {
    let mut table = kernel_table();
    assert_eq!(
        table.map(kva(KBASE + 1), pa(0), KIB4, NORMAL, RW),
        Err(MapError::Misaligned)
    );
    assert_eq!(
        table.map(kva(KBASE), pa(0x800), KIB4, NORMAL, RW),
        Err(MapError::Misaligned)
    );
    assert_eq!(
        table.map(kva(KBASE), pa(0), 100, NORMAL, RW),
        Err(MapError::Misaligned)
    );
    assert_eq!(
        table.memory().tables_allocated(),
        1,
        "nothing allocated for refused requests"
    );
}

#[test]
fn addresses_outside_the_half_are_refused() {
    let mut kernel = kernel_table();
    // A user address in the kernel half; a range running past the top of the address space.
    assert_eq!(
        kernel.map(kva(0x1000), pa(0), KIB4, NORMAL, RW),
        Err(MapError::OutOfRange)
    );
    assert_eq!(
        kernel.map(kva(u64::MAX - 0xfff), pa(0), 2 * KIB4, NORMAL, RW),
        Err(MapError::OutOfRange)
    );
    // The very last page is fine.
    assert_eq!(
        kernel.map(kva(u64::MAX - 0xfff), pa(0), KIB4, NORMAL, RW),
        Ok(())
    );
    assert_eq!(
        kernel.translate(kva(u64::MAX)).map(|t| t.phys),
        Some(pa(0xfff))
    );

    let mut user = user_table();
    let top = 1 << 48;
    assert_eq!(
        user.map(uva(top), pa(0), KIB4, NORMAL, Access::USER_READ),
        Err(MapError::OutOfRange)
    );
    assert_eq!(
        user.map(uva(top - KIB4), pa(0), 2 * KIB4, NORMAL, Access::USER_READ),
        Err(MapError::OutOfRange)
    );
    assert_eq!(
        user.map(uva(top - KIB4), pa(0), KIB4, NORMAL, Access::USER_READ),
        Ok(())
    );
    assert_eq!(
        user.map(uva(0), pa(1 << 48), KIB4, NORMAL, Access::USER_READ),
        Err(MapError::PhysOutOfRange)
    );
}

#[test]
fn forbidden_permission_combinations_are_refused() {
    let mut kernel = kernel_table();
    let wx = Access::READ | Access::WRITE | Access::EXECUTE;
    assert_eq!(
        kernel.map(kva(KBASE), pa(0), KIB4, NORMAL, wx),
        Err(MapError::WritableExecutable)
    );
    let device_x = Access::KERNEL_READ_EXECUTE;
    assert_eq!(
        kernel.map(kva(KBASE), pa(0), KIB4, MemoryKind::Device, device_x),
        Err(MapError::ExecutableDevice)
    );
    assert_eq!(
        kernel.map(kva(KBASE), pa(0), KIB4, NORMAL, Access::USER_READ),
        Err(MapError::UserInKernelHalf)
    );
    assert_eq!(
        kernel.map(kva(KBASE), pa(0), KIB4, NORMAL, Access::WRITE),
        Err(MapError::NotReadable)
    );
    let mut user = user_table();
    let kernel_wx = Access::READ | Access::WRITE | Access::EXECUTE;
    assert_eq!(
        user.map(uva(0), pa(0), KIB4, NORMAL, kernel_wx),
        Err(MapError::WritableExecutable)
    );
    assert_eq!(kernel.translate(kva(KBASE)), None);
}

#[test]
fn overlapping_maps_are_refused_without_changes() {
    let mut table = kernel_table();
    table
        .map(kva(KBASE + MIB2), pa(MIB2), MIB2, NORMAL, RW)
        .expect("block");
    table
        .map(kva(KBASE + 3 * MIB2), pa(0x1000_0000), KIB4, NORMAL, RW)
        .expect("page");
    let tables_before = table.memory().tables_allocated();
    let cases = [
        (KBASE + MIB2, MIB2, KBASE + MIB2), // same range
        (KBASE, 2 * MIB2, KBASE + MIB2),    // runs into the block
        (KBASE + MIB2 + 5 * KIB4, KIB4, KBASE + MIB2 + 5 * KIB4), // inside the block
        (KBASE + MIB2 * 2, MIB2 * 2, KBASE + 3 * MIB2), // runs into the page
        (KBASE + 3 * MIB2, KIB4, KBASE + 3 * MIB2), // the page itself
    ];
    for (virt, size, first_mapped) in cases {
        // Ask for another physical range: an overwrite would show in translate.
        let result = table.map(kva(virt), pa(0x2000_0000), size, NORMAL, RW);
        assert_eq!(result, Err(MapError::AlreadyMapped { virt: first_mapped }));
    }
    assert_eq!(table.memory().tables_allocated(), tables_before);
    assert_eq!(
        table.translate(kva(KBASE)),
        None,
        "the free part stays unmapped"
    );
    assert_eq!(
        table
            .translate(kva(KBASE + MIB2 + 5 * KIB4))
            .map(|t| t.phys),
        Some(pa(MIB2 + 5 * KIB4))
    );
    assert_eq!(
        table.translate(kva(KBASE + 3 * MIB2)).map(|t| t.phys),
        Some(pa(0x1000_0000))
    );
    // The pages right next to both mappings are still free to map.
    table
        .map(kva(KBASE + 3 * MIB2 + KIB4), pa(0), KIB4, NORMAL, RW)
        .expect("neighbour");
}

#[test]
fn running_out_of_tables_keeps_what_was_mapped() {
    // Root, level 1, level 2, and one level 3 table: the range needs a second level 3 table.
    let mut table = with_limit(kernel_table(), Some(4));
    let virt = KBASE + MIB2 - 2 * KIB4;
    let result = table.map(
        kva(virt),
        pa(0x4000_0000 - 2 * KIB4),
        4 * KIB4 + MIB2,
        NORMAL,
        RW,
    );
    // 2 pages, then a 2 MiB block needs no table, then the last 2 pages need a new table.
    assert_eq!(
        result,
        Err(MapError::OutOfTables {
            mapped_bytes: 2 * KIB4 + MIB2
        })
    );
    for offset in [0, KIB4, 2 * KIB4, 2 * KIB4 + MIB2 - 1] {
        let found = table.translate(kva(virt + offset)).map(|t| t.phys);
        assert_eq!(
            found,
            Some(pa(0x4000_0000 - 2 * KIB4 + offset)),
            "offset {offset:#x}"
        );
    }
    assert_eq!(table.translate(kva(virt + 2 * KIB4 + MIB2)), None);
    // With memory back, mapping the rest completes the range.
    let mut table = with_limit(table, None);
    let rest = virt + 2 * KIB4 + MIB2;
    table
        .map(kva(rest), pa(0x4000_0000 + MIB2), 2 * KIB4, NORMAL, RW)
        .expect("rest");
    assert!(table.translate(kva(rest + KIB4)).is_some());
}

#[test]
fn a_table_without_a_root_page_cannot_be_built() {
    let mut memory = VecTables::new(pa(TABLE_BASE));
    memory.set_limit(Some(0));
    let result = PageTable::<KernelHalf, _>::new(memory);
    assert_eq!(
        result.err(),
        Some(MapError::OutOfTables { mapped_bytes: 0 })
    );
}

/// The same table with a new limit on its table pages.
fn with_limit(
    table: PageTable<KernelHalf, VecTables>,
    limit: Option<usize>,
) -> PageTable<KernelHalf, VecTables> {
    let (root, mut memory) = table.into_parts();
    memory.set_limit(limit);
    // SAFETY: the root and its tables are pages of this very `memory`, which was only given a
    // new limit.
    unsafe { PageTable::from_root(root, memory) }
}
