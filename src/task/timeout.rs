//! Timed sleeps: tasks waiting for a deadline, woken by the tick that passes it.

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
