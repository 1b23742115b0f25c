//! Host tests of the event objects against Linux's documented behaviour.

use crate::{Events, EventsCaps};
use alloc::sync::Arc;
use core::sync::atomic::{AtomicU64, Ordering};
use kernel_core::services::events::{
    EpollCtl, EventService, SignalRecord, SignalSource, TimerSetting, NONBLOCK,
};
use kernel_core::services::time::TimeService;
use kernel_core::services::vfs::{File, PollEvents, Waker};
use kernel_core::Errno;

struct FakeTime(AtomicU64);

impl TimeService for FakeTime {
    fn uptime_ns(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
    fn ticks_on(&self, _cpu: usize) -> u64 {
        0
    }
    fn tick_hz(&self) -> u32 {
        100
    }
}

struct OneSignal(AtomicU64);

impl SignalSource for OneSignal {
    fn take(&self, mask: u64) -> Option<SignalRecord> {
        let pending = self.0.load(Ordering::SeqCst);
        if pending & mask == 0 {
            return None;
        }
        let bit = (pending & mask).trailing_zeros();
        self.0.fetch_and(!(1 << bit), Ordering::SeqCst);
        Some(SignalRecord {
            signo: bit + 1,
            pid: 7,
            ..SignalRecord::default()
        })
    }
    fn pending(&self, mask: u64, _waker: Option<&Arc<dyn Waker>>) -> bool {
        self.0.load(Ordering::SeqCst) & mask != 0
    }
}

fn setup() -> (Events, Arc<FakeTime>, Arc<OneSignal>) {
    let time = Arc::new(FakeTime(AtomicU64::new(1_000)));
    let signals = Arc::new(OneSignal(AtomicU64::new(0)));
    let events = Events::new(EventsCaps {
        time: time.clone(),
        signals: signals.clone(),
    });
    (events, time, signals)
}

fn read_u64(file: &Arc<dyn File>) -> Result<u64, Errno> {
    let mut bytes = [0u8; 8];
    file.read(&mut bytes)?;
    Ok(u64::from_le_bytes(bytes))
}

#[test]
fn eventfd_counts_and_semaphore_reads_one() {
    let (events, _, _) = setup();
    let counter = events.eventfd(3, NONBLOCK).unwrap();
    assert_eq!(read_u64(&counter), Ok(3));
    assert_eq!(read_u64(&counter), Err(Errno::EAGAIN));
    assert_eq!(counter.write(&5u64.to_le_bytes()), Ok(8));
    assert_eq!(counter.write(&5u64.to_le_bytes()), Ok(8));
    assert_eq!(read_u64(&counter), Ok(10));
    assert_eq!(counter.read(&mut [0u8; 4]), Err(Errno::EINVAL));
    assert_eq!(counter.write(&u64::MAX.to_le_bytes()), Err(Errno::EINVAL));
    let semaphore = events.eventfd(2, 1 | NONBLOCK).unwrap();
    assert_eq!(read_u64(&semaphore), Ok(1));
    assert_eq!(read_u64(&semaphore), Ok(1));
    assert_eq!(read_u64(&semaphore), Err(Errno::EAGAIN));
}

#[test]
fn timerfd_counts_expirations_of_a_periodic_timer() {
    let (events, time, _) = setup();
    let timer = events.timerfd(1, 0).unwrap();
    assert!(events.timerfd(12345, 0).is_err());
    let ops = timer.as_timer().unwrap();
    ops.set(
        0,
        TimerSetting {
            interval_ns: 10,
            value_ns: 10,
        },
    )
    .unwrap();
    assert_eq!(read_u64(&timer), Err(Errno::EAGAIN));
    assert_eq!(timer.wake_deadline_ns(), Some(1_010));
    time.0.store(1_035, Ordering::SeqCst);
    assert_eq!(read_u64(&timer), Ok(3));
    assert_eq!(ops.get().interval_ns, 10);
    assert_eq!(ops.get().value_ns, 5);
    ops.set(0, TimerSetting::default()).unwrap();
    assert_eq!(timer.wake_deadline_ns(), None);
}

#[test]
fn signalfd_reads_one_record_per_signal() {
    let (events, _, signals) = setup();
    let descriptor = events.signalfd(1 << 11, NONBLOCK).unwrap();
    let mut record = [0u8; 128];
    assert_eq!(descriptor.read(&mut record), Err(Errno::EAGAIN));
    signals.0.store(1 << 11, Ordering::SeqCst);
    assert!(descriptor
        .poll(PollEvents::POLLIN, None)
        .contains(PollEvents::POLLIN));
    assert_eq!(descriptor.read(&mut record), Ok(128));
    assert_eq!(record[0], 12);
    assert_eq!(record[12], 7);
    assert_eq!(descriptor.read(&mut record[..8]), Err(Errno::EINVAL));
}

#[test]
fn epoll_level_and_edge_triggering() {
    let (events, _, _) = setup();
    let epoll = events.epoll().unwrap();
    let ops = epoll.as_epoll().unwrap();
    let counter = events.eventfd(0, NONBLOCK).unwrap();
    assert_eq!(ops.control(EpollCtl::Add, 4, &counter, 1, 7), Ok(()));
    assert_eq!(
        ops.control(EpollCtl::Add, 4, &counter, 1, 7),
        Err(Errno::EEXIST)
    );
    assert!(ops.collect(4, None).is_empty());
    counter.write(&1u64.to_le_bytes()).unwrap();
    let ready = ops.collect(4, None);
    assert_eq!(ready.len(), 1);
    assert_eq!(ready[0].data, 7);
    assert_eq!(ops.collect(4, None).len(), 1);
    ops.control(EpollCtl::Modify, 4, &counter, 1 | super::epoll::EPOLLET, 8)
        .unwrap();
    assert_eq!(ops.collect(4, None).len(), 1);
    assert!(ops.collect(4, None).is_empty());
    counter.write(&1u64.to_le_bytes()).unwrap();
    assert_eq!(ops.collect(4, None).len(), 1);
    assert_eq!(ops.control(EpollCtl::Delete, 4, &counter, 0, 0), Ok(()));
    assert_eq!(
        ops.control(EpollCtl::Delete, 4, &counter, 0, 0),
        Err(Errno::ENOENT)
    );
}

#[test]
fn epoll_reports_a_watched_timers_expiry_as_its_wake_time() {
    let (events, time, _) = setup();
    let epoll = events.epoll().unwrap();
    let timer = events.timerfd(1, NONBLOCK).unwrap();
    let ops = epoll.as_epoll().unwrap();
    ops.control(EpollCtl::Add, 3, &timer, 1, 3).unwrap();
    assert_eq!(epoll.wake_deadline_ns(), None);
    timer
        .as_timer()
        .unwrap()
        .set(
            0,
            TimerSetting {
                interval_ns: 0,
                value_ns: 50,
            },
        )
        .unwrap();
    assert_eq!(epoll.wake_deadline_ns(), Some(1_050));
    assert!(ops.collect(4, None).is_empty());
    time.0.store(1_050, Ordering::SeqCst);
    assert_eq!(ops.collect(4, None).len(), 1);
}
