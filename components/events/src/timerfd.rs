//! timerfd: a timer whose expirations are read as a 64-bit count (`fs/timerfd.c`).

use crate::anon::{anon_file_common, AnonInode, StatusFlags};
use alloc::sync::Arc;
use kernel_core::services::events::{TimerOps, TimerSetting, NONBLOCK, TFD_TIMER_ABSTIME};
use kernel_core::services::time::TimeService;
use kernel_core::services::vfs::{File, PollEvents, WaitList, Waker};
use kernel_core::sync::SpinLock;
use kernel_core::Errno;

/// The clocks a timerfd may use: REALTIME, MONOTONIC, BOOTTIME (and their alarm forms).
const CLOCKS: [i32; 5] = [0, 1, 7, 8, 9];

#[derive(Default)]
struct State {
    /// Uptime of the next expiry (0: disarmed).
    next_ns: u64,
    interval_ns: u64,
    /// Expirations counted but not yet read.
    ticks: u64,
}

/// A timerfd on the monotonic clock (the realtime clock is treated as monotonic).
pub struct TimerFd {
    state: SpinLock<State>,
    time: Arc<dyn TimeService>,
    waiters: WaitList,
    flags: StatusFlags,
    inode: Arc<AnonInode>,
}

impl TimerFd {
    /// `timerfd_create(clock, flags)`: `EINVAL` for an unknown clock or flag.
    pub fn new(
        clock: i32,
        flags: u32,
        time: Arc<dyn TimeService>,
        inode: Arc<AnonInode>,
    ) -> Result<Self, Errno> {
        if !CLOCKS.contains(&clock) {
            return Err(Errno::EINVAL);
        }
        Ok(Self {
            state: SpinLock::new(State::default()),
            time,
            waiters: WaitList::new(),
            flags: StatusFlags::new(flags & NONBLOCK != 0),
            inode,
        })
    }

    /// Counts the expirations up to now.
    fn update(&self, state: &mut State) {
        let now = self.time.uptime_ns();
        if state.next_ns == 0 || now < state.next_ns {
            return;
        }
        match (now - state.next_ns).checked_div(state.interval_ns) {
            None => {
                state.ticks += 1;
                state.next_ns = 0;
            }
            Some(periods) => {
                state.ticks += periods + 1;
                state.next_ns += (periods + 1) * state.interval_ns;
            }
        }
    }
}

impl TimerOps for TimerFd {
    fn set(&self, flags: u32, setting: TimerSetting) -> Result<TimerSetting, Errno> {
        let old = self.get();
        let now = self.time.uptime_ns();
        {
            let mut state = self.state.lock();
            state.ticks = 0;
            state.interval_ns = setting.interval_ns;
            state.next_ns = match setting.value_ns {
                0 => 0,
                value if flags & TFD_TIMER_ABSTIME != 0 => value.max(1),
                value => now.saturating_add(value),
            };
        }
        self.waiters.wake_all();
        Ok(old)
    }

    fn get(&self) -> TimerSetting {
        let mut state = self.state.lock();
        self.update(&mut state);
        let now = self.time.uptime_ns();
        TimerSetting {
            interval_ns: state.interval_ns,
            value_ns: match state.next_ns {
                0 => 0,
                next => next.saturating_sub(now).max(1),
            },
        }
    }
}

impl File for TimerFd {
    /// The expirations since the last read; `EAGAIN` when none, `EINVAL` under 8 bytes.
    fn read(&self, buffer: &mut [u8]) -> Result<usize, Errno> {
        if buffer.len() < 8 {
            return Err(Errno::EINVAL);
        }
        let ticks = {
            let mut state = self.state.lock();
            self.update(&mut state);
            core::mem::take(&mut state.ticks)
        };
        if ticks == 0 {
            return Err(Errno::EAGAIN);
        }
        buffer[..8].copy_from_slice(&ticks.to_le_bytes());
        Ok(8)
    }

    fn write(&self, _buffer: &[u8]) -> Result<usize, Errno> {
        Err(Errno::EINVAL)
    }

    fn poll(&self, interest: PollEvents, waker: Option<&Arc<dyn Waker>>) -> PollEvents {
        if let Some(waker) = waker {
            self.waiters.register(waker);
        }
        let mut state = self.state.lock();
        self.update(&mut state);
        if state.ticks > 0 {
            PollEvents::READABLE & interest
        } else {
            PollEvents::empty()
        }
    }

    fn wake_deadline_ns(&self) -> Option<u64> {
        match self.state.lock().next_ns {
            0 => None,
            next => Some(next),
        }
    }

    fn as_timer(&self) -> Option<&dyn TimerOps> {
        Some(self)
    }

    anon_file_common!();
}
