//! Page faults: SIGSEGV codes, demand zero, stack growth, instruction sync, out of memory.

use super::*;
use crate::uspace::layout::{MMAP_MIN_ADDR, STACK_GUARD_GAP, TASK_SIZE};

#[test]
fn segv_codes_tell_unmapped_from_forbidden() {
    let (machine, _, mut space) = new_space();
    map_fixed(&mut space, AREA, PAGE, R);
    map_fixed(&mut space, AREA + PAGE, PAGE, NONE);
    map_fixed(&mut space, AREA + 2 * PAGE, PAGE, Prot::WRITE);
    map_fixed(&mut space, AREA + 3 * PAGE, PAGE, Prot::EXEC);
    let fault = |space: &mut AddressSpace, addr, access| space.handle_fault(ua(addr), access);
    assert_eq!(fault(&mut space, AREA - 1, FaultAccess::Read), Err(MAP_ERR));
    assert_eq!(
        fault(&mut space, TASK_SIZE, FaultAccess::Read),
        Err(MAP_ERR)
    );
    assert_eq!(
        fault(&mut space, u64::MAX, FaultAccess::Write),
        Err(MAP_ERR)
    );
    assert_eq!(fault(&mut space, AREA, FaultAccess::Write), Err(ACC_ERR));
    assert_eq!(fault(&mut space, AREA, FaultAccess::Execute), Err(ACC_ERR));
    assert_eq!(
        fault(&mut space, AREA + PAGE, FaultAccess::Read),
        Err(ACC_ERR)
    );
    // arm64 (without EPAN): write-only and execute-only memory can be read.
    assert_eq!(load(&machine, &mut space, AREA + 2 * PAGE), Ok(0));
    assert_eq!(load(&machine, &mut space, AREA + 3 * PAGE), Ok(0));
    assert_eq!(
        fault(&mut space, AREA + 3 * PAGE, FaultAccess::Execute),
        Ok(())
    );
}

#[test]
fn demand_zero_pages_are_zeroed_frames() {
    let (machine, _, mut space) = new_space();
    map_fixed(&mut space, AREA, PAGE, RW);
    assert_eq!(space.resident_pages(), 0);
    for offset in [0, 1, 2048, 4095] {
        assert_eq!(
            load(&machine, &mut space, AREA + offset),
            Ok(0),
            "not {:#x}",
            machine::GARBAGE
        );
    }
    assert_eq!(space.resident_pages(), 1);
    assert!(machine.publishes() > 0, "the new entry was published");
}

#[test]
fn a_second_fault_on_a_present_page_changes_nothing() {
    let (machine, _, mut space) = new_space();
    map_fixed(&mut space, AREA, PAGE, RW);
    space
        .handle_fault(ua(AREA), FaultAccess::Write)
        .expect("fault");
    let allocations = machine.allocations();
    let frame = frame_at(&space, AREA);
    space
        .handle_fault(ua(AREA + 8), FaultAccess::Write)
        .expect("spurious");
    assert_eq!(machine.allocations(), allocations);
    assert_eq!(frame_at(&space, AREA), frame);
}

#[test]
fn executable_pages_get_their_instructions_synchronised() {
    let (machine, _, mut space) = new_space();
    map_fixed(&mut space, AREA, PAGE, RX);
    space
        .handle_fault(ua(AREA), FaultAccess::Execute)
        .expect("fault");
    let frame = frame_at(&space, AREA).expect("mapped");
    assert_eq!(machine.instruction_syncs(), [frame.as_u64()]);
    let page = space.tables.lookup(AREA).expect("mapped");
    assert!(satisfies(page.access, FaultAccess::Execute));
}

/// A stack of 4 pages ending at `AREA + 64 pages`.
fn with_stack(space: &mut AddressSpace) -> u64 {
    let top = AREA + 64 * PAGE;
    let flags = PRIVATE_ANON | MapFlags::FIXED | MapFlags::GROWSDOWN;
    space
        .mmap(ua(top - 4 * PAGE), 4 * PAGE, RW, flags, 0, None)
        .expect("stack");
    top - 4 * PAGE
}

#[test]
fn the_stack_grows_down_on_a_fault_below_it() {
    let (machine, _, mut space) = new_space();
    let bottom = with_stack(&mut space);
    store(&machine, &mut space, bottom - 5 * PAGE + 12, 1).expect("growth");
    assert_eq!(
        vma_list(&space),
        [(bottom - 5 * PAGE, bottom + 4 * PAGE, RW)]
    );
    assert_eq!(load(&machine, &mut space, bottom - PAGE), Ok(0));
    assert_eq!(
        space.vmas()[0].kind,
        kernel_core::services::mm::VmaKind::Stack
    );
}

#[test]
fn stack_growth_stops_at_the_rlimit() {
    let (machine, _, mut space) = new_space();
    let bottom = with_stack(&mut space);
    space.set_stack_limit(8 * PAGE);
    assert_eq!(
        store(&machine, &mut space, bottom - 5 * PAGE, 1),
        Err(MAP_ERR)
    );
    assert_eq!(
        store(&machine, &mut space, bottom - 4 * PAGE, 1),
        Ok(()),
        "8 pages fit"
    );
}

#[test]
fn stack_growth_keeps_the_guard_gap_from_accessible_mappings() {
    let (machine, _, mut space) = new_space();
    let bottom = with_stack(&mut space);
    let below = bottom - STACK_GUARD_GAP - 8 * PAGE;
    map_fixed(&mut space, below, 4 * PAGE, RW);
    let limit = below + 4 * PAGE + STACK_GUARD_GAP;
    assert_eq!(store(&machine, &mut space, limit - PAGE, 1), Err(MAP_ERR));
    assert_eq!(store(&machine, &mut space, limit, 1), Ok(()));
    // An inaccessible mapping below does not need the gap.
    space.mprotect(ua(below), 4 * PAGE, NONE).expect("mprotect");
    assert_eq!(store(&machine, &mut space, below + 4 * PAGE, 1), Ok(()));
    assert_eq!(
        store(&machine, &mut space, below + 3 * PAGE, 1),
        Err(ACC_ERR)
    );
}

#[test]
fn stack_growth_never_goes_below_mmap_min_addr() {
    let (machine, _, mut space) = new_space();
    let flags = PRIVATE_ANON | MapFlags::FIXED | MapFlags::GROWSDOWN;
    space
        .mmap(ua(MMAP_MIN_ADDR + PAGE), PAGE, RW, flags, 0, None)
        .expect("stack");
    assert_eq!(store(&machine, &mut space, MMAP_MIN_ADDR, 1), Ok(()));
    assert_eq!(
        store(&machine, &mut space, MMAP_MIN_ADDR - 1, 1),
        Err(MAP_ERR)
    );
}

#[test]
fn out_of_memory_is_reported_and_leaves_no_half_mapping() {
    let (machine, _, mut space) = new_space();
    map_fixed(&mut space, AREA, PAGE, RW);
    machine.set_budget(Some(0));
    assert_eq!(
        space.handle_fault(ua(AREA), FaultAccess::Write),
        Err(Fault::OutOfMemory)
    );
    assert_eq!(frame_at(&space, AREA), None);
    machine.set_budget(None);
    assert_eq!(store(&machine, &mut space, AREA, 1), Ok(()));
}

#[test]
fn teardown_returns_every_frame_and_table_page() {
    let (machine, user) = setup(4096);
    let baseline = machine.allocated();
    {
        let mut space = user.create_space(SpaceLimits::default()).expect("space");
        map_fixed(&mut space, AREA, 64 * PAGE, RW);
        let far = map_anywhere(&mut space, 8 * PAGE, RW);
        for page in 0..64 {
            store(&machine, &mut space, AREA + page * PAGE, 1).expect("store");
        }
        store(&machine, &mut space, far, 1).expect("store");
        let tables = space.tables.table_pages();
        assert!(tables >= 7, "two separate table paths");
        assert_eq!(machine.allocated(), baseline + 65 + tables);
    }
    assert_eq!(machine.allocated(), baseline);
    assert_eq!(user.shared_frames(), 0);
}
