//! The allocator against a model of each CPU's TLB: no CPU ever runs a space under a number
//! its TLB holds for another space, and an invalidation kept local leaves no copy elsewhere.

use super::*;
use std::collections::BTreeSet;

#[test]
fn spaces_get_distinct_nonzero_numbers_and_keep_them() {
    let mut asids = AsidAllocator::new(16);
    let a = asids.switch_to(0, 0x1000);
    let b = asids.switch_to(1, 0x2000);
    assert_ne!(a.asid, 0);
    assert_ne!(b.asid, 0);
    assert_ne!(a.asid, b.asid);
    assert_eq!(asids.switch_to(2, 0x1000).asid, a.asid);
    assert!(!a.flush_local_all && !a.flush_asid_everywhere);
}

#[test]
fn invalidation_is_local_until_another_cpu_runs_the_space() {
    let mut asids = AsidAllocator::new(8);
    let never = asids.invalidation(0, 0x1000, false);
    assert_eq!(never, None, "never ran: nothing cached");
    let plan = asids.switch_to(0, 0x1000);
    let local = asids.invalidation(0, 0x1000, false).expect("ran");
    assert_eq!(
        (local.asid, local.broadcast, local.whole),
        (plan.asid, false, false)
    );
    asids.switch_to(3, 0x1000);
    let both = asids.invalidation(0, 0x1000, false).expect("ran");
    assert!(
        both.broadcast && !both.whole,
        "CPU 3 runs it: a range broadcast"
    );
    assert!(asids.invalidation(0, 0x1000, false).expect("ran").broadcast);
}

#[test]
fn a_space_that_moved_on_is_flushed_once_everywhere_then_locally() {
    let mut asids = AsidAllocator::new(8);
    asids.switch_to(0, 0x1000);
    asids.switch_to(0, 0x2000);
    asids.switch_to(1, 0x1000);
    let plan = asids.invalidation(1, 0x1000, false).expect("ran");
    assert!(
        plan.broadcast && plan.whole,
        "CPU 0 ran it before: one whole broadcast"
    );
    let next = asids.invalidation(1, 0x1000, false).expect("ran");
    assert!(!next.broadcast && !next.whole, "then only CPU 1 holds it");
}

#[test]
fn rollover_keeps_running_numbers_and_asks_every_cpu_to_flush_once() {
    let mut asids = AsidAllocator::new(8);
    let kept = asids.switch_to(1, 0xa000).asid;
    // CPU 0 cycles through more spaces than there are numbers.
    let mut flushes = 0;
    for space in 0..300u64 {
        let plan = asids.switch_to(0, 0x10_0000 + space * 0x1000);
        assert_ne!(plan.asid, kept, "CPU 1 still runs {kept}");
        flushes += usize::from(plan.flush_local_all);
    }
    assert_eq!(flushes, 1, "one rollover, one flush on CPU 0");
    let again = asids.switch_to(1, 0xa000);
    assert_eq!(again.asid, kept, "reserved across the rollover");
    assert!(
        again.flush_local_all,
        "CPU 1 flushes at its first load after the rollover"
    );
    assert!(!asids.switch_to(1, 0xa000).flush_local_all);
}

#[test]
fn a_torn_down_root_comes_back_as_a_new_space() {
    let mut asids = AsidAllocator::new(16);
    let old = asids.switch_to(0, 0x1000).asid;
    asids.switch_to(0, 0x2000);
    asids.tear_down(0x1000);
    let new = asids.switch_to(0, 0x1000);
    assert_ne!(
        new.asid, old,
        "a fresh number: the old one may hold walks of freed tables"
    );
    assert!(!new.flush_asid_everywhere);
    assert!(!asids.invalidation(0, 0x1000, false).expect("ran").broadcast);
}

#[test]
fn a_cpu_gone_idle_does_not_hold_a_torn_down_number() {
    let mut asids = AsidAllocator::new(16);
    let old = asids.switch_to(1, 0x1000).asid;
    asids.switch_to_empty(1);
    asids.tear_down(0x1000);
    let new = asids.switch_to(0, 0x1000);
    assert_ne!(new.asid, old);
    assert!(
        !new.flush_asid_everywhere,
        "no CPU walks the freed tables any more"
    );
}

#[test]
fn a_torn_down_root_still_loaded_elsewhere_keeps_its_number_after_a_broadcast() {
    let mut asids = AsidAllocator::new(16);
    let old = asids.switch_to(1, 0x1000).asid;
    asids.tear_down(0x1000);
    let new = asids.switch_to(0, 0x1000);
    assert_eq!(new.asid, old);
    assert!(new.flush_asid_everywhere);
}

/// xorshift64: deterministic pseudo-random steps.
struct Random(u64);

impl Random {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound
    }
}

/// A space's identity: its root and how many times that root was torn down before.
type Incarnation = (u64, u32);

struct Model {
    asids: AsidAllocator,
    /// Per CPU: (number, space) pairs the TLB may hold.
    tlb: Vec<BTreeSet<(u16, Incarnation)>>,
    /// Per CPU: what it runs (number, space), if anything.
    running: Vec<Option<(u16, Incarnation)>>,
    /// Per root: its current incarnation.
    incarnation: BTreeMap<u64, u32>,
    /// Whether the next invalidation asks for the whole ASID.
    random_whole: bool,
}

impl Model {
    fn space(&self, root: u64) -> Incarnation {
        (root, self.incarnation.get(&root).copied().unwrap_or(0))
    }

    fn switch(&mut self, cpu: usize, root: u64) {
        let plan = self.asids.switch_to(cpu, root);
        if plan.flush_local_all {
            self.tlb[cpu].clear();
        }
        if plan.flush_asid_everywhere {
            self.tlb
                .iter_mut()
                .for_each(|t| t.retain(|e| e.0 != plan.asid));
        }
        let space = self.space(root);
        for (number, other) in &self.tlb[cpu] {
            assert!(
                *number != plan.asid || *other == space,
                "cpu{cpu} runs {space:?} as {number} but holds {other:?} under it"
            );
        }
        self.running[cpu] = Some((plan.asid, space));
        self.tlb[cpu].insert((plan.asid, space));
    }

    /// The CPU moves to the empty table: it walks nothing more, its TLB keeps what it has.
    fn idle(&mut self, cpu: usize) {
        self.asids.switch_to_empty(cpu);
        self.running[cpu] = None;
    }

    fn invalidate(&mut self, cpu: usize, root: u64) {
        let space = self.space(root);
        let wanted = self.random_whole;
        let Some(plan) = self.asids.invalidation(cpu, root, wanted) else {
            let cached = self.tlb.iter().flatten().any(|e| e.1 == space);
            assert!(
                !cached,
                "{space:?} is cached but the allocator says it never ran"
            );
            return;
        };
        assert!(plan.whole || !wanted, "a whole invalidation was asked for");
        if !plan.broadcast {
            for (other, tlb) in self.tlb.iter().enumerate().filter(|(c, _)| *c != cpu) {
                assert!(
                    !tlb.contains(&(plan.asid, space)),
                    "local invalidation of {space:?} on cpu{cpu} misses cpu{other}"
                );
            }
        }
        // A range invalidation leaves the space's other pages cached: the model keeps them.
        if plan.whole {
            for (c, tlb) in self.tlb.iter_mut().enumerate() {
                if plan.broadcast || c == cpu {
                    tlb.retain(|e| e.0 != plan.asid);
                }
            }
        }
        // CPUs running the space walk it again at once.
        for (c, running) in self.running.iter().enumerate() {
            if let Some((number, s)) = running.filter(|r| r.1 == space) {
                self.tlb[c].insert((number, s));
            }
        }
    }

    /// Teardown as the memory manager does it: a whole-space invalidation, then the tables
    /// freed; CPUs still pointing at them may cache garbage walked from the freed root.
    fn tear_down(&mut self, cpu: usize, root: u64) {
        self.random_whole = true;
        self.invalidate(cpu, root);
        self.asids.tear_down(root);
        *self.incarnation.entry(root).or_default() += 1;
        self.walk_freed();
    }

    /// CPUs still pointing at freed tables (an incarnation no longer current) cache garbage.
    fn walk_freed(&mut self) {
        for (c, running) in self.running.iter().enumerate() {
            if let Some((number, space)) = *running {
                if self.space(space.0) != space {
                    self.tlb[c].insert((number, space));
                }
            }
        }
    }
}

#[test]
fn random_schedules_never_meet_stale_translations() {
    for (bits, seed) in [(8, 0x9e37_79b9_7f4a_7c15u64), (8, 7), (16, 12345)] {
        let cpus = 4;
        let mut model = Model {
            asids: AsidAllocator::new(bits),
            tlb: vec![BTreeSet::new(); cpus],
            running: vec![None; cpus],
            incarnation: BTreeMap::new(),
            random_whole: false,
        };
        let mut random = Random(seed);
        for _ in 0..20_000 {
            // Skewed: CPU 3 acts rarely, so it lingers on what it runs (as an exiting thread
            // does on its freed tables) while the others reuse numbers.
            let cpu = random.below(cpus as u64).min(random.below(cpus as u64)) as usize;
            // Few roots, reused often: 400 roots against 255 numbers forces rollovers.
            let root = 0x1000 * (1 + random.below(400));
            model.walk_freed();
            model.random_whole = random.below(2) == 0;
            match random.below(12) {
                0..=6 => model.switch(cpu, root),
                7 => model.invalidate(cpu, root),
                8 | 9 => model.tear_down(cpu, root),
                _ => model.idle(cpu),
            }
        }
        assert!(model.asids.space_count() <= 400);
    }
}
