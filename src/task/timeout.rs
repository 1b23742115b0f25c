//! Timed sleeps: tasks waiting for a deadline, woken by the tick that passes it; and the
//! processes' real-time interval timers, fired by the same tick.

use super::{current_thread, sleep_until};
use crate::kernel;
use alloc::collections::BTreeMap;
use kernel_core::services::sched::TaskId;
use kernel_core::services::time::TimeService;
use kernel_core::sync::IrqSpinLock;

/// Sleepers by (deadline in ns of uptime, task). Each sleeper removes its own entry.
static SLEEPERS: IrqSpinLock<BTreeMap<(u64, TaskId), ()>> = IrqSpinLock::new(BTreeMap::new());

/// Sleeps until `deadline_ns` of uptime; returns `false` early when `interrupted()` says so
/// (a signal arrived), `true` once the deadline passed. Resolution is one tick.
pub fn sleep_until_deadline(deadline_ns: u64, interrupted: impl Fn() -> bool) -> bool {
    let me = current_thread().id;
    SLEEPERS.lock().insert((deadline_ns, me), ());
    let completed = sleep_until(|| {
        if kernel::time().uptime_ns() >= deadline_ns {
            Some(true)
        } else if interrupted() {
            Some(false)
        } else {
            None
        }
    });
    SLEEPERS.lock().remove(&(deadline_ns, me));
    completed
}

/// Wakes every sleeper whose deadline is at or before `now_ns` (called from the tick).
pub fn wake_due(now_ns: u64) {
    fire_real_timers(now_ns);
    let Some(kernel) = kernel::get() else { return };
    let sleepers = SLEEPERS.lock();
    for &(_, task) in sleepers
        .range(..=(now_ns, TaskId(u64::MAX)))
        .map(|(key, _)| key)
    {
        if let Ok(Some(cpu)) = kernel.sched.wake(task) {
            super::cpu::kick(cpu);
        }
    }
}

/// Armed `ITIMER_REAL` timers by process id: (deadline in ns of uptime, period in ns).
static REAL_TIMERS: IrqSpinLock<BTreeMap<u32, (u64, u64)>> = IrqSpinLock::new(BTreeMap::new());

/// Arms (or with `None` disarms) process `pid`'s real-time interval timer; returns the old
/// `(deadline_ns, interval_ns)`.
pub fn set_real_timer(pid: u32, new: Option<(u64, u64)>) -> Option<(u64, u64)> {
    let mut timers = REAL_TIMERS.lock();
    match new {
        Some(setting) => timers.insert(pid, setting),
        None => timers.remove(&pid),
    }
}

/// Process `pid`'s armed real-time timer: `(deadline_ns, interval_ns)`.
pub fn real_timer(pid: u32) -> Option<(u64, u64)> {
    REAL_TIMERS.lock().get(&pid).copied()
}

/// Fires the real-time timers due at `now_ns` (called from the tick): re-arms periodic ones,
/// then tells each process, outside the lock.
fn fire_real_timers(now_ns: u64) {
    let mut due = heapless::Vec::<u32, 16>::new();
    {
        let mut timers = REAL_TIMERS.lock();
        timers.retain(|&pid, (deadline, interval)| {
            if *deadline > now_ns || due.is_full() {
                return true;
            }
            let _ = due.push(pid);
            if *interval == 0 {
                return false;
            }
            *deadline = deadline.saturating_add(*interval).max(now_ns + 1);
            true
        });
    }
    for pid in due {
        if !crate::process::itimers::real_timer_expired(pid) {
            REAL_TIMERS.lock().remove(&pid);
        }
    }
}
