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
        ticks_to_ns(self.counter(), self.frequency_hz())
    }
}

/// `ticks * 10^9 / frequency`, rounded down, with 64-bit divisions only: whole seconds first,
/// then the remainder scaled. Equal to the 128-bit product's quotient for any frequency below
/// 18 GHz, and several times cheaper (a 128-bit division is a library loop on AArch64). For
/// one-off conversions; a clock read often keeps a [`ClockScale`]. A frequency of 0 counts as 1.
pub const fn ticks_to_ns(ticks: u64, frequency: u64) -> u64 {
    let frequency = if frequency == 0 { 1 } else { frequency };
    let seconds = ticks / frequency;
    let rest = ticks % frequency;
    seconds
        .wrapping_mul(1_000_000_000)
        .wrapping_add(rest.wrapping_mul(1_000_000_000) / frequency)
}

/// Counter ticks to nanoseconds for one frequency, as a multiply instead of a division:
/// `ns = ticks * whole + (ticks * frac) >> 64`, where `whole = 10^9 / f` and
/// `frac = (10^9 mod f) * 2^64 / f`, both rounded down. The result is the exact quotient
/// `ticks * 10^9 / f` or one nanosecond below it, never above, and never decreases as ticks
/// grow. The kernel's uptime and the vDSO use the same two numbers, so their clocks agree to
/// the nanosecond while neither divides (under an emulator a division is a costly call).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClockScale {
    /// Whole nanoseconds per tick.
    pub whole: u64,
    /// The fraction of a nanosecond per tick, in units of 2^-64.
    pub frac: u64,
}

impl ClockScale {
    /// The scale of a counter running at `frequency` Hz (0 counts as 1).
    pub const fn new(frequency: u64) -> Self {
        let frequency = if frequency == 0 { 1 } else { frequency };
        Self {
            whole: 1_000_000_000 / frequency,
            frac: ((((1_000_000_000 % frequency) as u128) << 64) / frequency as u128) as u64,
        }
    }

    /// Nanoseconds in `ticks`.
    pub const fn ns(self, ticks: u64) -> u64 {
        let fraction = ((ticks as u128 * self.frac as u128) >> 64) as u64;
        ticks.wrapping_mul(self.whole).wrapping_add(fraction)
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

#[cfg(test)]
mod tests {
    use super::{ticks_to_ns, ClockScale};

    /// Counter frequencies of real boards and of QEMU, and the extremes.
    const FREQUENCIES: [u64; 6] = [
        1,
        19_200_000,
        24_000_000,
        54_000_000,
        62_500_000,
        1_000_000_000,
    ];

    #[test]
    fn clock_scale_is_the_exact_quotient_or_one_below_and_never_decreases() {
        let mut ticks = 0x9e37_79b9_7f4a_7c15u64;
        for frequency in FREQUENCIES.into_iter().chain([3_000_000_000, 7]) {
            let scale = ClockScale::new(frequency);
            let mut below = 0;
            for _ in 0..10_000 {
                let t = ticks % (frequency.saturating_mul(3_200_000_000));
                let exact = (u128::from(t) * 1_000_000_000 / u128::from(frequency)) as u64;
                let got = scale.ns(t);
                assert!(
                    got == exact || got + 1 == exact,
                    "{t} ticks at {frequency} Hz"
                );
                below += usize::from(got != exact);
                assert!(
                    scale.ns(t + 1) >= got,
                    "monotonic at {t} ticks, {frequency} Hz"
                );
                ticks = ticks.rotate_left(7) ^ ticks.wrapping_mul(0x2545_f491_4f6c_dd1d);
            }
            assert!(below < 10_000, "mostly exact at {frequency} Hz");
        }
        // 62.5 MHz (QEMU's virt) is exactly 16 ns a tick.
        assert_eq!(
            ClockScale::new(62_500_000),
            ClockScale { whole: 16, frac: 0 }
        );
        assert_eq!(ClockScale::new(0).ns(5), 5_000_000_000);
    }

    #[test]
    fn ticks_to_ns_equals_the_128_bit_formula() {
        let mut ticks = 0x9e37_79b9_7f4a_7c15u64;
        for frequency in FREQUENCIES {
            for _ in 0..10_000 {
                // Up to about a century of counting at each frequency.
                let t = ticks % (frequency.saturating_mul(3_200_000_000));
                let wide = (u128::from(t) * 1_000_000_000 / u128::from(frequency)) as u64;
                assert_eq!(
                    ticks_to_ns(t, frequency),
                    wide,
                    "{t} ticks at {frequency} Hz"
                );
                ticks = ticks.rotate_left(7) ^ ticks.wrapping_mul(0x2545_f491_4f6c_dd1d);
            }
            let last = frequency - 1;
            let wide = (u128::from(last) * 1_000_000_000 / u128::from(frequency)) as u64;
            assert_eq!(ticks_to_ns(last, frequency), wide);
        }
        assert_eq!(ticks_to_ns(5, 0), 5_000_000_000);
    }
}
