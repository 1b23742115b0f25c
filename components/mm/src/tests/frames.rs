//! The buddy frame allocator against a model: alignment, exhaustion, stats, no double hand-out.

use super::{memory_map, Rng};
use crate::BuddyFrameAllocator;
use kernel_core::services::mm::{FrameAllocator, FrameStats};
use kernel_core::{Errno, PhysAddr};

const FRAME: u64 = 4096;

fn allocator(ranges: &[(u64, u64)]) -> BuddyFrameAllocator {
    BuddyFrameAllocator::new(&memory_map(ranges, 0))
}

fn stats(total_frames: usize, free_frames: usize) -> FrameStats {
    FrameStats {
        total_frames,
        free_frames,
    }
}

#[test]
fn counts_whole_frames_of_usable_ranges() {
    // A ragged range is trimmed inward; an empty one and a sub-page one add nothing.
    let frames = allocator(&[
        (0x4000_0000, 16 * FRAME),
        (0x5000_0800, 4 * FRAME),
        (0x6000_0000, 0),
        (0x7000_0010, 100),
    ]);
    assert_eq!(frames.stats(), stats(16 + 3, 16 + 3));
}

#[test]
fn overlapping_ranges_are_managed_once() {
    // As a malformed DTB could describe them: [0, 8) and [4, 12) frames, plus a duplicate.
    let frames = allocator(&[
        (0x4000_0000, 8 * FRAME),
        (0x4000_4000, 8 * FRAME),
        (0x4000_0000, 8 * FRAME),
    ]);
    assert_eq!(frames.stats().total_frames, 12);
    let mut seen = Vec::new();
    while let Ok(frame) = frames.alloc(1) {
        assert!(!seen.contains(&frame), "{frame:?} handed out twice");
        seen.push(frame);
    }
    assert_eq!(seen.len(), 12);
}

#[test]
fn blocks_are_aligned_to_their_rounded_size() {
    let frames = allocator(&[(0x4000_0000, 1024 * FRAME)]);
    for count in [1usize, 2, 3, 5, 8, 13, 64, 100] {
        let block = frames.alloc(count).expect("room");
        let rounded = count.next_power_of_two() as u64 * FRAME;
        assert!(block.is_aligned(rounded), "{count} frames at {block:?}");
    }
    // 1+2+4+8+8+16+64+128 frames taken.
    assert_eq!(frames.stats().free_frames, 1024 - 231);
}

#[test]
fn exhaustion_is_enomem_and_frees_make_room_again() {
    let frames = allocator(&[(0x4000_0000, 8 * FRAME)]);
    let all = frames.alloc(8).expect("the whole range");
    assert_eq!(all, PhysAddr::new(0x4000_0000));
    assert_eq!(frames.alloc(1), Err(Errno::ENOMEM));
    assert_eq!(frames.stats(), stats(8, 0));
    frames.free(all, 8);
    assert_eq!(frames.stats(), stats(8, 8));
    // Freed single frames merge back into the whole block.
    let singles: Vec<_> = (0..8).map(|_| frames.alloc(1).expect("frame")).collect();
    assert_eq!(frames.alloc(1), Err(Errno::ENOMEM));
    for frame in singles {
        frames.free(frame, 1);
    }
    assert_eq!(frames.alloc(8), Ok(all));
}

#[test]
fn bad_counts_are_refused_without_panicking() {
    let frames = allocator(&[(0x4000_0000, 8 * FRAME)]);
    assert_eq!(frames.alloc(0), Err(Errno::EINVAL));
    assert_eq!(frames.alloc(9), Err(Errno::ENOMEM));
    assert_eq!(frames.alloc(usize::MAX), Err(Errno::ENOMEM));
    assert_eq!(frames.stats().free_frames, 8);
}

#[test]
fn implausible_frees_are_ignored() {
    let frames = allocator(&[(0x4000_0000, 8 * FRAME)]);
    let frame = frames.alloc(1).expect("frame");
    let before = frames.stats();
    frames.free(PhysAddr::new(frame.as_u64() + 12), 1); // not frame aligned
    frames.free(PhysAddr::new(0x9000_0000), 1); // never managed
    frames.free(PhysAddr::new(0x4000_1000), 2); // misaligned for a 2-frame block
    frames.free(PhysAddr::new(0x4000_0000), 16); // runs past the managed range
    frames.free(frame, 0);
    assert_eq!(frames.stats(), before);
    frames.free(frame, 1);
    // Everything is free now: a further free cannot be real and is dropped.
    frames.free(frame, 1);
    assert_eq!(frames.stats(), stats(8, 8));
    assert_eq!(frames.alloc(8), Ok(PhysAddr::new(0x4000_0000)));
}

#[test]
fn random_alloc_free_never_hands_out_a_frame_twice() {
    // Two ranges, one not power-of-two sized or aligned, so blocks of every order exist.
    let ranges = [(0x4000_0000, 1000 * FRAME), (0x8030_0000, 333 * FRAME)];
    let frames = allocator(&ranges);
    let total = 1333;
    let mut rng = Rng(0x1ce2_5eed_0f11_c4e0);
    // The model: outstanding blocks as (first byte, count asked, bytes taken).
    let mut live: Vec<(u64, usize, u64)> = Vec::new();
    let mut refused = 0;
    for _ in 0..20_000 {
        if live.is_empty() || rng.below(100) < 55 {
            let largest = if rng.below(10) == 0 { 200 } else { 9 };
            let count = 1 + rng.below(largest) as usize;
            let bytes = count.next_power_of_two() as u64 * FRAME;
            match frames.alloc(count) {
                Ok(block) => {
                    let start = block.as_u64();
                    assert!(block.is_aligned(bytes), "{count} frames at {start:#x}");
                    assert!(
                        ranges
                            .iter()
                            .any(|&(base, size)| start >= base && start + bytes <= base + size),
                        "block {start:#x}+{bytes:#x} outside usable RAM"
                    );
                    for &(other, _, other_bytes) in &live {
                        assert!(
                            start + bytes <= other || other + other_bytes <= start,
                            "overlap at {start:#x}"
                        );
                    }
                    live.push((start, count, bytes));
                }
                Err(error) => {
                    assert_eq!(error, Errno::ENOMEM);
                    refused += 1;
                }
            }
        } else {
            let (start, count, _) = live.swap_remove(rng.below(live.len() as u64) as usize);
            frames.free(PhysAddr::new(start), count);
        }
        let taken: u64 = live.iter().map(|&(_, _, bytes)| bytes / FRAME).sum();
        assert_eq!(frames.stats(), stats(total, total - taken as usize));
    }
    assert!(refused > 0, "the run should reach exhaustion at least once");
    for (start, count, _) in live.drain(..) {
        frames.free(PhysAddr::new(start), count);
    }
    assert_eq!(frames.stats(), stats(total, total));
    // After everything is back, the largest aligned block of the first range is whole again.
    assert_eq!(
        frames.alloc(512).map(|block| block.as_u64()),
        Ok(0x4000_0000)
    );
}
