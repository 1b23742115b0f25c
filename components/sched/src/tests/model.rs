//! Model check: seeded random sequences of every operation on 4 CPUs, with the invariants
//! checked after each step and a final drain proving no task was lost.

use super::{subjects, Rng, Subject};
use kernel_core::services::sched::{SchedError, TaskId, TaskState};
use std::collections::BTreeSet;
use std::vec::Vec;

const CPUS: usize = 4;
const IDS: u64 = 12;
const STEPS: usize = 20_000;

/// Checks the contract-level facts the random walk must never break.
fn check_states(s: &Subject, alive: &BTreeSet<TaskId>, step: usize) {
    s.audit();
    let mut running = BTreeSet::new();
    for cpu in 0..CPUS {
        if let Some(task) = s.sched.current(cpu) {
            assert!(
                running.insert(task),
                "{} step {step}: {task:?} on two CPUs",
                s.name
            );
        }
    }
    for &task in alive {
        match s.sched.state(task) {
            None => panic!("{} step {step}: live {task:?} lost", s.name),
            Some(TaskState::Running(cpu)) => {
                assert_eq!(s.sched.current(cpu), Some(task), "{} step {step}", s.name);
                let allowed = s
                    .sched
                    .affinity(task)
                    .is_some_and(|mask| mask.contains(cpu));
                let pending = s.sched.tick(cpu);
                assert!(
                    allowed || pending,
                    "{} step {step}: {task:?} stuck off-affinity",
                    s.name
                );
            }
            Some(_) => {}
        }
    }
}

/// One random operation; asserts what the contract says about its result.
fn step(s: &Subject, rng: &mut Rng, alive: &mut BTreeSet<TaskId>, step: usize) {
    let task = TaskId(1 + rng.below(IDS as usize) as u64);
    let cpu = rng.below(CPUS);
    let before = s.sched.state(task);
    let name = s.name;
    match rng.below(12) {
        0 => match s.sched.register(task, rng.mask(CPUS)) {
            Ok(()) => assert!(alive.insert(task), "{name} step {step}: registered twice"),
            Err(error) => assert_eq!(error, SchedError::AlreadyRegistered(task)),
        },
        1 => {
            if s.sched.unregister(task).is_ok() {
                alive.remove(&task);
            }
        }
        2 => match s.sched.enqueue(task, rng.below(CPUS + 1)) {
            Ok(_) => assert_eq!(before, Some(TaskState::Blocked), "{name} step {step}"),
            Err(SchedError::AlreadyRunnable(_)) => {
                assert!(matches!(
                    before,
                    Some(TaskState::Runnable | TaskState::Running(_))
                ));
                assert_eq!(
                    s.sched.state(task),
                    before,
                    "{name} step {step}: refused yet changed"
                );
            }
            Err(_) => assert!(!alive.contains(&task), "{name} step {step}"),
        },
        3 => {
            if s.sched.dequeue(task).is_ok() {
                assert_eq!(
                    s.sched.state(task),
                    Some(TaskState::Blocked),
                    "{name} step {step}"
                );
            }
        }
        4 | 5 => {
            if s.sched.wake(task).is_ok() && alive.contains(&task) {
                assert_ne!(
                    s.sched.state(task),
                    Some(TaskState::Blocked),
                    "{name} step {step}"
                );
            }
        }
        6 => {
            let _ = s.sched.prepare_block(task);
        }
        7 => {
            if let Some(current) = s.sched.current(cpu) {
                if let Ok(true) = s.sched.block(current) {
                    assert_eq!(s.sched.state(current), Some(TaskState::Blocked));
                }
            }
        }
        8 | 9 => {
            let states: Vec<_> = (0..=IDS).map(|id| s.sched.state(TaskId(id))).collect();
            if let Some(next) = s.sched.pick_next(cpu) {
                let was = states.get(next.0 as usize).copied().flatten();
                let eligible = matches!(was, Some(TaskState::Runnable))
                    || was == Some(TaskState::Running(cpu));
                assert!(
                    eligible,
                    "{name} step {step}: picked {next:?} while {was:?}"
                );
                assert_eq!(
                    s.sched.state(next),
                    Some(TaskState::Running(cpu)),
                    "{name} {step}"
                );
                let allowed = s
                    .sched
                    .affinity(next)
                    .is_some_and(|mask| mask.contains(cpu));
                assert!(allowed, "{name} step {step}: {next:?} picked off-affinity");
            }
        }
        10 => {
            s.sched.finish_switch(cpu);
        }
        _ => {
            if rng.chance(50) {
                if s.sched.tick(cpu) {
                    s.sched.pick_next(cpu);
                }
            } else {
                let _ = s.sched.set_affinity(task, rng.mask(CPUS));
            }
        }
    }
    check_states(s, alive, step);
}

/// Makes every live task runnable and switches on every CPU until each has run.
fn drain(s: &Subject, alive: &BTreeSet<TaskId>) {
    for cpu in 0..CPUS {
        s.sched.finish_switch(cpu);
    }
    for &task in alive {
        let _ = s.sched.wake(task);
        assert_ne!(s.sched.state(task), Some(TaskState::Blocked), "{}", s.name);
    }
    let mut ran = BTreeSet::new();
    for _ in 0..(2 * alive.len() + CPUS) {
        for cpu in 0..CPUS {
            if let Some(task) = s.switch(cpu) {
                ran.insert(task);
            }
        }
    }
    let missing: Vec<_> = alive.difference(&ran).collect();
    assert!(missing.is_empty(), "{}: never ran: {missing:?}", s.name);
}

#[test]
fn random_operations_keep_every_invariant() {
    for seed in [1, 0x5eed, 0xdead_beef, 42] {
        for s in subjects(CPUS) {
            let mut rng = Rng::new(seed);
            let mut alive = BTreeSet::new();
            for index in 0..STEPS {
                step(&s, &mut rng, &mut alive, index);
            }
            assert!(
                !alive.is_empty(),
                "{}: the walk should leave tasks alive",
                s.name
            );
            drain(&s, &alive);
            s.audit();
        }
    }
}
