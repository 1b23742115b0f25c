//! Spin-table CPU bring-up (Linux `Documentation/arch/arm64/booting.rst`, the Raspberry Pi 4's
//! method): the firmware parks each secondary CPU polling its `cpu-release-addr` with `wfe`; the
//! kernel writes the physical entry point there and sends an event.
//!
//! A parked CPU enters with x0 = 0, so it cannot be handed its boot record the way PSCI's
//! `CPU_ON` does. [`spin_table_entry`] loads the record from [`SPIN_TABLE_RECORD`] and joins
//! boot.S's `secondary_entry`; CPUs are released one at a time, each waiting for the previous
//! one to come online, so one slot serves them all.

use crate::kernel::Kernel;
use core::sync::atomic::{AtomicU64, Ordering};
use kernel_core::arch::aarch64::mmu;
use kernel_core::layout::{phys_to_linear, KERNEL_VIRT_BASE};
use kernel_core::platform::PlatformInfo;
use kernel_core::services::time::TimeService;

/// How long a released CPU has to come online before the next one is released.
const ONLINE_TIMEOUT_NS: u64 = 1_000_000_000;

/// The physical address of the boot record of the CPU being released; read by
/// [`spin_table_entry`] with the MMU and caches off.
#[unsafe(no_mangle)]
static SPIN_TABLE_RECORD: AtomicU64 = AtomicU64::new(0);

// The released CPU starts here at its physical address, MMU off, x0 = 0: load the record's
// address (PC-relative, so position-independent) and continue as a PSCI-started CPU would.
core::arch::global_asm!(
    r#"
.section .text.boot, "ax"
.global spin_table_entry
spin_table_entry:
    adrp    x9, SPIN_TABLE_RECORD
    add     x9, x9, :lo12:SPIN_TABLE_RECORD
    ldr     x0, [x9]
    b       secondary_entry
"#
);

unsafe extern "C" {
    /// The spin-table CPUs' first instruction (see the assembly above).
    fn spin_table_entry();
}

/// Why a spin-table CPU was not started.
#[derive(Debug)]
pub enum SpinTableError {
    /// The release address is not in RAM the linear map covers.
    ReleaseNotInRam(u64),
    /// The release address is not 8-byte aligned.
    Misaligned(u64),
    /// The CPU did not come online in time.
    NoResponse,
}

impl core::fmt::Display for SpinTableError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::ReleaseNotInRam(at) => write!(f, "release address {at:#x} is not in RAM"),
            Self::Misaligned(at) => write!(f, "release address {at:#x} is not 8-byte aligned"),
            Self::NoResponse => write!(f, "the CPU did not come online"),
        }
    }
}

/// The release page of every spin-table CPU, for the frame allocator to leave alone.
pub fn release_pages(platform: &PlatformInfo) -> impl Iterator<Item = u64> + '_ {
    platform
        .cpus
        .iter()
        .filter_map(|cpu| match cpu.enable_method {
            kernel_core::platform::EnableMethod::SpinTable { release_addr } => {
                Some(release_addr & !(kernel_core::PAGE_SIZE as u64 - 1))
            }
            _ => None,
        })
}

/// Releases the CPU parked on `release_addr` with the boot record at `record_phys`, and
/// waits until it is online.
pub fn release(
    kernel: &Kernel,
    platform: &PlatformInfo,
    release_addr: u64,
    record_phys: u64,
    kernel_phys: u64,
) -> Result<(), SpinTableError> {
    if !release_addr.is_multiple_of(8) {
        return Err(SpinTableError::Misaligned(release_addr));
    }
    let in_ram = platform.memory.iter().any(|r| {
        r.start.as_u64() <= release_addr
            && release_addr
                .checked_add(8)
                .is_some_and(|end| end <= r.end())
    });
    if !in_ram || release_addr >= kernel_core::layout::LINEAR_MAP_LIMIT {
        return Err(SpinTableError::ReleaseNotInRam(release_addr));
    }
    let entry = spin_table_entry as *const () as u64 - KERNEL_VIRT_BASE + kernel_phys;
    SPIN_TABLE_RECORD.store(record_phys, Ordering::Release);
    mmu::clean_dcache_range(SPIN_TABLE_RECORD.as_ptr() as usize, 8);
    let online_before = kernel.cpus_online.load(Ordering::Acquire);
    let slot = phys_to_linear(release_addr) as *mut u64;
    // SAFETY: `release_addr` is 8-byte aligned RAM inside the linear map (checked above) that
    // the frame allocator never hands out (see `release_pages`); the parked CPU only reads it.
    unsafe { slot.write_volatile(entry) };
    mmu::clean_dcache_range(slot as usize, 8);
    // SAFETY: a barrier and an event; no memory is touched.
    unsafe { core::arch::asm!("dsb sy", "sev", options(nostack, preserves_flags)) };
    let deadline = kernel.timers.uptime_ns() + ONLINE_TIMEOUT_NS;
    while kernel.cpus_online.load(Ordering::Acquire) == online_before {
        if kernel.timers.uptime_ns() >= deadline {
            return Err(SpinTableError::NoResponse);
        }
        core::hint::spin_loop();
    }
    Ok(())
}
