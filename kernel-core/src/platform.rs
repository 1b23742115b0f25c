//! What the boot firmware told us about the machine: memory, CPUs, command line, initrd.
//!
//! Filled from the DTB by `components/devicetree` before the heap exists, hence fixed-capacity
//! `heapless` collections. Devices are enumerated later, with the heap, as
//! [`crate::driver::DeviceNode`]s.

use crate::addr::PhysRange;

/// Linux's arm64 `COMMAND_LINE_SIZE`.
pub const COMMAND_LINE_SIZE: usize = 2048;

/// How the firmware starts secondary CPUs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnableMethod {
    /// PSCI `CPU_ON`.
    Psci,
    /// Spin table: write the entry point at `release_addr` and send an event.
    SpinTable {
        /// Physical address of the release word.
        release_addr: u64,
    },
    /// None stated (only the boot CPU can run).
    None,
}

/// One CPU node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CpuInfo {
    /// The `reg` value: MPIDR affinity bits.
    pub mpidr: u64,
    /// How to start it.
    pub enable_method: EnableMethod,
}

/// The PSCI conduit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PsciConduit {
    /// `hvc #0`.
    Hvc,
    /// `smc #0`.
    Smc,
}

/// The machine as the DTB describes it.
#[derive(Clone, Debug, Default)]
pub struct PlatformInfo {
    /// The root `model` property.
    pub model: heapless::String<128>,
    /// RAM from the `memory` nodes.
    pub memory: heapless::Vec<PhysRange, 16>,
    /// `/memreserve/` entries and `/reserved-memory` children with `reg`.
    pub reserved: heapless::Vec<PhysRange, 64>,
    /// `/chosen/bootargs`.
    pub bootargs: heapless::String<COMMAND_LINE_SIZE>,
    /// `/chosen/stdout-path` (the path part, before any `:`).
    pub stdout_path: heapless::String<128>,
    /// `/chosen/linux,initrd-start` .. `linux,initrd-end`.
    pub initrd: Option<PhysRange>,
    /// The CPUs in `/cpus`, in DTB order; the boot CPU is among them.
    pub cpus: heapless::Vec<CpuInfo, { crate::MAX_CPUS }>,
    /// `/psci` `method`, if there is a PSCI node.
    pub psci: Option<PsciConduit>,
}

impl PlatformInfo {
    /// Total RAM in bytes.
    pub fn memory_bytes(&self) -> u64 {
        self.memory.iter().map(|r| r.size).sum()
    }
}
