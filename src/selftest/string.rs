//! `lichen.test=string`: the kernel's memcpy, memmove and memset (kernel-core string.S)
//! against byte-by-byte references, over every small length and alignment pair and a few
//! page-sized ones, including overlapping moves both ways.

use alloc::vec::Vec;

unsafe extern "C" {
    fn memcpy(dst: *mut u8, src: *const u8, n: usize) -> *mut u8;
    fn memmove(dst: *mut u8, src: *const u8, n: usize) -> *mut u8;
    fn memset(dst: *mut u8, c: i32, n: usize) -> *mut u8;
}

/// Byte `i` of the test pattern `seed`: neighbours differ, so a misplaced byte shows.
fn pattern_byte(i: usize, seed: u8) -> u8 {
    (i as u8).wrapping_mul(31).wrapping_add(seed)
}

/// A buffer of the pattern, written byte by byte (no call to the routines under test).
fn pattern(len: usize, seed: u8) -> Vec<u8> {
    (0..len).map(|i| pattern_byte(i, seed)).collect()
}

/// Whether every byte of `got` is `expected(i)`. The references are computed, never copied,
/// since a copy would go through the routines under test.
fn matches(got: &[u8], expected: impl Fn(usize) -> u8) -> bool {
    got.iter().enumerate().all(|(i, &byte)| byte == expected(i))
}

const AREA: usize = 2 * 4096 + 256;

/// Lengths: all of 0..=200 and some around pages.
fn lengths() -> impl Iterator<Item = usize> {
    (0..=200).chain([255, 256, 257, 4095, 4096, 4097, 8191, 8192])
}

fn check_copy(src_off: usize, dst_off: usize, len: usize) -> bool {
    let source = pattern(AREA, 7);
    let mut got = pattern(AREA, 99);
    let dst = got.as_mut_ptr().wrapping_add(dst_off);
    // SAFETY: both ranges lie inside their own buffers (AREA leaves room for every offset).
    let returned = unsafe { memcpy(dst, source.as_ptr().add(src_off), len) };
    returned == dst
        && matches(&got, |i| match i.checked_sub(dst_off) {
            Some(k) if k < len => pattern_byte(src_off + k, 7),
            _ => pattern_byte(i, 99),
        })
}

fn check_move(src_off: usize, dst_off: usize, len: usize) -> bool {
    let mut got = pattern(AREA, 3);
    let base = got.as_mut_ptr();
    // SAFETY: both ranges lie inside the one buffer; overlap is what memmove allows.
    let returned = unsafe { memmove(base.add(dst_off), base.add(src_off), len) };
    returned == base.wrapping_add(dst_off)
        && matches(&got, |i| match i.checked_sub(dst_off) {
            Some(k) if k < len => pattern_byte(src_off + k, 3),
            _ => pattern_byte(i, 3),
        })
}

fn check_set(off: usize, len: usize, value: u8) -> bool {
    let mut got = pattern(AREA, 5);
    let dst = got.as_mut_ptr().wrapping_add(off);
    // SAFETY: the range lies inside the buffer.
    let returned = unsafe { memset(dst, i32::from(value) | 0x100, len) };
    returned == dst
        && matches(&got, |i| {
            if (off..off + len).contains(&i) {
                value
            } else {
                pattern_byte(i, 5)
            }
        })
}

/// Runs every check and prints the count that passed.
pub fn run() {
    let (mut passed, mut total) = (0usize, 0usize);
    let mut tally = |ok: bool, what: &dyn Fn() -> alloc::string::String| {
        total += 1;
        if ok {
            passed += 1;
        } else {
            log::error!("selftest string: {} failed", what());
        }
    };
    for len in lengths() {
        for a in 0..16 {
            for b in 0..16 {
                tally(check_copy(a, b, len), &|| {
                    alloc::format!("memcpy src+{a} dst+{b} len {len}")
                });
                // Overlapping moves: the destination `b` bytes after or before the source.
                tally(check_move(64 + a, 64 + a + b, len), &|| {
                    alloc::format!("memmove up {b} len {len}")
                });
                tally(check_move(64 + a + b, 64 + a, len), &|| {
                    alloc::format!("memmove down {b} len {len}")
                });
            }
            tally(check_set(a, len, 0), &|| {
                alloc::format!("memset 0 +{a} len {len}")
            });
            tally(check_set(a, len, 0xa5), &|| {
                alloc::format!("memset a5 +{a} len {len}")
            });
        }
    }
    log::info!("selftest string: {passed} of {total} checks passed");
}
