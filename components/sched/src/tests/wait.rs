//! Wait queues: order, outcomes, deadlines and the lost-wake-up race, on every policy.

use super::{for_each_policy, Subject};
use crate::TaskWaitQueue;
use alloc::sync::Arc;
use kernel_core::services::sched::{
    CpuMask, SchedError, TaskId, TaskState, WaitOutcome, WaitQueue,
};

/// Spawns `count` tasks (ids from 1), each run on its own CPU and left waiting on `queue`
/// (with `deadline_ns`), blocked and switched out.
fn sleepers(s: &Subject, queue: &dyn WaitQueue, count: u64, deadline_ns: Option<u64>) {
    for id in 1..=count {
        let task = s.spawn(id, CpuMask::ALL, 0);
        assert_eq!(s.switch(0), Some(task), "{}", s.name);
        queue.prepare_to_wait(task, deadline_ns).unwrap();
        assert_eq!(s.sched.block(task), Ok(true), "{}", s.name);
        assert_eq!(s.switch(0), None);
    }
}

#[test]
fn wake_one_follows_registration_order() {
    for_each_policy(2, |s| {
        let queue = s.sched.new_wait_queue();
        sleepers(s, &*queue, 3, None);
        assert_eq!(queue.len(), 3);
        assert_eq!(queue.wake_one(), Some(TaskId(1)));
        assert_eq!(queue.wake_one(), Some(TaskId(2)));
        assert_eq!(s.sched.state(TaskId(2)), Some(TaskState::Runnable));
        assert_eq!(s.sched.state(TaskId(3)), Some(TaskState::Blocked));
        assert_eq!(queue.cancel(TaskId(2)), Some(WaitOutcome::Woken));
        assert_eq!(queue.cancel(TaskId(3)), Some(WaitOutcome::Pending));
        assert_eq!(queue.cancel(TaskId(3)), None);
        assert_eq!(
            queue.wake_one(),
            None,
            "{}: only woken waiters left",
            s.name
        );
        assert_eq!(queue.len(), 1);
    });
}

#[test]
fn wake_all_wakes_every_pending_waiter_once() {
    for_each_policy(2, |s| {
        let queue = s.sched.new_wait_queue();
        sleepers(s, &*queue, 4, None);
        assert_eq!(queue.wake_one(), Some(TaskId(1)));
        assert_eq!(queue.wake_all(), 3);
        assert_eq!(queue.wake_all(), 0);
        for id in 1..=4 {
            assert_eq!(
                s.sched.state(TaskId(id)),
                Some(TaskState::Runnable),
                "{}",
                s.name
            );
            assert_eq!(queue.cancel(TaskId(id)), Some(WaitOutcome::Woken));
        }
        assert!(queue.is_empty());
    });
}

#[test]
fn a_wake_between_the_check_and_the_block_is_not_lost() {
    for_each_policy(2, |s| {
        let queue = s.sched.new_wait_queue();
        let task = s.spawn(1, CpuMask::ALL, 0);
        s.switch(0);
        queue.prepare_to_wait(task, None).unwrap();
        // CPU 0 has checked the condition (false); CPU 1 makes it true and wakes.
        assert_eq!(queue.wake_one(), Some(task));
        assert_eq!(
            s.sched.block(task),
            Ok(false),
            "{}: the wake-up was lost",
            s.name
        );
        assert_eq!(queue.cancel(task), Some(WaitOutcome::Woken));
        assert_eq!(s.sched.state(task), Some(TaskState::Running(0)));
    });
}

#[test]
fn waiting_on_two_queues_keeps_a_wake_from_the_first() {
    for_each_policy(2, |s| {
        let (first, second) = (s.sched.new_wait_queue(), s.sched.new_wait_queue());
        let task = s.spawn(1, CpuMask::ALL, 0);
        s.switch(0);
        first.prepare_to_wait(task, None).unwrap();
        assert_eq!(first.wake_one(), Some(task));
        second.prepare_to_wait(task, None).unwrap();
        assert_eq!(s.sched.block(task), Ok(false), "{}", s.name);
        assert_eq!(first.cancel(task), Some(WaitOutcome::Woken));
        assert_eq!(second.cancel(task), Some(WaitOutcome::Pending));
    });
}

#[test]
fn deadlines_time_out_waiters_at_or_after_their_time() {
    for_each_policy(2, |s| {
        let queue = s.sched.new_wait_queue();
        sleepers(s, &*queue, 2, Some(1_000));
        let late = s.spawn(3, CpuMask::ALL, 1);
        s.switch(1);
        queue.prepare_to_wait(late, Some(5_000)).unwrap();
        assert_eq!(s.sched.block(late), Ok(true));
        s.switch(1);
        assert_eq!(queue.next_deadline_ns(), Some(1_000));
        assert_eq!(queue.expired(999), 0);
        assert_eq!(queue.expired(1_000), 2, "{}", s.name);
        assert_eq!(queue.next_deadline_ns(), Some(5_000));
        assert_eq!(s.sched.state(TaskId(1)), Some(TaskState::Runnable));
        assert_eq!(s.sched.state(late), Some(TaskState::Blocked));
        assert_eq!(
            queue.wake_one(),
            Some(late),
            "timed-out waiters are not woken again"
        );
        assert_eq!(queue.expired(10_000), 0);
        assert_eq!(queue.cancel(TaskId(1)), Some(WaitOutcome::TimedOut));
        assert_eq!(queue.cancel(late), Some(WaitOutcome::Woken));
        assert_eq!(queue.next_deadline_ns(), None);
    });
}

#[test]
fn a_woken_waiter_does_not_time_out_afterwards() {
    for_each_policy(2, |s| {
        let queue = s.sched.new_wait_queue();
        sleepers(s, &*queue, 1, Some(100));
        assert_eq!(queue.wake_one(), Some(TaskId(1)));
        assert_eq!(queue.expired(200), 0);
        assert_eq!(queue.cancel(TaskId(1)), Some(WaitOutcome::Woken));
    });
}

#[test]
fn preparing_again_rearms_in_place() {
    for_each_policy(2, |s| {
        let queue = s.sched.new_wait_queue();
        sleepers(s, &*queue, 2, None);
        assert_eq!(queue.wake_one(), Some(TaskId(1)));
        assert_eq!(s.switch(0), Some(TaskId(1)));
        // The woken task found the condition false again and waits once more, in its place.
        queue.prepare_to_wait(TaskId(1), Some(7)).unwrap();
        assert_eq!(queue.len(), 2);
        assert_eq!(queue.next_deadline_ns(), Some(7));
        assert_eq!(s.sched.block(TaskId(1)), Ok(true));
        assert_eq!(
            queue.wake_one(),
            Some(TaskId(1)),
            "{}: kept its place",
            s.name
        );
    });
}

#[test]
fn a_vanished_waiter_passes_the_wake_on() {
    for_each_policy(2, |s| {
        let queue = s.sched.new_wait_queue();
        sleepers(s, &*queue, 2, None);
        s.sched.unregister(TaskId(1)).unwrap();
        assert_eq!(queue.wake_one(), Some(TaskId(2)), "{}", s.name);
        assert_eq!(queue.len(), 1, "the stale waiter was dropped");
    });
}

#[test]
fn unknown_tasks_and_detached_queues_are_refused() {
    for_each_policy(1, |s| {
        let queue = s.sched.new_wait_queue();
        let ghost = TaskId(5);
        assert_eq!(
            queue.prepare_to_wait(ghost, None),
            Err(SchedError::UnknownTask(ghost))
        );
        assert!(queue.is_empty());
        let detached: Arc<dyn WaitQueue> = Arc::new(TaskWaitQueue::detached());
        s.spawn(5, CpuMask::ALL, 0);
        assert_eq!(
            detached.prepare_to_wait(ghost, None),
            Err(SchedError::UnknownTask(ghost))
        );
        assert_eq!(detached.wake_all(), 0);
    });
}
