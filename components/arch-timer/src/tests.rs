//! Host tests of the timer logic and probe against a recording register model.

use crate::regs::{TimerRegs, CTL_ENABLE, CTL_IMASK};
use crate::{counter_frequency, probe_with, ArchTimer, TimerError};
use kernel_core::addr::PhysRange;
use kernel_core::cap::MmioRegion;
use kernel_core::driver::{Device, DeviceNode, ProbeContext, ProbeError};
use kernel_core::services::irq::{InterruptController, IrqNumber, Trigger};
use kernel_core::services::time::{ClockSource, EventTimer};
use std::sync::{Arc, Mutex};
use std::vec::Vec;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Call {
    Compare(u64),
    Control(u64),
}

/// Timer registers that report a fixed counter and frequency and record writes.
struct ModelTimer {
    counter: u64,
    cntfrq: u64,
    calls: Mutex<Vec<Call>>,
}

impl ModelTimer {
    fn new(counter: u64, cntfrq: u64) -> Arc<Self> {
        Arc::new(Self {
            counter,
            cntfrq,
            calls: Mutex::new(Vec::new()),
        })
    }
    fn calls(&self) -> Vec<Call> {
        self.calls.lock().unwrap().clone()
    }
}

impl TimerRegs for Arc<ModelTimer> {
    fn counter(&self) -> u64 {
        self.counter
    }
    fn frequency(&self) -> u64 {
        self.cntfrq
    }
    fn set_compare(&self, deadline: u64) {
        self.calls.lock().unwrap().push(Call::Compare(deadline));
    }
    fn set_control(&self, control: u64) {
        self.calls.lock().unwrap().push(Call::Control(control));
    }
}

#[test]
fn frequency_comes_from_the_node_then_cntfrq() {
    assert_eq!(counter_frequency(62_500_000, None), Ok(62_500_000));
    assert_eq!(counter_frequency(0, Some(19_200_000)), Ok(19_200_000));
    // The binding's clock-frequency exists to override a wrongly programmed CNTFRQ_EL0.
    assert_eq!(
        counter_frequency(24_000_000, Some(19_200_000)),
        Ok(19_200_000)
    );
    assert_eq!(
        counter_frequency(0, None),
        Err(TimerError::UnknownFrequency)
    );
    assert_eq!(
        counter_frequency(0, Some(0)),
        Err(TimerError::UnknownFrequency)
    );
}

#[test]
fn arm_writes_the_deadline_then_enables_unmasked() {
    let regs = ModelTimer::new(0, 1);
    let timer = ArchTimer::new(regs.clone(), 1, IrqNumber(27));
    timer.arm(123_456);
    assert_eq!(
        regs.calls(),
        [Call::Compare(123_456), Call::Control(CTL_ENABLE)]
    );
    assert_eq!(CTL_ENABLE, 1, "ENABLE = 1, IMASK = 0");
}

#[test]
fn disarm_masks_and_stops() {
    let regs = ModelTimer::new(0, 1);
    let timer = ArchTimer::new(regs.clone(), 1, IrqNumber(27));
    timer.disarm();
    assert_eq!(regs.calls(), [Call::Control(CTL_IMASK)]);
    assert_eq!(CTL_IMASK, 0b10, "IMASK = 1, ENABLE = 0");
}

#[test]
fn clock_reports_counter_and_nanoseconds() {
    let timer = ArchTimer::new(
        ModelTimer::new(62_500_000 * 3, 0),
        62_500_000,
        IrqNumber(27),
    );
    assert_eq!(timer.counter(), 187_500_000);
    assert_eq!(timer.frequency_hz(), 62_500_000);
    assert_eq!(timer.nanos(), 3_000_000_000);
}

/// A controller that translates GIC specifiers and does nothing else.
struct FakeGic;

impl InterruptController for FakeGic {
    fn name(&self) -> &str {
        "fake"
    }
    fn init_cpu(&self, _cpu: usize) {}
    fn enable(&self, _irq: IrqNumber, _trigger: Trigger) {}
    fn disable(&self, _irq: IrqNumber) {}
    fn acknowledge(&self) -> Option<IrqNumber> {
        None
    }
    fn end_of_interrupt(&self, _irq: IrqNumber) {}
    fn send_sgi(&self, _target_cpu: usize, _sgi: u8) {}
    fn translate(&self, cells: &[u32]) -> Option<(IrqNumber, Trigger)> {
        match cells {
            [0, n, _] => Some((IrqNumber(32 + n), Trigger::Level)),
            [1, n, _] => Some((IrqNumber(16 + n), Trigger::Level)),
            _ => None,
        }
    }
}

struct Context(Option<Arc<dyn InterruptController>>);

impl ProbeContext for Context {
    fn map_mmio(&self, _range: PhysRange) -> Result<MmioRegion, ProbeError> {
        Err(ProbeError::Resource("the timer has no registers in memory"))
    }
    fn interrupt_controller(&self) -> Option<Arc<dyn InterruptController>> {
        self.0.clone()
    }
    fn cpu_mpidrs(&self) -> &[u64] {
        &[0]
    }
}

/// The QEMU `virt` timer node: PPIs 13, 14, 11, 10, level-low with a four-CPU mask.
fn qemu_timer_node() -> DeviceNode {
    DeviceNode {
        path: "/timer".into(),
        compatible: vec!["arm,armv8-timer".into(), "arm,armv7-timer".into()],
        interrupts: vec![1, 13, 0xf08, 1, 14, 0xf08, 1, 11, 0xf08, 1, 10, 0xf08],
        interrupt_cells: 3,
        ..DeviceNode::default()
    }
}

#[test]
fn probe_picks_the_virtual_timer_ppi_and_leaves_it_disarmed() {
    let regs = ModelTimer::new(5, 62_500_000);
    let device = probe_with(
        &qemu_timer_node(),
        &Context(Some(Arc::new(FakeGic))),
        regs.clone(),
    );
    let Ok(Device::Timer { clock, events }) = device else {
        panic!("not a timer")
    };
    assert_eq!(
        events.irq(),
        IrqNumber(27),
        "third entry: PPI 11 = INTID 27"
    );
    assert_eq!(clock.frequency_hz(), 62_500_000);
    assert_eq!(clock.counter(), 5);
    assert_eq!(regs.calls(), [Call::Control(CTL_IMASK)]);
}

#[test]
fn probe_defers_until_the_interrupt_controller_exists() {
    let result = probe_with(&qemu_timer_node(), &Context(None), ModelTimer::new(0, 1));
    assert!(matches!(
        result,
        Err(ProbeError::Defer("interrupt controller"))
    ));
}

#[test]
fn probe_refuses_bad_nodes() {
    let gic = || Context(Some(Arc::new(FakeGic)));
    let mut short = qemu_timer_node();
    short.interrupts.truncate(6);
    assert!(matches!(
        probe_with(&short, &gic(), ModelTimer::new(0, 1)),
        Err(ProbeError::Invalid(_))
    ));
    let mut spi = qemu_timer_node();
    spi.interrupts[6] = 0;
    assert!(matches!(
        probe_with(&spi, &gic(), ModelTimer::new(0, 1)),
        Err(ProbeError::Invalid(_))
    ));
    let mut garbled = qemu_timer_node();
    garbled.interrupts[6] = 7;
    assert!(matches!(
        probe_with(&garbled, &gic(), ModelTimer::new(0, 1)),
        Err(ProbeError::Invalid(_))
    ));
    let no_frequency = probe_with(&qemu_timer_node(), &gic(), ModelTimer::new(0, 0));
    assert!(matches!(no_frequency, Err(ProbeError::Invalid(_))));
    let mut with_clock = qemu_timer_node();
    with_clock.clock_frequency = Some(19_200_000);
    let Ok(Device::Timer { clock, .. }) = probe_with(&with_clock, &gic(), ModelTimer::new(0, 0))
    else {
        panic!("clock-frequency should stand in for CNTFRQ_EL0")
    };
    assert_eq!(clock.frequency_hz(), 19_200_000);
}

#[test]
fn driver_matches_both_timer_compatibles() {
    assert!(crate::DRIVER.matches(&qemu_timer_node()));
    let v7_only = DeviceNode {
        compatible: vec!["arm,armv7-timer".into()],
        ..DeviceNode::default()
    };
    assert!(crate::DRIVER.matches(&v7_only));
}

#[cfg(not(target_arch = "aarch64"))]
#[test]
fn host_probe_reports_missing_system_registers() {
    let result = (crate::DRIVER.probe)(&qemu_timer_node(), &Context(Some(Arc::new(FakeGic))));
    assert!(matches!(result, Err(ProbeError::Resource(_))));
}
