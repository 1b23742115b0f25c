//! The generic timer as a clock source (the virtual counter) and per-CPU event timer (the EL1
//! virtual timer).

use crate::regs::{TimerRegs, CTL_ENABLE, CTL_IMASK};
use kernel_core::services::irq::IrqNumber;
use kernel_core::services::time::{ClockSource, EventTimer};

/// Why the timer cannot be set up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TimerError {
    /// Neither the node's `clock-frequency` nor `CNTFRQ_EL0` gives the counter frequency.
    #[error("counter frequency unknown: CNTFRQ_EL0 is 0 and the node has no clock-frequency")]
    UnknownFrequency,
}

/// The counter frequency, as Linux decides it: the node's `clock-frequency` when present (the
/// binding keeps it for firmware that programs `CNTFRQ_EL0` wrongly), else `CNTFRQ_EL0`.
pub fn counter_frequency(cntfrq: u64, node_clock_hz: Option<u32>) -> Result<u64, TimerError> {
    match node_clock_hz.filter(|&hz| hz != 0) {
        Some(hz) => Ok(u64::from(hz)),
        None if cntfrq != 0 => Ok(cntfrq),
        None => Err(TimerError::UnknownFrequency),
    }
}

/// The Arm generic timer reached through `T`.
pub struct ArchTimer<T: TimerRegs> {
    regs: T,
    frequency_hz: u64,
    irq: IrqNumber,
}

impl<T: TimerRegs> ArchTimer<T> {
    /// A timer counting at `frequency_hz` whose per-CPU virtual timer raises `irq` (a PPI).
    /// Changes no register.
    pub fn new(regs: T, frequency_hz: u64, irq: IrqNumber) -> Self {
        Self {
            regs,
            frequency_hz,
            irq,
        }
    }
}

impl<T: TimerRegs> ClockSource for ArchTimer<T> {
    fn counter(&self) -> u64 {
        self.regs.counter()
    }

    fn frequency_hz(&self) -> u64 {
        self.frequency_hz
    }
}

impl<T: TimerRegs> EventTimer for ArchTimer<T> {
    fn irq(&self) -> IrqNumber {
        self.irq
    }

    /// Sets the compare value, then enables the timer with its interrupt unmasked. A deadline
    /// already passed fires at once: the timer condition is `counter >= compare`.
    fn arm(&self, deadline: u64) {
        self.regs.set_compare(deadline);
        self.regs.set_control(CTL_ENABLE);
    }

    /// Stops the timer and masks its output, which deasserts the (level) interrupt.
    fn disarm(&self) {
        self.regs.set_control(CTL_IMASK);
    }
}
