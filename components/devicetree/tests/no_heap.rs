//! `parse_platform` must work before the heap exists: it may not allocate at all.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts allocations made by the thread that switched counting on.
struct CountingAllocator;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}

// SAFETY: forwards every call to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.with(Cell::get) {
            ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        }
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System.alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

fn allocations_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    COUNTING.with(|c| c.set(true));
    let result = f();
    COUNTING.with(|c| c.set(false));
    (result, ALLOCATIONS.load(Ordering::SeqCst) - before)
}

#[test]
fn parse_platform_allocates_nothing() {
    for name in common::REAL_DTBS {
        let dtb = common::real_dtb(name);
        let (result, count) =
            allocations_during(|| devicetree::parse_platform(&dtb).map(|i| i.cpus.len()));
        assert_eq!(count, 0, "{name}: parse_platform allocated");
        // The Pi 4 file has no memory size (the firmware fills it in); the rest parse.
        assert_eq!(
            result.is_ok(),
            name != "bcm2711-rpi-4-b.dtb",
            "{name}: {result:?}"
        );
    }
    // The counter works: device_nodes does allocate.
    let dtb = common::real_dtb("qemu-virt-gicv3.dtb");
    let (_, count) = allocations_during(|| devicetree::device_nodes(&dtb));
    assert!(count > 0);
}
