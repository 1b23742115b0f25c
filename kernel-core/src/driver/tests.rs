//! Host tests of matching and the deferred-probe loop.

use super::*;
use crate::services::irq::{IrqNumber, Trigger};
use alloc::string::ToString;
use alloc::vec;
use core::cell::RefCell;

struct NullGic;

impl InterruptController for NullGic {
    fn name(&self) -> &str {
        "null"
    }
    fn init_cpu(&self, _cpu: usize) {}
    fn enable(&self, _irq: IrqNumber, _trigger: Trigger) {}
    fn disable(&self, _irq: IrqNumber) {}
    fn acknowledge(&self) -> Option<IrqNumber> {
        None
    }
    fn end_of_interrupt(&self, _irq: IrqNumber) {}
    fn send_sgi(&self, _target_cpu: usize, _sgi: u8) {}
    fn translate(&self, _cells: &[u32]) -> Option<(IrqNumber, Trigger)> {
        None
    }
}

#[derive(Default)]
struct Ctx {
    controller: RefCell<Option<Arc<dyn InterruptController>>>,
}

impl ProbeContext for Ctx {
    fn map_mmio(&self, _range: PhysRange) -> Result<MmioRegion, ProbeError> {
        Err(ProbeError::Resource("no MMIO on the host"))
    }
    fn interrupt_controller(&self) -> Option<Arc<dyn InterruptController>> {
        self.controller.borrow().clone()
    }
    fn cpu_mpidrs(&self) -> &[u64] {
        &[0]
    }
}

fn node(path: &str, compatible: &[&str]) -> DeviceNode {
    DeviceNode {
        path: path.to_string(),
        compatible: compatible.iter().map(|c| c.to_string()).collect(),
        ..DeviceNode::default()
    }
}

fn probe_gic(_: &DeviceNode, _: &dyn ProbeContext) -> Result<Device, ProbeError> {
    Ok(Device::InterruptController(Arc::new(NullGic)))
}

fn probe_needs_gic(_: &DeviceNode, ctx: &dyn ProbeContext) -> Result<Device, ProbeError> {
    match ctx.interrupt_controller() {
        Some(gic) => Ok(Device::InterruptController(gic)),
        None => Err(ProbeError::Defer("interrupt controller")),
    }
}

static GIC: Driver = Driver {
    name: "gic",
    class: DeviceClass::InterruptController,
    compatible: &["arm,gic-v3"],
    probe: probe_gic,
};
static TIMER: Driver = Driver {
    name: "timer",
    class: DeviceClass::Timer,
    compatible: &["arm,armv8-timer"],
    probe: probe_needs_gic,
};

#[test]
fn deferred_probe_succeeds_after_its_dependency() {
    let nodes = vec![
        node("/timer", &["arm,armv8-timer"]),
        node("/intc", &["arm,gic-v3"]),
        node("/x", &["acme,x"]),
    ];
    let ctx = Ctx::default();
    let mut order = Vec::new();
    probe_all(
        &nodes,
        &[&GIC, &TIMER],
        &ctx,
        |_| true,
        |node, driver, outcome| {
            if let Ok(Device::InterruptController(gic)) = &outcome {
                ctx.controller.borrow_mut().get_or_insert(gic.clone());
            }
            order.push((node.path.clone(), driver.name, outcome.is_ok()));
        },
    );
    assert_eq!(
        order,
        [
            ("/intc".to_string(), "gic", true),
            ("/timer".to_string(), "timer", true)
        ]
    );
}

#[test]
fn unsatisfiable_deferral_ends_with_defer_error_and_filter_applies() {
    let nodes = vec![
        node("/timer", &["arm,armv8-timer"]),
        node("/intc", &["arm,gic-v3"]),
    ];
    let ctx = Ctx::default();
    let mut outcomes = Vec::new();
    probe_all(
        &nodes,
        &[&GIC, &TIMER],
        &ctx,
        |n| n.path != "/intc",
        |node, _, outcome| {
            outcomes.push((node.path.clone(), outcome.err()));
        },
    );
    assert_eq!(
        outcomes,
        [(
            "/timer".to_string(),
            Some(ProbeError::Defer("interrupt controller"))
        )]
    );
}

#[test]
fn interrupt_specifiers_are_sliced_by_cell_count() {
    let mut timer = node("/timer", &["arm,armv8-timer"]);
    timer.interrupt_cells = 3;
    timer.interrupts = vec![1, 13, 4, 1, 14, 4, 1, 11, 4];
    assert_eq!(timer.interrupt(2), Some(&[1, 11, 4][..]));
    assert_eq!(timer.interrupt(3), None);
    assert!(timer.is_compatible(&["arm,armv7-timer", "arm,armv8-timer"]));
}
