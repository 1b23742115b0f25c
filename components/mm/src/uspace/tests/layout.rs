//! The layout constants and `mmap_base`, worked out by hand from Linux's `mm/util.c`.

use crate::uspace::layout::*;

#[test]
fn default_stack_limit_gives_the_minimum_gap() {
    // 8 MiB + 1 MiB guard is below MIN_GAP (128 MiB): base = 2^48 - 128 MiB.
    assert_eq!(mmap_base(8 << 20), 0xffff_f800_0000);
}

#[test]
fn a_large_stack_limit_widens_the_gap() {
    // 1 GiB + 1 MiB guard: base = 2^48 - 0x4010_0000.
    assert_eq!(mmap_base(1 << 30), 0x1_0000_0000_0000 - 0x4010_0000);
}

#[test]
fn an_enormous_finite_limit_is_clamped_to_five_sixths() {
    // MAX_GAP = 2^48 / 6 * 5 = 0x2aaa_aaaa_aaaa * 5 = 0xd555_5555_5552 (division first);
    // 2^48 - MAX_GAP = 0x2aaa_aaaa_aaae, rounded down to a page.
    assert_eq!(MAX_GAP, 0xd555_5555_5552);
    assert_eq!(mmap_base(u64::MAX - 1), 0x2aaa_aaaa_a000);
    // Near infinity the guard pad would overflow and is skipped; the clamp still applies.
    assert_eq!(mmap_base(u64::MAX - 10), 0x2aaa_aaaa_a000);
}

#[test]
fn an_unlimited_stack_selects_the_legacy_layout() {
    assert!(is_legacy(RLIM_INFINITY));
    assert!(!is_legacy(8 << 20));
    assert_eq!(mmap_base(RLIM_INFINITY), 0x4000_0000_0000);
}

#[test]
fn page_rounding() {
    assert_eq!(page_align_up(1), Some(4096));
    assert_eq!(page_align_up(4096), Some(4096));
    assert_eq!(page_align_up(u64::MAX), None);
    assert_eq!(page_align_down(8191), 4096);
    assert!(is_page_aligned(0) && !is_page_aligned(4095));
}
