//! fork: copy-on-write private pages, shared pages, reference counts, failure.

use super::*;

#[test]
fn a_store_in_the_child_does_not_change_the_parent() {
    let (machine, user, mut parent) = new_space();
    map_fixed(&mut parent, AREA, 2 * PAGE, RW);
    store(&machine, &mut parent, AREA, 1).expect("store");
    let mut child = parent.fork().expect("fork");
    let shared = frame_at(&parent, AREA).expect("mapped");
    assert_eq!(
        frame_at(&child, AREA),
        Some(shared),
        "one frame, two mappings"
    );
    assert_eq!(user.frame_refs(shared), 2);
    assert!(
        machine.invalidated(parent.root(), AREA),
        "the parent's write access is revoked"
    );
    for space in [&parent, &child] {
        let page = space.tables.lookup(AREA).expect("mapped");
        assert!(
            !satisfies(page.access, FaultAccess::Write),
            "read-only on both sides"
        );
    }
    store(&machine, &mut child, AREA, 2).expect("child store");
    assert!(machine.invalidated(child.root(), AREA), "break before make");
    assert_eq!(load(&machine, &mut parent, AREA), Ok(1));
    assert_eq!(load(&machine, &mut child, AREA), Ok(2));
    assert_ne!(frame_at(&child, AREA), Some(shared));
    assert_eq!(user.frame_refs(shared), 1);
    // The parent is now the only user: its store takes the page back without a copy.
    let allocations = machine.allocations();
    store(&machine, &mut parent, AREA, 3).expect("parent store");
    assert_eq!(frame_at(&parent, AREA), Some(shared));
    assert_eq!(machine.allocations(), allocations);
    assert_eq!(load(&machine, &mut child, AREA), Ok(2));
}

#[test]
fn a_store_in_the_parent_does_not_change_the_child() {
    let (machine, _, mut parent) = new_space();
    map_fixed(&mut parent, AREA, PAGE, RW);
    store(&machine, &mut parent, AREA + 10, 4).expect("store");
    let mut child = parent.fork().expect("fork");
    store(&machine, &mut parent, AREA + 10, 5).expect("store");
    assert_eq!(load(&machine, &mut child, AREA + 10), Ok(4));
    assert_eq!(load(&machine, &mut parent, AREA + 10), Ok(5));
}

#[test]
fn after_the_child_exits_the_parent_writes_without_copying() {
    let (machine, user, mut parent) = new_space();
    map_fixed(&mut parent, AREA, PAGE, RW);
    store(&machine, &mut parent, AREA, 1).expect("store");
    let frame = frame_at(&parent, AREA);
    drop(parent.fork().expect("fork"));
    assert_eq!(user.shared_frames(), 0);
    let allocations = machine.allocations();
    store(&machine, &mut parent, AREA, 2).expect("store");
    assert_eq!(frame_at(&parent, AREA), frame);
    assert_eq!(machine.allocations(), allocations);
}

#[test]
fn shared_memory_stays_shared_even_for_pages_touched_later() {
    let (machine, _, mut parent) = new_space();
    let at = parent
        .mmap(ua(0), 2 * PAGE, RW, SHARED_ANON, 0, None)
        .expect("mapping")
        .as_u64();
    store(&machine, &mut parent, at, 1).expect("store");
    let mut child = parent.fork().expect("fork");
    store(&machine, &mut child, at, 2).expect("child store");
    assert_eq!(load(&machine, &mut parent, at), Ok(2));
    // The second page was never touched before fork: both still find the same one.
    store(&machine, &mut child, at + PAGE, 3).expect("child store");
    assert_eq!(load(&machine, &mut parent, at + PAGE), Ok(3));
    drop(child);
    assert_eq!(
        load(&machine, &mut parent, at + PAGE),
        Ok(3),
        "the object outlives the child"
    );
}

#[test]
fn the_child_inherits_layout_break_and_inaccessible_pages() {
    let (machine, _, mut parent) = new_space();
    parent.set_brk_start(ua(0x40_0000));
    parent.brk(ua(0x40_0000 + PAGE));
    map_fixed(&mut parent, AREA, PAGE, RW);
    store(&machine, &mut parent, AREA, 8).expect("store");
    parent.mprotect(ua(AREA), PAGE, NONE).expect("mprotect");
    let mut child = parent.fork().expect("fork");
    assert_eq!(child.brk(ua(0)), ua(0x40_0000 + PAGE));
    assert_eq!(vma_list(&child), vma_list(&parent));
    assert_eq!(load(&machine, &mut child, AREA), Err(ACC_ERR));
    child.mprotect(ua(AREA), PAGE, RW).expect("mprotect");
    assert_eq!(load(&machine, &mut child, AREA), Ok(8));
    store(&machine, &mut child, AREA, 9).expect("store");
    parent.mprotect(ua(AREA), PAGE, R).expect("mprotect");
    assert_eq!(load(&machine, &mut parent, AREA), Ok(8));
}

#[test]
fn running_out_of_memory_tears_down_the_partial_child() {
    let (machine, user, mut parent) = new_space();
    map_fixed(&mut parent, AREA, PAGE, RW);
    store(&machine, &mut parent, AREA, 1).expect("store");
    let far = map_anywhere(&mut parent, PAGE, RW);
    store(&machine, &mut parent, far, 2).expect("store");
    let allocated = machine.allocated();
    // Enough for the child's root and the first page's tables, not the second's.
    machine.set_budget(Some(4));
    assert!(matches!(parent.fork(), Err(Errno::ENOMEM)));
    machine.set_budget(None);
    assert_eq!(machine.allocated(), allocated, "nothing leaked");
    assert_eq!(user.shared_frames(), 0);
    assert_eq!(store(&machine, &mut parent, AREA, 3), Ok(()));
    assert_eq!(load(&machine, &mut parent, far), Ok(2));
}

#[test]
fn teardown_of_both_sides_returns_everything() {
    let (machine, user) = setup(4096);
    let baseline = machine.stats_free();
    {
        let mut parent = user.create_space(SpaceLimits::default()).expect("space");
        map_fixed(&mut parent, AREA, 16 * PAGE, RW);
        for page in 0..16 {
            store(&machine, &mut parent, AREA + page * PAGE, 1).expect("store");
        }
        let mut child = parent.fork().expect("fork");
        for page in 0..8 {
            store(&machine, &mut child, AREA + page * PAGE, 2).expect("store");
        }
        let grandchild = child.fork().expect("fork");
        drop(parent);
        drop(grandchild);
    }
    assert_eq!(machine.stats_free(), baseline);
    assert_eq!(user.shared_frames(), 0);
}

#[test]
fn teardown_frees_pages_only_after_invalidating_the_space() {
    let (machine, _, mut space) = new_space();
    map_fixed(&mut space, AREA, PAGE, RW);
    store(&machine, &mut space, AREA, 1).expect("store");
    let (frame, root) = (frame_at(&space, AREA).expect("mapped"), space.root());
    drop(space);
    assert!(machine.freed_after_invalidation(frame, root, AREA));
    assert!(
        machine.freed_after_invalidation(root, root, AREA),
        "tables too"
    );
}
