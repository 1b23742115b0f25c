//! Host tests with a mock counter and a recording event timer.

extern crate std;

use super::*;
use std::sync::Mutex;
use std::vec::Vec;

struct MockClock(AtomicU64);

impl ClockSource for MockClock {
    fn counter(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
    fn frequency_hz(&self) -> u64 {
        1_000_000
    }
}

#[derive(Default)]
struct MockEvents(Mutex<Vec<u64>>);

impl EventTimer for MockEvents {
    fn irq(&self) -> IrqNumber {
        IrqNumber(27)
    }
    fn arm(&self, deadline: u64) {
        self.0.lock().unwrap().push(deadline);
    }
    fn disarm(&self) {}
}

fn setup(start: u64) -> (Arc<MockClock>, Arc<MockEvents>, Timers) {
    let clock = Arc::new(MockClock(AtomicU64::new(start)));
    let events = Arc::new(MockEvents::default());
    let timers = Timers::new(
        TimersCaps {
            clock: clock.clone(),
            events: events.clone(),
        },
        100,
    );
    (clock, events, timers)
}

#[test]
fn period_follows_frequency_and_first_deadline_is_one_period_away() {
    let (_clock, events, timers) = setup(5_000);
    assert_eq!(timers.period(), 10_000);
    timers.start_cpu(0);
    assert_eq!(*events.0.lock().unwrap(), [15_000]);
    assert_eq!(timers.irq(), IrqNumber(27));
}

#[test]
fn ticks_count_per_cpu_and_rearm_without_drift() {
    let (clock, events, timers) = setup(0);
    timers.start_cpu(1);
    clock.0.store(10_300, Ordering::Relaxed); // the interrupt came a little late
    timers.handle(IrqNumber(27), 1);
    assert_eq!(timers.ticks_on(1), 1);
    assert_eq!(timers.ticks_on(0), 0);
    assert_eq!(events.0.lock().unwrap().last(), Some(&20_000));
}

#[test]
fn missed_ticks_are_skipped_not_replayed() {
    let (clock, events, timers) = setup(0);
    timers.start_cpu(0);
    clock.0.store(55_000, Ordering::Relaxed); // five periods late
    timers.handle(IrqNumber(27), 0);
    assert_eq!(events.0.lock().unwrap().last(), Some(&65_000));
    assert_eq!(timers.ticks_on(0), 1);
}

#[test]
fn uptime_counts_from_construction_and_bad_cpu_is_ignored() {
    let (clock, _events, timers) = setup(1_000_000);
    clock.0.store(3_500_000, Ordering::Relaxed);
    assert_eq!(timers.uptime_ns(), 2_500_000_000);
    timers.handle(IrqNumber(27), kernel_core::MAX_CPUS + 3);
    assert_eq!(timers.ticks_on(kernel_core::MAX_CPUS + 3), 0);
    assert_eq!(timers.tick_hz(), 100);
}

#[test]
fn realtime_is_uptime_until_set_then_follows_uptime() {
    let (clock, _events, timers) = setup(0);
    clock.0.store(2_000_000, Ordering::Relaxed); // 2 s of uptime
    assert_eq!(timers.realtime_ns(), 2_000_000_000);
    timers.set_realtime(1_700_000_000_000_000_000);
    assert_eq!(timers.realtime_ns(), 1_700_000_000_000_000_000);
    clock.0.store(3_000_000, Ordering::Relaxed);
    assert_eq!(timers.realtime_ns(), 1_700_000_001_000_000_000);
    assert_eq!(timers.uptime_ns(), 3_000_000_000);
}
