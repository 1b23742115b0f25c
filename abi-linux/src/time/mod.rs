//! Time syscalls.

mod clock;
mod cpu;
mod itimer;
mod sleep;

pub use clock::{clock_getres, clock_gettime, clock_now_ns, gettimeofday, Timespec};
pub use cpu::{getrusage, times, ItimerSetting, NoTimerOps, TimerOps, ITIMER_REAL};
pub use itimer::{getitimer, setitimer};
pub use sleep::{clock_nanosleep, nanosleep};
