//! The contract suite, part one: placement, picking, affinity and switching, on every policy
//! through `dyn Scheduler` only.

use super::for_each_policy;
use crate::{Fifo, RoundRobin};
use kernel_core::services::sched::{CpuMask, SchedError, TaskId, TaskState};

const ALL4: CpuMask = CpuMask::first_n(4);

#[test]
fn a_task_goes_blocked_runnable_running() {
    for_each_policy(4, |s| {
        let task = TaskId(1);
        s.sched.register(task, CpuMask::ALL).unwrap();
        assert_eq!(s.sched.state(task), Some(TaskState::Blocked), "{}", s.name);
        assert_eq!(s.sched.affinity(task), Some(ALL4), "{}", s.name);
        assert_eq!(s.sched.enqueue(task, 2), Ok(Some(2)), "{}", s.name);
        assert_eq!(s.sched.state(task), Some(TaskState::Runnable));
        assert_eq!(s.sched.pick_next(2), Some(task));
        assert_eq!(s.sched.state(task), Some(TaskState::Running(2)));
        assert_eq!(s.sched.current(2), Some(task));
        assert_eq!(s.sched.current(1), None);
    });
}

#[test]
fn double_enqueue_is_refused_and_never_duplicates() {
    for_each_policy(4, |s| {
        let task = s.spawn(1, CpuMask::ALL, 0);
        assert_eq!(
            s.sched.enqueue(task, 1),
            Err(SchedError::AlreadyRunnable(task))
        );
        s.audit();
        assert_eq!(s.sched.pick_next(0), Some(task));
        assert_eq!(
            s.sched.enqueue(task, 0),
            Err(SchedError::AlreadyRunnable(task))
        );
        for cpu in 1..4 {
            assert_eq!(
                s.sched.pick_next(cpu),
                None,
                "{}: duplicate on {cpu}",
                s.name
            );
        }
    });
}

#[test]
fn bad_requests_get_typed_errors() {
    for_each_policy(4, |s| {
        let ghost = TaskId(99);
        assert_eq!(
            s.sched.enqueue(ghost, 0),
            Err(SchedError::UnknownTask(ghost))
        );
        assert_eq!(s.sched.wake(ghost), Err(SchedError::UnknownTask(ghost)));
        assert_eq!(s.sched.state(ghost), None);
        let task = TaskId(1);
        let beyond = CpuMask::single(4).with(9);
        assert_eq!(
            s.sched.register(task, beyond),
            Err(SchedError::NoAllowedCpu)
        );
        s.sched.register(task, CpuMask::ALL).unwrap();
        assert_eq!(
            s.sched.register(task, CpuMask::ALL),
            Err(SchedError::AlreadyRegistered(task))
        );
        assert_eq!(s.sched.block(task), Err(SchedError::NotRunning(task)));
        assert_eq!(
            s.sched.set_affinity(task, CpuMask::EMPTY),
            Err(SchedError::NoAllowedCpu)
        );
        assert_eq!(s.sched.pick_next(4), None);
        assert!(!s.sched.tick(4));
        assert_eq!(s.sched.current(17), None);
        assert_eq!(s.sched.finish_switch(40), None);
    });
    assert_eq!(
        RoundRobin::new(0, 3).err(),
        Some(SchedError::BadCpuCount(0))
    );
    assert_eq!(Fifo::new(17).err(), Some(SchedError::BadCpuCount(17)));
}

#[test]
fn no_task_runs_on_two_cpus() {
    for_each_policy(4, |s| {
        let a = s.spawn(1, CpuMask::ALL, 0);
        let b = s.spawn(2, CpuMask::ALL, 0);
        let picked: [Option<TaskId>; 4] = core::array::from_fn(|cpu| s.sched.pick_next(cpu));
        let running: std::vec::Vec<_> = picked.iter().flatten().copied().collect();
        assert_eq!(running.len(), 2, "{}: {picked:?}", s.name);
        assert!(running.contains(&a) && running.contains(&b));
    });
}

#[test]
fn an_idle_cpu_takes_work_queued_for_another() {
    for_each_policy(4, |s| {
        for id in 1..=3 {
            s.spawn(id, CpuMask::ALL, 0);
        }
        assert!(s.sched.pick_next(0).is_some());
        assert!(s.sched.tick(1), "{}: idle CPU with work reachable", s.name);
        assert!(s.sched.pick_next(1).is_some(), "{}", s.name);
        assert!(s.sched.pick_next(2).is_some(), "{}", s.name);
        assert!(!s.sched.tick(3), "{}: nothing left to take", s.name);
        assert_eq!(s.sched.pick_next(3), None);
    });
}

#[test]
fn affinity_limits_placement_and_picking() {
    for_each_policy(4, |s| {
        let pinned = s.spawn(1, CpuMask::single(2), 0);
        for cpu in [0, 1, 3] {
            assert_eq!(s.sched.pick_next(cpu), None, "{}: cpu {cpu}", s.name);
            assert!(
                !s.sched.tick(cpu),
                "{}: cpu {cpu} has nothing it may run",
                s.name
            );
        }
        assert!(s.sched.tick(2));
        assert_eq!(s.sched.pick_next(2), Some(pinned));
    });
}

#[test]
fn set_affinity_moves_a_queued_task() {
    for_each_policy(4, |s| {
        let task = s.spawn(1, CpuMask::single(0), 0);
        s.sched.set_affinity(task, CpuMask::single(3)).unwrap();
        s.audit();
        assert_eq!(s.sched.pick_next(0), None, "{}", s.name);
        assert_eq!(s.sched.pick_next(3), Some(task), "{}", s.name);
    });
}

#[test]
fn set_affinity_migrates_a_running_task_at_the_next_switch() {
    for_each_policy(4, |s| {
        let task = s.spawn(1, CpuMask::ALL, 0);
        assert_eq!(s.sched.pick_next(0), Some(task));
        assert!(!s.sched.tick(0));
        s.sched.set_affinity(task, CpuMask::single(1)).unwrap();
        assert_eq!(s.sched.affinity(task), Some(CpuMask::single(1)));
        assert!(s.sched.tick(0), "{}: must leave CPU 0", s.name);
        assert_eq!(s.sched.pick_next(0), None, "{}", s.name);
        assert_eq!(s.sched.state(task), Some(TaskState::Runnable));
        assert_eq!(
            s.sched.pick_next(1),
            None,
            "{}: still switching out of 0",
            s.name
        );
        assert_eq!(s.sched.finish_switch(0), Some(1));
        assert_eq!(s.sched.pick_next(1), Some(task));
    });
}

#[test]
fn a_preempted_task_is_not_taken_before_its_switch_finishes() {
    for_each_policy(4, |s| {
        let a = s.spawn(1, CpuMask::ALL, 0);
        assert_eq!(s.sched.pick_next(0), Some(a));
        let b = s.spawn(2, CpuMask::ALL, 0);
        assert_eq!(s.sched.pick_next(0), Some(b), "{}: yield gives way", s.name);
        assert_eq!(s.sched.state(a), Some(TaskState::Runnable));
        assert_eq!(
            s.sched.pick_next(1),
            None,
            "{}: a is still being saved",
            s.name
        );
        assert!(s.sched.finish_switch(0).is_some());
        s.audit();
        assert_eq!(s.sched.pick_next(1), Some(a));
    });
}

#[test]
fn yield_alone_keeps_running_and_skipped_finish_is_done_by_the_next_pick() {
    for_each_policy(2, |s| {
        let a = s.spawn(1, CpuMask::ALL, 0);
        assert_eq!(s.sched.pick_next(0), Some(a));
        assert_eq!(s.sched.pick_next(0), Some(a), "{}", s.name);
        let b = s.spawn(2, CpuMask::single(0), 0);
        assert_eq!(s.sched.pick_next(0), Some(b));
        // No finish_switch: the next pick on CPU 0 completes it and a is queued again.
        assert_eq!(s.sched.pick_next(0), Some(a), "{}", s.name);
    });
}
