//! Kernel time: the periodic tick on every CPU, uptime, and per-CPU tick counts.
//!
//! Timers gets a clock and a per-CPU event timer as capabilities ([`TimersCaps`]) and offers
//! [`TimeService`]. The board registers it as the handler of the event timer's interrupt.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

use alloc::sync::Arc;
use core::sync::atomic::{AtomicU64, Ordering};
use kernel_core::percpu::PerCpu;
use kernel_core::services::irq::{IrqHandler, IrqNumber};
use kernel_core::services::time::{ClockScale, ClockSource, EventTimer, TimeService};

/// What the timers component may use.
pub struct TimersCaps {
    /// The system counter.
    pub clock: Arc<dyn ClockSource>,
    /// The per-CPU deadline timer.
    pub events: Arc<dyn EventTimer>,
}

/// The tick service.
pub struct Timers {
    caps: TimersCaps,
    tick_hz: u32,
    period: u64,
    start_counter: u64,
    /// Counter ticks to nanoseconds (computed once: no division per clock read).
    scale: ClockScale,
    ticks: PerCpu<AtomicU64>,
    deadline: PerCpu<AtomicU64>,
    /// The Unix time at uptime zero, in ns (0 until a wall-clock source sets it).
    epoch_at_boot_ns: AtomicU64,
}

impl Timers {
    /// Builds the service ticking at `tick_hz` (at least 1) and takes "now" as boot time zero.
    pub fn new(caps: TimersCaps, tick_hz: u32) -> Self {
        let tick_hz = tick_hz.max(1);
        let period = (caps.clock.frequency_hz() / u64::from(tick_hz)).max(1);
        let start_counter = caps.clock.counter();
        let scale = ClockScale::new(caps.clock.frequency_hz());
        Self {
            caps,
            tick_hz,
            period,
            start_counter,
            scale,
            ticks: PerCpu::new(|_| AtomicU64::new(0)),
            deadline: PerCpu::new(|_| AtomicU64::new(0)),
            epoch_at_boot_ns: AtomicU64::new(0),
        }
    }

    /// The clock's counter value at uptime zero and its tick-to-nanosecond scale: what a
    /// user-space reader of the same counter (the vDSO) needs to compute exactly
    /// [`TimeService::uptime_ns`].
    pub fn counter_base(&self) -> (u64, ClockScale) {
        (self.start_counter, self.scale)
    }

    /// The interrupt to route to [`Timers`] as its handler.
    pub fn irq(&self) -> IrqNumber {
        self.caps.events.irq()
    }

    /// The Unix time at uptime zero, in ns: `CLOCK_REALTIME` is uptime plus this.
    pub fn epoch_at_boot_ns(&self) -> u64 {
        self.epoch_at_boot_ns.load(Ordering::Relaxed)
    }

    /// Sets the wall clock: it reads `unix_ns` (nanoseconds since the Unix epoch) now, and
    /// runs on with uptime from here.
    pub fn set_realtime(&self, unix_ns: u64) {
        let epoch_at_boot = unix_ns.saturating_sub(self.uptime_ns());
        self.epoch_at_boot_ns
            .store(epoch_at_boot, Ordering::Relaxed);
    }

    /// Counter increments per tick.
    pub fn period(&self) -> u64 {
        self.period
    }

    /// Starts ticking on the calling CPU (`cpu` is its index).
    pub fn start_cpu(&self, cpu: usize) {
        let first = self.caps.clock.counter() + self.period;
        if let Some(slot) = self.deadline.get(cpu) {
            slot.store(first, Ordering::Relaxed);
        }
        self.caps.events.arm(first);
    }

    /// The next deadline after `previous`: one period on, or, when ticks were missed (a CPU
    /// held with interrupts masked), one period after `now`, so lost ticks are not replayed.
    fn next_deadline(&self, previous: u64, now: u64) -> u64 {
        let next = previous.saturating_add(self.period);
        if next > now {
            next
        } else {
            now.saturating_add(self.period)
        }
    }
}

impl IrqHandler for Timers {
    fn handle(&self, _irq: IrqNumber, cpu: usize) {
        let (Some(count), Some(deadline)) = (self.ticks.get(cpu), self.deadline.get(cpu)) else {
            return;
        };
        count.fetch_add(1, Ordering::Relaxed);
        let next = self.next_deadline(deadline.load(Ordering::Relaxed), self.caps.clock.counter());
        deadline.store(next, Ordering::Relaxed);
        self.caps.events.arm(next);
    }
}

impl TimeService for Timers {
    fn uptime_ns(&self) -> u64 {
        let elapsed = self.caps.clock.counter().saturating_sub(self.start_counter);
        self.scale.ns(elapsed)
    }

    fn ticks_on(&self, cpu: usize) -> u64 {
        self.ticks
            .get(cpu)
            .map_or(0, |count| count.load(Ordering::Relaxed))
    }

    fn tick_hz(&self) -> u32 {
        self.tick_hz
    }

    fn realtime_ns(&self) -> u64 {
        self.uptime_ns()
            .saturating_add(self.epoch_at_boot_ns.load(Ordering::Relaxed))
    }
}

#[cfg(test)]
mod tests;
