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

/// Why usable memory could not be computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UsableMemoryError {
    /// More fragments than the fixed table holds.
    #[error("memory map has more than {0} usable fragments")]
    TooManyFragments(usize),
}

/// RAM minus everything in `exclusions` (reserved memory, the kernel image, the DTB, the
/// initrd), each remaining piece shrunk inwards to whole 4 KiB frames; empty pieces dropped.
pub fn usable_ranges(
    memory: &[PhysRange],
    exclusions: &[PhysRange],
) -> Result<heapless::Vec<PhysRange, 64>, UsableMemoryError> {
    let mut pieces: heapless::Vec<PhysRange, 64> = heapless::Vec::new();
    let overflow = || UsableMemoryError::TooManyFragments(64);
    for region in memory {
        pieces.push(*region).map_err(|_| overflow())?;
    }
    for hole in exclusions.iter().filter(|hole| hole.size > 0) {
        let mut next: heapless::Vec<PhysRange, 64> = heapless::Vec::new();
        for piece in &pieces {
            if !piece.overlaps(hole) {
                next.push(*piece).map_err(|_| overflow())?;
                continue;
            }
            if piece.start.0 < hole.start.0 {
                next.push(PhysRange::new(piece.start.0, hole.start.0 - piece.start.0))
                    .map_err(|_| overflow())?;
            }
            if hole.end() < piece.end() {
                next.push(PhysRange::new(hole.end(), piece.end() - hole.end()))
                    .map_err(|_| overflow())?;
            }
        }
        pieces = next;
    }
    let page = crate::PAGE_SIZE as u64;
    let mut usable = heapless::Vec::new();
    for piece in pieces {
        let start = piece.start.0.div_ceil(page) * page;
        let end = piece.end() / page * page;
        if end > start {
            usable
                .push(PhysRange::new(start, end - start))
                .map_err(|_| overflow())?;
        }
    }
    Ok(usable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holes_are_cut_and_edges_page_aligned() {
        let memory = [PhysRange::new(0x4000_0000, 0x2000_0000)];
        let holes = [
            PhysRange::new(0x4020_0000, 0x0030_0000), // kernel image
            PhysRange::new(0x4800_0100, 0x0000_2000), // DTB, not page aligned
        ];
        let usable = usable_ranges(&memory, &holes).unwrap();
        assert_eq!(
            usable.as_slice(),
            [
                PhysRange::new(0x4000_0000, 0x0020_0000),
                PhysRange::new(0x4050_0000, 0x4800_0000 - 0x4050_0000),
                PhysRange::new(0x4800_3000, 0x6000_0000 - 0x4800_3000),
            ]
        );
    }

    #[test]
    fn hole_covering_a_region_removes_it_and_zero_holes_are_ignored() {
        let memory = [
            PhysRange::new(0x1000, 0x1000),
            PhysRange::new(0x10_0000, 0x1000),
        ];
        let holes = [PhysRange::new(0, 0x2_0000), PhysRange::new(0x10_0000, 0)];
        let usable = usable_ranges(&memory, &holes).unwrap();
        assert_eq!(usable.as_slice(), [PhysRange::new(0x10_0000, 0x1000)]);
    }

    #[test]
    fn too_many_fragments_is_an_error() {
        let memory = [PhysRange::new(0, 0x1000_0000)];
        let holes: std::vec::Vec<PhysRange> = (1..80u64)
            .map(|i| PhysRange::new(i * 0x10_0000, 0x1000))
            .collect();
        assert_eq!(
            usable_ranges(&memory, &holes),
            Err(UsableMemoryError::TooManyFragments(64))
        );
    }
}
