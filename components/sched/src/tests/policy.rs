//! Policy-specific behaviour: round-robin's timeslice, fairness and balancing; FIFO's lack of
//! preemption and its global order.

use super::{Subject, SLICE};
use crate::{timeslice_ticks, Fifo, RoundRobin};
use alloc::boxed::Box;
use kernel_core::services::sched::{CpuMask, Scheduler, TaskId};
use std::collections::BTreeMap;

fn round_robin(cpus: usize) -> Subject {
    let sched = RoundRobin::new(cpus, SLICE).unwrap();
    Subject {
        name: "round-robin",
        sched: sched.clone(),
        audit: Box::new(move || sched.audit()),
    }
}

/// Runs `ticks` timer ticks on every CPU, switching whenever `tick` asks; returns how many
/// ticks each task was charged.
fn run_ticks(s: &Subject, cpus: usize, ticks: usize) -> BTreeMap<TaskId, usize> {
    let mut charged = BTreeMap::new();
    for cpu in 0..cpus {
        s.switch(cpu);
    }
    for _ in 0..ticks {
        for cpu in 0..cpus {
            if let Some(task) = s.sched.current(cpu) {
                *charged.entry(task).or_insert(0) += 1;
            }
            if s.sched.tick(cpu) {
                s.switch(cpu);
            }
        }
        s.audit();
    }
    charged
}

#[test]
fn timeslice_is_ten_ms_of_ticks_rounded_up() {
    assert_eq!(timeslice_ticks(100, 10), 1);
    assert_eq!(timeslice_ticks(1000, 10), 10);
    assert_eq!(timeslice_ticks(250, 10), 3);
    assert_eq!(timeslice_ticks(0, 10), 1);
    assert_eq!(timeslice_ticks(u32::MAX, u32::MAX), u32::MAX);
}

#[test]
fn round_robin_preempts_only_after_the_slice_and_only_for_a_waiting_task() {
    let s = round_robin(2);
    let a = s.spawn(1, CpuMask::ALL, 0);
    assert_eq!(s.switch(0), Some(a));
    for _ in 0..10 {
        assert!(!s.sched.tick(0), "alone: never preempted");
    }
    let b = s.spawn(2, CpuMask::single(0), 0);
    assert!(s.sched.tick(0), "slice long used up and b waits");
    assert_eq!(s.switch(0), Some(b));
    let decisions: std::vec::Vec<bool> = (0..SLICE).map(|_| s.sched.tick(0)).collect();
    assert_eq!(decisions, [false, false, true]);
    assert_eq!(s.switch(0), Some(a));
}

#[test]
fn round_robin_cycles_in_arrival_order() {
    let s = round_robin(1);
    let tasks: std::vec::Vec<TaskId> = (1..=3).map(|id| s.spawn(id, CpuMask::ALL, 0)).collect();
    let order: std::vec::Vec<TaskId> = (0..6).filter_map(|_| s.switch(0)).collect();
    let expected: std::vec::Vec<TaskId> = tasks.iter().chain(tasks.iter()).copied().collect();
    assert_eq!(order, expected);
}

#[test]
fn round_robin_is_fair_on_one_cpu() {
    let s = round_robin(1);
    for id in 1..=3 {
        s.spawn(id, CpuMask::ALL, 0);
    }
    let charged = run_ticks(&s, 1, 3000);
    assert_eq!(charged.len(), 3);
    for (task, ticks) in charged {
        assert!(ticks.abs_diff(1000) <= SLICE as usize, "{task:?}: {ticks}");
    }
}

#[test]
fn round_robin_balances_eight_tasks_over_four_cpus() {
    let s = round_robin(4);
    for id in 1..=8 {
        s.spawn(id, CpuMask::ALL, 0);
    }
    let charged = run_ticks(&s, 4, 4000);
    assert_eq!(charged.len(), 8);
    for (task, ticks) in &charged {
        assert!(
            ticks.abs_diff(2000) <= 200,
            "{task:?} got {ticks} of ~2000: {charged:?}"
        );
    }
    assert_eq!(charged.values().sum::<usize>(), 16_000, "no CPU idled");
}

#[test]
fn idle_steal_takes_the_tail_of_the_busiest_queue() {
    let s = round_robin(3);
    let (x, y) = (s.spawn(1, CpuMask::ALL, 0), s.spawn(2, CpuMask::ALL, 1));
    assert_eq!((s.switch(0), s.switch(1)), (Some(x), Some(y)));
    s.spawn(3, CpuMask::ALL, 0);
    let queued_on_1: std::vec::Vec<TaskId> =
        (4..=6).map(|id| s.spawn(id, CpuMask::ALL, 1)).collect();
    assert_eq!(s.switch(2), Some(queued_on_1[2]));
    assert_eq!(
        s.sched.pick_next(1),
        Some(queued_on_1[0]),
        "cpu 1 keeps its own order"
    );
}

#[test]
fn stealing_respects_affinity() {
    let s = round_robin(3);
    let x = s.spawn(1, CpuMask::ALL, 1);
    assert_eq!(s.switch(1), Some(x));
    s.spawn(2, CpuMask::single(1), 1);
    s.spawn(3, CpuMask::single(1), 1);
    assert!(!s.sched.tick(2));
    assert_eq!(s.switch(2), None);
}

#[test]
fn placement_uses_the_hint_or_the_least_loaded_allowed_cpu() {
    let s = round_robin(4);
    let pair = CpuMask::single(2).with(3);
    assert_eq!(s.sched.register(TaskId(1), pair), Ok(()));
    assert_eq!(s.sched.enqueue(TaskId(1), 3), Ok(Some(3)));
    assert_eq!(s.sched.register(TaskId(2), pair), Ok(()));
    assert_eq!(
        s.sched.enqueue(TaskId(2), 0),
        Ok(Some(2)),
        "3 has work, 2 has none"
    );
    assert_eq!(s.sched.register(TaskId(3), pair), Ok(()));
    assert_eq!(
        s.sched.enqueue(TaskId(3), 9),
        Ok(Some(2)),
        "tie: lowest index"
    );
}

#[test]
fn fifo_never_preempts() {
    let fifo = Fifo::new(1).unwrap();
    let a = TaskId(1);
    fifo.register(a, CpuMask::ALL).unwrap();
    fifo.enqueue(a, 0).unwrap();
    assert_eq!(fifo.pick_next(0), Some(a));
    fifo.register(TaskId(2), CpuMask::ALL).unwrap();
    fifo.enqueue(TaskId(2), 0).unwrap();
    assert!((0..1000).all(|_| !fifo.tick(0)), "no timeslice in FIFO");
    assert_eq!(fifo.current(0), Some(a));
}

#[test]
fn fifo_serves_every_cpu_from_one_queue_in_arrival_order() {
    let fifo = Fifo::new(3).unwrap();
    for (id, hint) in [(1, 2), (2, 0), (3, 1)] {
        fifo.register(TaskId(id), CpuMask::ALL).unwrap();
        fifo.enqueue(TaskId(id), hint).unwrap();
    }
    assert_eq!(fifo.pick_next(1), Some(TaskId(1)));
    assert_eq!(fifo.pick_next(1), Some(TaskId(2)), "yield: next in line");
    fifo.finish_switch(1);
    assert_eq!(fifo.pick_next(0), Some(TaskId(3)));
    assert_eq!(
        fifo.pick_next(2),
        Some(TaskId(1)),
        "the yielder went to the tail"
    );
    fifo.audit().unwrap();
}
