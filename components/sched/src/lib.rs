//! Scheduling policy: which task each CPU runs, when to preempt, and wait queues.
//!
//! [`QueueScheduler`] implements the [`Scheduler`] contract over a run-queue discipline
//! ([`RunQueues`]): [`RoundRobin`] (per-CPU queues, a timeslice, idle CPUs stealing work) or,
//! behind the `fifo` feature, [`Fifo`] (one shared queue, no preemption). The board picks one
//! with a feature line; [`Selected`] and [`selected`] name the choice. [`TaskWaitQueue`] is the
//! [`WaitQueue`](kernel_core::services::sched::WaitQueue). The mechanism that saves registers
//! and switches stacks is the kernel's; the protocol is in `docs/contracts/sched.md`.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(test)]
extern crate std;

mod audit;
mod contract;
mod core;
#[cfg(any(feature = "fifo", test))]
mod fifo;
mod queues;
mod round_robin;
mod task;
mod tick;
mod wait;

#[cfg(test)]
mod tests;

pub use crate::audit::Violation;
pub use crate::core::QueueScheduler;
#[cfg(any(feature = "fifo", test))]
pub use crate::fifo::GlobalQueue;
pub use crate::queues::{RunQueues, Take};
pub use crate::round_robin::{timeslice_ticks, PerCpuQueues, DEFAULT_TIMESLICE_MS};
pub use crate::wait::TaskWaitQueue;

use alloc::sync::Arc;
use kernel_core::services::sched::{SchedError, Scheduler};

/// Preemptive round-robin over per-CPU queues.
pub type RoundRobin = QueueScheduler<PerCpuQueues>;

/// First-in, first-out over one shared queue, without preemption.
#[cfg(any(feature = "fifo", test))]
pub type Fifo = QueueScheduler<GlobalQueue>;

/// The policy the build selected: [`RoundRobin`], or [`Fifo`] with the `fifo` feature.
#[cfg(not(feature = "fifo"))]
pub type Selected = RoundRobin;
/// The policy the build selected: [`RoundRobin`], or [`Fifo`] with the `fifo` feature.
#[cfg(feature = "fifo")]
pub type Selected = Fifo;

impl RoundRobin {
    /// Round-robin on CPUs `0..cpu_count`, preempting after `timeslice_ticks` ticks.
    pub fn new(cpu_count: usize, timeslice_ticks: u32) -> Result<Arc<Self>, SchedError> {
        Self::with_queues(cpu_count, PerCpuQueues::new(cpu_count, timeslice_ticks))
    }

    /// Round-robin with the default timeslice ([`DEFAULT_TIMESLICE_MS`]) at `tick_hz`.
    pub fn for_tick_hz(cpu_count: usize, tick_hz: u32) -> Result<Arc<Self>, SchedError> {
        Self::new(cpu_count, timeslice_ticks(tick_hz, DEFAULT_TIMESLICE_MS))
    }
}

#[cfg(any(feature = "fifo", test))]
impl Fifo {
    /// FIFO on CPUs `0..cpu_count`.
    pub fn new(cpu_count: usize) -> Result<Arc<Self>, SchedError> {
        Self::with_queues(cpu_count, GlobalQueue::new(cpu_count))
    }
}

/// The [`Selected`] policy on CPUs `0..cpu_count`, with a tick of `tick_hz` (round-robin uses
/// it for its default timeslice).
pub fn selected(cpu_count: usize, tick_hz: u32) -> Result<Arc<dyn Scheduler>, SchedError> {
    #[cfg(not(feature = "fifo"))]
    let scheduler: Arc<dyn Scheduler> = RoundRobin::for_tick_hz(cpu_count, tick_hz)?;
    #[cfg(feature = "fifo")]
    let scheduler: Arc<dyn Scheduler> = {
        let _ = tick_hz;
        Fifo::new(cpu_count)?
    };
    Ok(scheduler)
}
