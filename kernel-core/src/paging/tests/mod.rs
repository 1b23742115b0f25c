//! Host tests of the page-table code, checked against descriptor layouts taken from the Arm ARM
//! (VMSAv8-64 stage 1, 4 KiB granule) rather than against the code's own constants.

mod attributes;
mod blocks;
mod errors;
mod linear;
mod unmap;

use super::{KernelHalf, PageTable, UserHalf, VecTables};
use crate::{PhysAddr, UserAddr, VirtAddr};

/// Where the fake table pages pretend to live.
const TABLE_BASE: u64 = 0x8000_0000;

const KIB4: u64 = 4 << 10;
const MIB2: u64 = 2 << 20;
const GIB1: u64 = 1 << 30;

fn kernel_table() -> PageTable<KernelHalf, VecTables> {
    PageTable::new(VecTables::new(PhysAddr::new(TABLE_BASE))).expect("root table")
}

fn user_table() -> PageTable<UserHalf, VecTables> {
    PageTable::new(VecTables::new(PhysAddr::new(TABLE_BASE))).expect("root table")
}

fn kva(raw: u64) -> VirtAddr {
    VirtAddr::new(raw)
}

fn uva(raw: u64) -> UserAddr {
    UserAddr::new(raw)
}

fn pa(raw: u64) -> PhysAddr {
    PhysAddr::new(raw)
}

/// Bits `[high:low]` of `value`.
fn bits(value: u64, high: u32, low: u32) -> u64 {
    (value >> low) & ((1u64 << (high - low + 1)) - 1)
}

/// Walks the raw tables for `va` the way the MMU does, independently of the code under test:
/// returns the level and descriptor of the leaf, or `None` at an invalid entry.
fn raw_walk(memory: &VecTables, root: PhysAddr, va: u64) -> Option<(usize, u64)> {
    let mut table = root;
    for level in 0..4 {
        let index = bits(va, 47 - 9 * level as u32, 39 - 9 * level as u32) as usize;
        let descriptor = memory
            .entry(table, index)
            .expect("walk left the table pages");
        if descriptor & 1 == 0 {
            return None;
        }
        let type_bit = descriptor & 0b10 != 0;
        if level == 3 {
            assert!(type_bit, "a level 3 entry must be a page (0b11)");
            return Some((3, descriptor));
        }
        if type_bit {
            table = PhysAddr::new(bits(descriptor, 47, 12) << 12);
        } else {
            assert_ne!(level, 0, "no blocks at level 0 with a 4 KiB granule");
            return Some((level, descriptor));
        }
    }
    unreachable!("a walk ends by level 3")
}

/// The physical address `va` reaches according to the raw walk.
fn raw_translate(memory: &VecTables, root: PhysAddr, va: u64) -> Option<u64> {
    let (level, descriptor) = raw_walk(memory, root, va)?;
    let offset_bits = 12 + 9 * (3 - level as u32);
    let base = bits(descriptor, 47, offset_bits) << offset_bits;
    Some(base | bits(va, offset_bits - 1, 0))
}
