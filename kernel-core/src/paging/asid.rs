//! Address space identifiers: a generation-based allocator in the manner of Linux's
//! `arch/arm64/mm/context.c`, over address spaces named by their TTBR0 root.
//!
//! A context id is `generation | number`, the number in the low `bits` (8 or 16) bits. Numbers
//! are handed out once per generation (number 0 never: it tags the empty table); when they run
//! out, the generation advances, every CPU's running number is kept ("reserved") for the space
//! that runs it, the others become free again, and every CPU must drop its whole TLB before it
//! next loads a space ("flush pending"). Each space also records which CPUs have run it under
//! its current number, so an invalidation stays on the calling CPU when no other can hold its
//! translations.
//!
//! The allocator only decides; the caller (holding one lock around every call but
//! [`ActiveAsids::switch_to_empty`], which is lock-free) loads TTBR0 and issues the TLB
//! instructions the returned plans name.

use crate::MAX_CPUS;
use alloc::collections::BTreeMap;
use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicU64, Ordering};

#[cfg(test)]
mod tests;

/// `active` of a CPU on the empty table: it runs no space and keeps no number.
const IDLE: u64 = u64::MAX;

/// What a CPU must do to run a space ([`AsidAllocator::switch_to`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SwitchPlan {
    /// The number to put in TTBR0's ASID field.
    pub asid: u16,
    /// Drop this CPU's whole TLB first (the generation advanced since it last loaded a space).
    pub flush_local_all: bool,
    /// Drop `asid`'s entries on every CPU first (the root was torn down and is reused while
    /// another CPU may still hold translations walked from the freed tables).
    pub flush_asid_everywhere: bool,
}

/// Where an invalidation of a space must go ([`AsidAllocator::invalidation`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidatePlan {
    /// The space's number, to invalidate by.
    pub asid: u16,
    /// Another CPU may hold the space's translations: use the inner-shareable (broadcast) form.
    pub broadcast: bool,
    /// Invalidate the whole ASID, not only the changed range (asked for by the caller, or
    /// chosen so that CPUs that ran the space earlier stop counting as holders).
    pub whole: bool,
}

/// What the allocator knows of one address space.
#[derive(Clone, Copy, Debug, Default)]
struct Space {
    /// `generation | number`; 0 before the space first runs.
    id: u64,
    /// CPUs that ran the space under its current number (bit per CPU).
    cpus: u64,
    /// Its tables were torn down: the next load is a new space on the same root.
    torn_down: bool,
}

/// Each CPU's running id, shared outside the allocator's lock so that a CPU moving to the
/// empty table ([`ActiveAsids::switch_to_empty`]) need not take it (Linux's `active_asids`).
#[derive(Debug)]
pub struct ActiveAsids([AtomicU64; MAX_CPUS]);

impl ActiveAsids {
    /// CPU `cpu` loaded the empty table (ASID 0; call after the TTBR0 write): it stops using
    /// its space's number, which a rollover then need not keep for it. Lock-free.
    pub fn switch_to_empty(&self, cpu: usize) {
        self.0[cpu.min(MAX_CPUS - 1)].store(IDLE, Ordering::SeqCst);
    }

    fn get(&self, cpu: usize) -> u64 {
        self.0[cpu].load(Ordering::SeqCst)
    }

    fn set(&self, cpu: usize, id: u64) {
        self.0[cpu].store(id, Ordering::SeqCst);
    }

    fn take(&self, cpu: usize) -> u64 {
        self.0[cpu].swap(0, Ordering::SeqCst)
    }
}

/// The allocator's state (one per system, behind the caller's lock; only
/// [`ActiveAsids::switch_to_empty`] is called without it).
#[derive(Debug)]
pub struct AsidAllocator {
    bits: u32,
    generation: u64,
    used: Vec<u64>,
    next: u64,
    active: Arc<ActiveAsids>,
    reserved: [u64; MAX_CPUS],
    flush_pending: u64,
    spaces: BTreeMap<u64, Space>,
}

impl AsidAllocator {
    /// An allocator of `bits`-bit numbers (8 or 16; anything else is taken as 8).
    pub fn new(bits: u32) -> Self {
        let bits = if bits == 16 { 16 } else { 8 };
        Self {
            bits,
            generation: 1 << bits,
            used: vec![0; (1usize << bits) / 64],
            next: 1,
            active: Arc::new(ActiveAsids([const { AtomicU64::new(0) }; MAX_CPUS])),
            reserved: [0; MAX_CPUS],
            flush_pending: 0,
            spaces: BTreeMap::new(),
        }
    }

    /// The CPUs' running ids, for [`ActiveAsids::switch_to_empty`] outside the lock.
    pub fn active(&self) -> Arc<ActiveAsids> {
        self.active.clone()
    }

    /// The width of the numbers: 8 or 16.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    fn number_mask(&self) -> u64 {
        (1 << self.bits) - 1
    }

    fn number_count(&self) -> u64 {
        1 << self.bits
    }

    fn is_used(&self, number: u64) -> bool {
        self.used[(number / 64) as usize] & (1 << (number % 64)) != 0
    }

    fn set_used(&mut self, number: u64) {
        self.used[(number / 64) as usize] |= 1 << (number % 64);
    }

    /// Sets `number`'s bit and says whether it was already set (`test_and_set_bit`).
    fn test_and_set(&mut self, number: u64) -> bool {
        let was = self.is_used(number);
        self.set_used(number);
        was
    }

    /// The first free number from `from` on (never 0).
    fn find_free(&self, from: u64) -> Option<u64> {
        (from.max(1)..self.number_count()).find(|&number| !self.is_used(number))
    }

    /// `flush_context`: a new generation. Every number is free again except those the CPUs
    /// run (or, for a CPU that has not loaded a space since the last rollover, kept).
    fn flush_context(&mut self) {
        self.used.iter_mut().for_each(|word| *word = 0);
        for cpu in 0..MAX_CPUS {
            let id = match self.active.take(cpu) {
                0 => self.reserved[cpu],
                IDLE => 0,
                id => id,
            };
            let number = id & self.number_mask();
            self.set_used(number);
            self.reserved[cpu] = id;
        }
        self.flush_pending = if MAX_CPUS >= 64 {
            u64::MAX
        } else {
            (1 << MAX_CPUS) - 1
        };
        // Spaces whose tables are gone need no number kept for them, unless a CPU still runs
        // them (a whole-space invalidation of a live space looks like a teardown).
        let reserved = self.reserved;
        self.spaces
            .retain(|_, space| !space.torn_down || reserved.contains(&space.id));
    }

    /// `check_update_reserved_asid`: a CPU kept `old` across the rollover; the space keeps its
    /// number, now `new`.
    fn update_reserved(&mut self, old: u64, new: u64) -> bool {
        let mut hit = false;
        for reserved in self.reserved.iter_mut().filter(|id| **id == old) {
            *reserved = new;
            hit = true;
        }
        hit
    }

    /// `new_context`: a current-generation id for a space whose id is `old` (0 if none).
    fn new_context(&mut self, old: u64) -> u64 {
        if old != 0 {
            let number = old & self.number_mask();
            let new = self.generation | number;
            if self.update_reserved(old, new) {
                return new;
            }
            if !self.test_and_set(number) {
                return new;
            }
        }
        let number = match self.find_free(self.next) {
            Some(number) => number,
            None => {
                self.generation = self.generation.wrapping_add(self.number_count());
                self.flush_context();
                // At most MAX_CPUS numbers are kept, far fewer than 255.
                self.find_free(1).unwrap_or(1)
            }
        };
        self.set_used(number);
        self.next = number;
        self.generation | number
    }

    /// Whether a CPU other than `cpu` runs (or kept across a rollover) the id `id`.
    fn in_use_elsewhere(&self, id: u64, cpu: usize) -> bool {
        (0..MAX_CPUS)
            .filter(|&other| other != cpu)
            .any(|other| self.runs(other, id))
    }

    /// Whether `cpu` runs the id `id` (or kept it across a rollover and has not switched).
    fn runs(&self, cpu: usize, id: u64) -> bool {
        let active = self.active.get(cpu);
        active == id || (active == 0 && self.reserved[cpu] == id)
    }

    /// CPU `cpu` is about to load the space at `root`: its number, and the flushes first.
    pub fn switch_to(&mut self, cpu: usize, root: u64) -> SwitchPlan {
        let cpu = cpu.min(MAX_CPUS - 1);
        let mut space = self.spaces.get(&root).copied().unwrap_or_default();
        let mut flush_asid_everywhere = false;
        if space.torn_down {
            space.torn_down = false;
            if space.id != 0 && self.in_use_elsewhere(space.id, cpu) {
                // Another CPU may still walk the freed tables under this number.
                flush_asid_everywhere = true;
            } else {
                space = Space::default();
            }
        }
        let mask = self.number_mask();
        if space.id == 0 || (space.id ^ self.generation) >> self.bits != 0 {
            let id = self.new_context(space.id);
            if id & mask != space.id & mask {
                space.cpus = 0;
            }
            space.id = id;
        }
        let flush_local_all = self.flush_pending & (1 << cpu) != 0;
        self.flush_pending &= !(1 << cpu);
        self.active.set(cpu, space.id);
        space.cpus |= 1 << cpu;
        self.spaces.insert(root, space);
        SwitchPlan {
            asid: (space.id & mask) as u16,
            flush_local_all,
            flush_asid_everywhere,
        }
    }

    /// CPU `cpu` loads the empty table: [`ActiveAsids::switch_to_empty`] under the lock.
    pub fn switch_to_empty(&mut self, cpu: usize) {
        self.active.switch_to_empty(cpu);
    }

    /// The space at `root` changed on `cpu`: where its translations may be cached, and whether
    /// to drop all of them (`whole`, or the allocator's choice). `None` when it never ran, so
    /// no TLB holds any. The caller carries out the plan before it releases its lock.
    ///
    /// When only CPUs that ran the space earlier (and run something else now) may hold it, the
    /// plan is a whole broadcast; afterwards only the CPUs running the space count as holders,
    /// so a single-threaded space that moved between CPUs is invalidated locally again.
    pub fn invalidation(&mut self, cpu: usize, root: u64, whole: bool) -> Option<InvalidatePlan> {
        let cpu = cpu.min(MAX_CPUS - 1);
        let space = *self.spaces.get(&root).filter(|space| space.cpus != 0)?;
        let others = space.cpus & !(1 << cpu);
        let running = (0..MAX_CPUS)
            .filter(|&c| space.cpus & (1 << c) != 0 && self.runs(c, space.id))
            .fold(0u64, |mask, c| mask | 1 << c);
        let whole = whole || (others != 0 && running & others == 0);
        if whole && others != 0 {
            if let Some(entry) = self.spaces.get_mut(&root) {
                entry.cpus = running;
            }
        }
        Some(InvalidatePlan {
            asid: (space.id & self.number_mask()) as u16,
            broadcast: others != 0,
            whole,
        })
    }

    /// The tables at `root` are being freed (after a whole-space invalidation): the next
    /// space loaded from the same root is a new one.
    pub fn tear_down(&mut self, root: u64) {
        if let Some(space) = self.spaces.get_mut(&root) {
            space.torn_down = true;
        }
    }

    /// How many spaces are known (for tests and statistics).
    pub fn space_count(&self) -> usize {
        self.spaces.len()
    }
}
