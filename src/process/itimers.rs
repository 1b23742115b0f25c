//! CPU time and interval timers of a process, for the time syscalls: `ITIMER_REAL` runs on
//! the tick's timer list and sends `SIGALRM`; the CPU-time timers are kept but never fire.

use super::{table, ThreadContext};
use abi_linux::time::{ItimerSetting, TimerOps, ITIMER_REAL};
use kernel_core::services::process::{Pid, Signal};
use kernel_core::services::time::TimeService;
use kernel_core::sync::IrqSpinLock;
use kernel_core::Errno;
use process::signal::SigInfo;

/// Settings of `ITIMER_VIRTUAL` and `ITIMER_PROF` by (pid, which): stored, not run.
static CPU_TIMERS: IrqSpinLock<alloc::collections::BTreeMap<(u32, i32), ItimerSetting>> =
    IrqSpinLock::new(alloc::collections::BTreeMap::new());

impl TimerOps for ThreadContext<'_> {
    fn cpu_time_ns(&self, _thread_only: bool) -> Result<u64, Errno> {
        // One thread per process: the process's time is its thread's.
        Ok(crate::task::cputime::current_cpu_ns())
    }

    fn itimer(&self, which: i32, new: Option<ItimerSetting>) -> Result<ItimerSetting, Errno> {
        let pid = self.process.pid;
        if which != ITIMER_REAL {
            let mut timers = CPU_TIMERS.lock();
            let old = timers.get(&(pid, which)).copied().unwrap_or_default();
            if let Some(new) = new {
                timers.insert((pid, which), new);
            }
            return Ok(old);
        }
        let now = crate::kernel::time().uptime_ns();
        let old = match new {
            None => crate::task::real_timer(pid),
            Some(setting) if setting.value_ns == 0 => crate::task::set_real_timer(pid, None),
            Some(setting) => crate::task::set_real_timer(
                pid,
                Some((now.saturating_add(setting.value_ns), setting.interval_ns)),
            ),
        };
        Ok(
            old.map_or(ItimerSetting::default(), |(deadline, interval_ns)| {
                ItimerSetting {
                    interval_ns,
                    value_ns: deadline.saturating_sub(now).max(1),
                }
            }),
        )
    }
}

/// Process `pid`'s `ITIMER_REAL` expired (from the tick): `SIGALRM` to the process.
/// `false` when the process is gone (the timer is then dropped).
pub fn real_timer_expired(pid: u32) -> bool {
    let (Some(table), Some(tgid)) = (table::get(), i32::try_from(pid).ok().and_then(Pid::new))
    else {
        return false;
    };
    let info = SigInfo::kernel(Signal::SIGALRM.number());
    table.with(|t| t.send_signal_to_process(tgid, info)).is_ok()
}

/// Drops `process`'s interval timers (at exit).
pub fn release(pid: u32) {
    crate::task::set_real_timer(pid, None);
    CPU_TIMERS.lock().retain(|&(owner, _), _| owner != pid);
}
