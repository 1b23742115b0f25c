//! Seeded mutation loops over a hand-built ELF file and Debian's BusyBox: never a panic, and
//! every accepted plan is self-consistent.

mod common;

use common::elfgen::interp_file;
use common::{busybox, Rng};
use loader::elf;
use loader::linux::TASK_SIZE;

/// Parses a mutated file: an error is fine, a panic is not; a success must be self-consistent.
fn parse_consistently(file: &[u8]) -> bool {
    let Ok(plan) = elf::parse(file) else {
        return false;
    };
    assert!(!plan.segments.is_empty());
    for segment in &plan.segments {
        assert!(segment.file_size <= segment.mem_size);
        assert!(segment.vaddr + segment.mem_size <= TASK_SIZE);
        assert_eq!(segment.file_bytes(file).len() as u64, segment.file_size);
        let _ = segment.file_window();
        let _ = segment.zero_range(0);
    }
    let bias = plan.default_bias().unwrap_or(0x5555_0000_0000);
    if let Ok(placed) = plan.place(bias) {
        assert!(placed.entry < TASK_SIZE);
    }
    let _ = plan.bias_for_address(0x1_0000);
    true
}

#[test]
fn fuzz_hand_built_file() {
    let seed_file = interp_file(27, 0x800, b"/lib/ld-linux-aarch64.so.1\0");
    let mut rng = Rng::new(0x10ad_e1f0);
    let mut accepted = 0;
    for _ in 0..20_000 {
        let mut file = seed_file.clone();
        for _ in 0..1 + rng.below(4) {
            rng.mutate(&mut file, 64 + 56 * 3);
        }
        accepted += usize::from(parse_consistently(&file));
    }
    // The mutations reach both outcomes, so both paths were exercised.
    assert!(
        (1_000..19_000).contains(&accepted),
        "{accepted} of 20000 accepted"
    );
}

#[test]
fn fuzz_busybox_headers() {
    let mut file = busybox();
    let original: Vec<u8> = file[..512].to_vec();
    let mut rng = Rng::new(0xb0_5b0c);
    let mut accepted = 0;
    for _ in 0..3_000 {
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(64 + 56 * 6);
            file[at] = match rng.below(3) {
                0 => file[at] ^ (1 << rng.below(8)),
                1 => 0xff,
                _ => rng.next_u64() as u8,
            };
        }
        accepted += usize::from(parse_consistently(&file));
        file[..512].copy_from_slice(&original);
    }
    assert!(
        (100..2_900).contains(&accepted),
        "{accepted} of 3000 accepted"
    );
    assert!(elf::parse(&file).is_ok(), "restored");
}
