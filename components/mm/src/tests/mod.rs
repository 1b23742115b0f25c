//! Host tests of the frame allocator and the kernel heap.

mod frames;
mod heap;
mod wiring;

use kernel_core::addr::PhysRange;
use kernel_core::cap::{MemoryMap, MintAuthority};

/// A memory map of `ranges` (start, size) seen at `phys + linear_offset`.
///
/// Only the heap touches memory behind a map, and its tests pass ranges backed by real host
/// allocations; the frame allocator never dereferences what it hands out.
fn memory_map(ranges: &[(u64, u64)], linear_offset: u64) -> MemoryMap {
    let mut usable = heapless::Vec::new();
    for &(start, size) in ranges {
        usable
            .push(PhysRange::new(start, size))
            .expect("at most 64 ranges");
    }
    // SAFETY: test code playing the board. Frame-allocator tests never touch the ranges; heap
    // tests map them onto host memory they own for the whole test (see `heap::HostRam`).
    unsafe {
        let authority = MintAuthority::assume();
        MemoryMap::new(&authority, usable, linear_offset)
    }
}

/// A small deterministic generator (xorshift64*), so failures replay.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform-ish in `0..bound`.
    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }
}
