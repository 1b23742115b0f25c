//! The wait protocol under random interleavings: consumers of a counting semaphore follow
//! prepare → check → block → cancel on 4 CPUs while producers, ticks, yields, late switch
//! completions and deadlines strike at random points. A lost wake-up shows as a token left
//! over while every consumer sleeps.

use super::{subjects, Rng, Subject};
use alloc::sync::Arc;
use kernel_core::services::sched::{CpuMask, TaskId, TaskState, WaitOutcome, WaitQueue};
use std::vec::Vec;

const CPUS: usize = 4;
const CONSUMERS: usize = 6;

/// Where a consumer is in its wait loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pc {
    Prepare,
    Check,
    Block,
    Cancel,
    /// Timed out and gave up (unregistered).
    Done,
}

struct World<'a> {
    s: &'a Subject,
    queue: Arc<dyn WaitQueue>,
    pc: Vec<Pc>,
    deadline_ns: Vec<Option<u64>>,
    tokens: usize,
    produced: usize,
    acquired: usize,
    now_ns: u64,
}

impl World<'_> {
    fn task(index: usize) -> TaskId {
        TaskId(index as u64 + 1)
    }

    /// CPU `cpu` runs one step of its task, or switches when the task has blocked.
    fn run(&mut self, cpu: usize) {
        let Some(task) = self.s.sched.current(cpu) else {
            self.s.sched.pick_next(cpu);
            return;
        };
        if self.s.sched.state(task) != Some(TaskState::Running(cpu)) {
            self.s.sched.pick_next(cpu);
            return;
        }
        let index = (task.0 - 1) as usize;
        self.pc[index] = match self.pc[index] {
            Pc::Prepare => {
                self.queue
                    .prepare_to_wait(task, self.deadline_ns[index])
                    .unwrap();
                Pc::Check
            }
            Pc::Check if self.tokens > 0 => {
                self.tokens -= 1;
                self.acquired += 1;
                self.queue.cancel(task);
                Pc::Prepare
            }
            Pc::Check => Pc::Block,
            Pc::Block => {
                self.s.sched.block(task).unwrap();
                Pc::Cancel
            }
            Pc::Cancel => match self.queue.cancel(task) {
                Some(WaitOutcome::TimedOut) => {
                    self.s.sched.unregister(task).unwrap();
                    Pc::Done
                }
                _ => Pc::Prepare,
            },
            Pc::Done => Pc::Done,
        };
    }

    fn random_event(&mut self, rng: &mut Rng, producing: bool) {
        let cpu = rng.below(CPUS);
        match rng.below(10) {
            0..=4 => self.run(cpu),
            5 => {
                self.s.sched.pick_next(cpu);
            }
            6 => {
                self.s.sched.finish_switch(cpu);
            }
            7 => {
                if self.s.sched.tick(cpu) {
                    self.s.sched.pick_next(cpu);
                }
            }
            8 if producing => {
                self.tokens += 1;
                self.produced += 1;
                self.queue.wake_one();
            }
            _ => {
                self.now_ns += 10;
                self.queue.expired(self.now_ns);
            }
        }
        self.s.audit();
    }

    fn quiet(&self) -> bool {
        (0..CPUS).all(|cpu| self.s.sched.current(cpu).is_none())
            && (0..CONSUMERS).all(|index| {
                let state = self.s.sched.state(Self::task(index));
                matches!(state, None | Some(TaskState::Blocked))
            })
    }
}

fn simulate(s: &Subject, seed: u64, timed: bool) {
    let mut rng = Rng::new(seed);
    let mut world = World {
        s,
        queue: s.sched.new_wait_queue(),
        pc: std::vec![Pc::Prepare; CONSUMERS],
        deadline_ns: (0..CONSUMERS)
            .map(|_| timed.then(|| 2_000 + rng.below(20_000) as u64))
            .collect(),
        tokens: 0,
        produced: 0,
        acquired: 0,
        now_ns: 0,
    };
    for index in 0..CONSUMERS {
        s.spawn(World::task(index).0, CpuMask::ALL, index % CPUS);
    }
    for _ in 0..20_000 {
        world.random_event(&mut rng, true);
    }
    for _ in 0..20_000 {
        world.random_event(&mut rng, false);
    }
    let mut rounds = 0;
    while !world.quiet() {
        for cpu in 0..CPUS {
            world.s.sched.finish_switch(cpu);
            world.run(cpu);
        }
        rounds += 1;
        assert!(rounds < 10_000, "{}: the system never settled", s.name);
    }
    assert_eq!(world.produced, world.acquired + world.tokens);
    let waiting = world.pc.iter().filter(|&&pc| pc != Pc::Done).count();
    assert!(
        world.produced > 0 && world.acquired > 0,
        "{}: nothing happened",
        s.name
    );
    if waiting > 0 {
        assert_eq!(
            world.tokens, 0,
            "{} seed {seed}: lost wake-up: {:?}",
            s.name, world.pc
        );
        assert_eq!(
            world.queue.len(),
            waiting,
            "{}: every sleeper is queued",
            s.name
        );
    }
}

#[test]
fn no_wake_up_is_lost_under_random_interleavings() {
    for seed in [3, 77, 0xfeed, 0x1234_5678] {
        for s in subjects(CPUS) {
            simulate(&s, seed, false);
        }
    }
}

#[test]
fn timed_waits_give_up_without_stealing_wake_ups() {
    for seed in [5, 99, 0xabcd] {
        for s in subjects(CPUS) {
            simulate(&s, seed, true);
        }
    }
}
