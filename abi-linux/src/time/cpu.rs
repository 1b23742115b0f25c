//! CPU time and interval timers as the caller's process keeps them ([`TimerOps`]), and the
//! calls that only report CPU time: `getrusage` and `times`.

use crate::args::UserPtr;
use crate::context::SyscallContext;
use kernel_core::Errno;

/// An interval timer's setting, in nanoseconds (0 = disarmed / not periodic).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ItimerSetting {
    /// The period after the first expiry.
    pub interval_ns: u64,
    /// Time left to the next expiry.
    pub value_ns: u64,
}

/// `ITIMER_REAL`: wall time, `SIGALRM`.
pub const ITIMER_REAL: i32 = 0;
/// `ITIMER_VIRTUAL`: user CPU time, `SIGVTALRM`.
pub const ITIMER_VIRTUAL: i32 = 1;
/// `ITIMER_PROF`: CPU time, `SIGPROF`.
pub const ITIMER_PROF: i32 = 2;

/// The caller's CPU-time accounting and interval timers. Every method defaults to `ENOSYS`.
pub trait TimerOps {
    /// CPU time used by the calling thread (`thread_only`) or its whole process.
    fn cpu_time_ns(&self, thread_only: bool) -> Result<u64, Errno> {
        let _ = thread_only;
        Err(Errno::ENOSYS)
    }
    /// CPU time of the caller's reaped children.
    fn children_cpu_time_ns(&self) -> u64 {
        0
    }
    /// Timer `which` (`ITIMER_*`, already checked): its setting, replaced by `new` if given.
    fn itimer(&self, which: i32, new: Option<ItimerSetting>) -> Result<ItimerSetting, Errno> {
        let _ = (which, new);
        Err(Errno::ENOSYS)
    }
}

/// A context without CPU-time accounting or interval timers.
pub struct NoTimerOps;

impl TimerOps for NoTimerOps {}

const RUSAGE_SELF: i32 = 0;
const RUSAGE_CHILDREN: i32 = -1;
const RUSAGE_THREAD: i32 = 1;
/// `sizeof(struct rusage)`: two `timeval`s and fourteen longs.
const RUSAGE_SIZE: usize = 144;
/// `USER_HZ`: the unit of `clock_t`.
const USER_HZ: u64 = 100;

/// `(seconds, microseconds)` of a nanosecond count, as a `struct timeval`'s bytes.
pub fn timeval_bytes(nanos: u64) -> [u8; 16] {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&(nanos / 1_000_000_000).to_le_bytes());
    bytes[8..].copy_from_slice(&(nanos % 1_000_000_000 / 1000).to_le_bytes());
    bytes
}

/// `getrusage(who, usage)`: the CPU time counts as user time; the other fields are 0.
pub fn getrusage(ctx: &dyn SyscallContext, who: i32, usage: UserPtr<u8>) -> Result<usize, Errno> {
    let nanos = match who {
        RUSAGE_SELF => ctx.timers().cpu_time_ns(false)?,
        RUSAGE_THREAD => ctx.timers().cpu_time_ns(true)?,
        RUSAGE_CHILDREN => ctx.timers().children_cpu_time_ns(),
        _ => return Err(Errno::EINVAL),
    };
    let mut bytes = [0u8; RUSAGE_SIZE];
    bytes[..16].copy_from_slice(&timeval_bytes(nanos));
    ctx.user().copy_out(usage.addr, &bytes)?;
    Ok(0)
}

/// `times(buf)`: the caller's and its children's CPU time in `USER_HZ` ticks; returns the
/// ticks since boot.
pub fn times(ctx: &dyn SyscallContext, buf: UserPtr<u8>) -> Result<usize, Errno> {
    if !buf.is_null() {
        let to_ticks = |nanos: u64| nanos / (1_000_000_000 / USER_HZ);
        let own = to_ticks(ctx.timers().cpu_time_ns(false)?);
        let children = to_ticks(ctx.timers().children_cpu_time_ns());
        let mut bytes = [0u8; 32];
        bytes[..8].copy_from_slice(&own.to_le_bytes());
        bytes[16..24].copy_from_slice(&children.to_le_bytes());
        ctx.user().copy_out(buf.addr, &bytes)?;
    }
    Ok((ctx.time().uptime_ns() / (1_000_000_000 / USER_HZ)) as usize)
}
