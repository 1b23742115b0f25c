//! Host tests: one suite run against every policy through `dyn Scheduler`, policy-specific
//! tests, wait queues, and seeded random model checks.

mod blocking;
mod contract;
mod model;
mod policy;
mod protocol;
mod wait;

use crate::{Fifo, RoundRobin, Violation};
use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;
use kernel_core::services::sched::{CpuMask, Scheduler, TaskId};

/// The round-robin timeslice the shared suite uses, in ticks.
const SLICE: u32 = 3;

/// One policy under test.
struct Subject {
    name: &'static str,
    sched: Arc<dyn Scheduler>,
    audit: Box<dyn Fn() -> Result<(), Violation>>,
}

impl Subject {
    /// Panics, naming the policy, when an invariant is broken.
    fn audit(&self) {
        if let Err(violation) = (self.audit)() {
            panic!("{}: {violation}", self.name);
        }
    }

    /// Registers `id` on `mask` and enqueues it near `hint`.
    fn spawn(&self, id: u64, mask: CpuMask, hint: usize) -> TaskId {
        let task = TaskId(id);
        self.sched.register(task, mask).expect("register");
        self.sched.enqueue(task, hint).expect("enqueue");
        task
    }

    /// `pick_next` followed at once by `finish_switch`, as the kernel does after a switch.
    fn switch(&self, cpu: usize) -> Option<TaskId> {
        let next = self.sched.pick_next(cpu);
        self.sched.finish_switch(cpu);
        next
    }
}

/// Round-robin (timeslice [`SLICE`]) and FIFO, each on `cpus` CPUs.
fn subjects(cpus: usize) -> Vec<Subject> {
    let round_robin = RoundRobin::new(cpus, SLICE).expect("round-robin");
    let fifo = Fifo::new(cpus).expect("fifo");
    vec![
        Subject {
            name: "round-robin",
            sched: round_robin.clone(),
            audit: Box::new(move || round_robin.audit()),
        },
        Subject {
            name: "fifo",
            sched: fifo.clone(),
            audit: Box::new(move || fifo.audit()),
        },
    ]
}

/// Runs `test` once per policy, on `cpus` CPUs, auditing afterwards.
fn for_each_policy(cpus: usize, test: impl Fn(&Subject)) {
    for subject in subjects(cpus) {
        test(&subject);
        subject.audit();
    }
}

/// A small seeded generator (xorshift64*), so random tests replay exactly.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A value in `0..bound` (`bound` > 0).
    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    /// `true` with probability `percent` / 100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// A non-empty mask within the first `cpus` CPUs.
    fn mask(&mut self, cpus: usize) -> CpuMask {
        let bits = (self.next() & ((1 << cpus) - 1)).max(1);
        CpuMask::from_bits(bits)
    }
}
