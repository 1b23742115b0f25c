//! The user address-space layout: Linux arm64's constants for a 48-bit VA, no randomisation.
//!
//! ```text
//! 0x0000_0000_0000_0000  .. MMAP_MIN_ADDR          never handed out by placement
//!   ...                                            ELF image, then brk heap (set by the loader)
//! TASK_UNMAPPED_BASE = 0x4000_0000_0000            bottom-up (legacy) mmap area starts here
//!   ...                                            top-down mmap area grows down from:
//! mmap_base = STACK_TOP - gap = 0xffff_f800_0000   (gap = clamp(RLIMIT_STACK + guard, 128 MiB, 5/6))
//!   ...                                            stack gap
//! STACK_TOP = TASK_SIZE = 0x1_0000_0000_0000       the stack grows down from here
//! ```

/// Bytes in a page.
pub const PAGE_BYTES: u64 = 4096;
/// One past the highest user address (48-bit VA).
pub const TASK_SIZE: u64 = 1 << 48;
/// Where the initial stack ends (no randomisation).
pub const STACK_TOP: u64 = TASK_SIZE;
/// The lowest address mmap placement and hints use (Debian's `vm.mmap_min_addr`, the
/// LSM value 32768).
pub const MMAP_MIN_ADDR: u64 = 32768;
/// Below this, MAP_FIXED needs CAP_SYS_RAWIO (`EPERM` otherwise): Linux's DAC minimum.
pub const DAC_MMAP_MIN_ADDR: u64 = 4096;
/// The gap kept below a grows-down VMA (Linux `stack_guard_gap`, 256 pages).
pub const STACK_GUARD_GAP: u64 = 256 * PAGE_BYTES;
/// The smallest gap between `mmap_base` and the stack top.
pub const MIN_GAP: u64 = 128 << 20;
/// The largest gap between `mmap_base` and the stack top.
pub const MAX_GAP: u64 = STACK_TOP / 6 * 5;
/// Start of the bottom-up search (arm64 `TASK_UNMAPPED_BASE`, a quarter of the space).
pub const TASK_UNMAPPED_BASE: u64 = TASK_SIZE / 4;
/// The most VMAs one address space may have (`vm.max_map_count`).
pub const MAX_MAP_COUNT: usize = 65530;
/// RLIMIT_STACK's "infinity".
pub const RLIM_INFINITY: u64 = u64::MAX;

/// Whether the legacy bottom-up layout is used: Linux picks it for an unlimited stack.
pub const fn is_legacy(stack_limit_bytes: u64) -> bool {
    stack_limit_bytes == RLIM_INFINITY
}

/// Linux's `mmap_base` without randomisation: below the stack, leaving room for the stack's
/// rlimit plus the guard gap, at least [`MIN_GAP`] and at most [`MAX_GAP`]; with the legacy
/// layout, [`TASK_UNMAPPED_BASE`].
pub const fn mmap_base(stack_limit_bytes: u64) -> u64 {
    if is_legacy(stack_limit_bytes) {
        return TASK_UNMAPPED_BASE;
    }
    let mut gap = stack_limit_bytes;
    // "Values close to RLIM_INFINITY can overflow": the pad is added only if it fits.
    if let Some(padded) = gap.checked_add(STACK_GUARD_GAP) {
        gap = padded;
    }
    if gap < MIN_GAP {
        gap = MIN_GAP;
    } else if gap > MAX_GAP {
        gap = MAX_GAP;
    }
    page_align_down(STACK_TOP - gap)
}

/// Rounds down to a page.
pub const fn page_align_down(value: u64) -> u64 {
    value & !(PAGE_BYTES - 1)
}

/// Rounds up to a page; `None` on overflow.
pub const fn page_align_up(value: u64) -> Option<u64> {
    match value.checked_add(PAGE_BYTES - 1) {
        Some(sum) => Some(sum & !(PAGE_BYTES - 1)),
        None => None,
    }
}

/// Whether `value` is a multiple of the page size.
pub const fn is_page_aligned(value: u64) -> bool {
    value & (PAGE_BYTES - 1) == 0
}
