//! Clocks and timers.

use super::irq::IrqNumber;

/// A free-running, monotonic counter common to all CPUs (the Arm generic timer's counter).
pub trait ClockSource: Send + Sync {
    /// The counter's current value.
    fn counter(&self) -> u64;
    /// Counter increments per second.
    fn frequency_hz(&self) -> u64;
    /// Nanoseconds since the counter started, without overflow for centuries.
    fn nanos(&self) -> u64 {
        let freq = self.frequency_hz().max(1) as u128;
        (self.counter() as u128 * 1_000_000_000 / freq) as u64
    }
}

/// A per-CPU one-shot timer that raises a private interrupt when the counter passes a deadline.
///
/// Invariant: `arm` and `disarm` act on the calling CPU's timer only.
pub trait EventTimer: Send + Sync {
    /// The private interrupt the timer raises.
    fn irq(&self) -> IrqNumber;
    /// Fires once when the clock's counter reaches `deadline` (already past: fires at once).
    fn arm(&self, deadline: u64);
    /// Cancels the calling CPU's pending deadline and quiets its interrupt.
    fn disarm(&self);
}

/// Kernel time: the tick and uptime service other components consume.
pub trait TimeService: Send + Sync {
    /// Nanoseconds since boot.
    fn uptime_ns(&self) -> u64;
    /// Ticks taken so far on CPU `cpu`.
    fn ticks_on(&self, cpu: usize) -> u64;
    /// Ticks per second of the periodic tick.
    fn tick_hz(&self) -> u32;
    /// Nanoseconds since the Unix epoch (`CLOCK_REALTIME`); without a wall-clock source,
    /// uptime (the epoch at boot, as a Linux without RTC).
    fn realtime_ns(&self) -> u64 {
        self.uptime_ns()
    }
}

/// A battery-backed wall clock (an RTC), read once at boot to set `CLOCK_REALTIME`.
pub trait RealTimeClock: Send + Sync {
    /// Seconds since the Unix epoch.
    fn unix_seconds(&self) -> u64;
}
