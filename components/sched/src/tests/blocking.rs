//! The contract suite, part two: blocking, waking, dequeue and exit, on every policy.

use super::{for_each_policy, subjects};
use kernel_core::services::sched::{CpuMask, SchedError, TaskState};

#[test]
fn block_then_wake() {
    for_each_policy(2, |s| {
        let a = s.spawn(1, CpuMask::ALL, 1);
        assert_eq!(s.sched.pick_next(1), Some(a));
        s.sched.prepare_block(a).unwrap();
        assert_eq!(s.sched.block(a), Ok(true));
        assert_eq!(s.sched.state(a), Some(TaskState::Blocked));
        assert_eq!(
            s.sched.current(1),
            Some(a),
            "still on the CPU until it switches"
        );
        assert_eq!(s.switch(1), None);
        assert_eq!(s.sched.current(1), None);
        assert_eq!(
            s.sched.wake(a),
            Ok(Some(1)),
            "{}: back near its last CPU",
            s.name
        );
        assert_eq!(s.sched.state(a), Some(TaskState::Runnable));
        assert_eq!(s.sched.wake(a), Ok(None), "a second wake changes nothing");
        assert_eq!(s.switch(1), Some(a));
    });
}

#[test]
fn a_wake_before_block_is_not_lost() {
    for_each_policy(2, |s| {
        let a = s.spawn(1, CpuMask::ALL, 0);
        s.switch(0);
        s.sched.prepare_block(a).unwrap();
        assert_eq!(s.sched.wake(a), Ok(None));
        assert_eq!(s.sched.block(a), Ok(false), "{}", s.name);
        assert_eq!(s.sched.state(a), Some(TaskState::Running(0)));
        assert_eq!(s.sched.block(a), Ok(false), "no prepare, no sleep");
    });
}

#[test]
fn a_wake_after_block_but_before_the_switch_keeps_the_task_on_its_cpu() {
    for_each_policy(2, |s| {
        let a = s.spawn(1, CpuMask::ALL, 0);
        s.switch(0);
        s.sched.prepare_block(a).unwrap();
        assert_eq!(s.sched.block(a), Ok(true));
        assert_eq!(s.sched.wake(a), Ok(None));
        assert_eq!(s.sched.state(a), Some(TaskState::Running(0)));
        assert_eq!(s.sched.pick_next(1), None, "{}: never on two CPUs", s.name);
        assert_eq!(s.switch(0), Some(a));
    });
}

#[test]
fn a_wake_during_the_switch_requeues_when_it_finishes() {
    for_each_policy(2, |s| {
        let a = s.spawn(1, CpuMask::ALL, 0);
        s.switch(0);
        s.sched.prepare_block(a).unwrap();
        assert_eq!(s.sched.block(a), Ok(true));
        assert_eq!(s.sched.pick_next(0), None);
        assert_eq!(s.sched.wake(a), Ok(None));
        assert_eq!(s.sched.state(a), Some(TaskState::Runnable));
        assert_eq!(
            s.sched.pick_next(1),
            None,
            "{}: context not saved yet",
            s.name
        );
        assert!(s.sched.finish_switch(0).is_some());
        assert!(
            s.switch(1) == Some(a) || s.switch(0) == Some(a),
            "{}",
            s.name
        );
    });
}

#[test]
fn dequeue_blocks_queued_and_running_tasks() {
    for_each_policy(2, |s| {
        let a = s.spawn(1, CpuMask::ALL, 0);
        let b = s.spawn(2, CpuMask::ALL, 0);
        let first = s.switch(0).unwrap();
        let other = if first == a { b } else { a };
        s.sched.dequeue(other).unwrap();
        assert_eq!(s.sched.state(other), Some(TaskState::Blocked));
        assert_eq!(
            s.sched.pick_next(1),
            None,
            "{}: dequeued task picked",
            s.name
        );
        s.sched.dequeue(first).unwrap();
        assert!(s.sched.tick(0), "{}: its CPU must switch away", s.name);
        assert_eq!(s.switch(0), None);
        assert_eq!(s.sched.enqueue(other, 1), Ok(Some(1)));
    });
}

#[test]
fn unregister_forgets_queued_tasks_and_running_ones_after_their_switch() {
    for_each_policy(2, |s| {
        let a = s.spawn(1, CpuMask::single(0), 0);
        let b = s.spawn(2, CpuMask::single(1), 1);
        s.sched.unregister(b).unwrap();
        assert_eq!(s.sched.state(b), None);
        assert_eq!(s.sched.pick_next(1), None);
        assert_eq!(s.switch(0), Some(a));
        s.sched.unregister(a).unwrap();
        assert_eq!(s.sched.enqueue(a, 0), Err(SchedError::Exiting(a)));
        assert_eq!(
            s.sched.register(a, CpuMask::ALL),
            Err(SchedError::AlreadyRegistered(a))
        );
        assert!(s.sched.tick(0));
        assert_eq!(s.sched.pick_next(0), None);
        assert_eq!(s.sched.finish_switch(0), None);
        assert_eq!(s.sched.state(a), None, "{}", s.name);
        s.sched.register(a, CpuMask::ALL).unwrap();
    });
}

#[test]
fn every_policy_builds_wait_queues() {
    for s in subjects(2) {
        let queue = s.sched.new_wait_queue();
        let a = s.spawn(1, CpuMask::ALL, 0);
        s.switch(0);
        queue.prepare_to_wait(a, None).unwrap();
        assert_eq!(s.sched.block(a), Ok(true));
        assert_eq!(queue.wake_one(), Some(a));
        assert_eq!(s.sched.state(a), Some(TaskState::Running(0)), "{}", s.name);
    }
}
