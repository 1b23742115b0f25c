//! The interrupt dispatch table: which handler serves which interrupt number.
//!
//! Registration happens during boot wiring; dispatch happens in interrupt context on any CPU.
//! Each slot is written once, so dispatch reads it without taking a lock.

use crate::services::irq::{InterruptController, IrqHandler, IrqNumber};
use crate::sync::Once;
use alloc::sync::Arc;

/// GIC INTIDs 0..1020 are real interrupts; 1020-1023 are special.
pub const MAX_IRQS: usize = 1020;

/// Handlers by interrupt number.
pub struct IrqTable {
    slots: [Once<Arc<dyn IrqHandler>>; MAX_IRQS],
}

/// Why a registration was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RegisterError {
    /// The number is past the table.
    #[error("interrupt {0} is out of range")]
    OutOfRange(u32),
    /// Another handler owns it.
    #[error("interrupt {0} already has a handler")]
    Taken(u32),
}

impl IrqTable {
    /// An empty table.
    pub const fn new() -> Self {
        Self {
            slots: [const { Once::new() }; MAX_IRQS],
        }
    }

    /// Routes `irq` to `handler`; each number can be registered once.
    pub fn register(
        &self,
        irq: IrqNumber,
        handler: Arc<dyn IrqHandler>,
    ) -> Result<(), RegisterError> {
        let slot = self
            .slots
            .get(irq.0 as usize)
            .ok_or(RegisterError::OutOfRange(irq.0))?;
        let mut installed = false;
        slot.call_once(|| {
            installed = true;
            handler
        });
        if installed {
            Ok(())
        } else {
            Err(RegisterError::Taken(irq.0))
        }
    }

    /// Acknowledges pending interrupts on `controller`, runs their handlers on CPU `cpu` and
    /// signals the end of each. Returns how many were handled. An interrupt without a handler
    /// is masked so that it cannot storm.
    pub fn dispatch(&self, controller: &dyn InterruptController, cpu: usize) -> usize {
        let mut handled = 0;
        while let Some(irq) = controller.acknowledge() {
            match self.slots.get(irq.0 as usize).and_then(|slot| slot.get()) {
                Some(handler) => handler.handle(irq, cpu),
                None => {
                    log::warn!("unexpected interrupt {} on cpu{cpu}: masked", irq.0);
                    controller.disable(irq);
                }
            }
            controller.end_of_interrupt(irq);
            handled += 1;
        }
        handled
    }
}

impl Default for IrqTable {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::irq::Trigger;
    use std::sync::Mutex;
    use std::vec::Vec;

    #[derive(Default)]
    struct FakeGic {
        pending: Mutex<Vec<u32>>,
        log: Mutex<Vec<&'static str>>,
    }

    impl InterruptController for FakeGic {
        fn name(&self) -> &str {
            "fake"
        }
        fn init_cpu(&self, _cpu: usize) {}
        fn enable(&self, _irq: IrqNumber, _trigger: Trigger) {}
        fn disable(&self, _irq: IrqNumber) {
            self.log.lock().unwrap().push("disable");
        }
        fn acknowledge(&self) -> Option<IrqNumber> {
            self.pending.lock().unwrap().pop().map(IrqNumber)
        }
        fn end_of_interrupt(&self, _irq: IrqNumber) {
            self.log.lock().unwrap().push("eoi");
        }
        fn send_sgi(&self, _target_cpu: usize, _sgi: u8) {}
        fn translate(&self, _cells: &[u32]) -> Option<(IrqNumber, Trigger)> {
            None
        }
    }

    struct Counter(Mutex<Vec<(u32, usize)>>);

    impl IrqHandler for Counter {
        fn handle(&self, irq: IrqNumber, cpu: usize) {
            self.0.lock().unwrap().push((irq.0, cpu));
        }
    }

    #[test]
    fn dispatches_registered_and_masks_unknown() {
        let table = IrqTable::new();
        let counter = Arc::new(Counter(Mutex::new(Vec::new())));
        table.register(IrqNumber(27), counter.clone()).unwrap();
        let gic = FakeGic::default();
        gic.pending.lock().unwrap().extend([40, 27]);
        assert_eq!(table.dispatch(&gic, 2), 2);
        assert_eq!(*counter.0.lock().unwrap(), [(27, 2)]);
        assert_eq!(*gic.log.lock().unwrap(), ["eoi", "disable", "eoi"]);
    }

    #[test]
    fn registration_is_once_and_bounded() {
        let table = IrqTable::new();
        let counter = Arc::new(Counter(Mutex::new(Vec::new())));
        assert_eq!(table.register(IrqNumber(30), counter.clone()), Ok(()));
        assert_eq!(
            table.register(IrqNumber(30), counter.clone()),
            Err(RegisterError::Taken(30))
        );
        assert_eq!(
            table.register(IrqNumber(5000), counter),
            Err(RegisterError::OutOfRange(5000))
        );
    }
}
