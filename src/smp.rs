//! Starting the other CPUs (PSCI or spin table) and their first steps in the kernel.

pub mod spin_table;

use crate::kernel;
use alloc::boxed::Box;
use core::sync::atomic::Ordering;
use kernel_core::arch::aarch64::{boot, mmu, psci};
use kernel_core::layout::{KERNEL_STACK_SIZE, LINEAR_MAP_BASE};
use kernel_core::platform::{EnableMethod, PlatformInfo};
use kernel_core::services::time::TimeService;

/// What boot.S's `secondary_entry` reads (with the MMU off) to reach Rust; layout shared.
#[repr(C, align(64))]
struct SecondaryBoot {
    stack_top: u64,
    cpu_index: u64,
    ttbr1: u64,
}

/// Starts every CPU of the DTB except the calling one; returns how many were asked to start.
pub fn start_secondaries(platform: &PlatformInfo, kernel_phys: u64, ttbr1: u64) -> usize {
    let Some(kernel) = kernel::get() else {
        return 0;
    };
    let me = kernel_core::arch::aarch64::registers::mpidr_affinity();
    let entry = boot::secondary_entry_phys(kernel_phys);
    let mut asked = 0;
    // Logical indices follow DTB order after the boot CPU (index 0), as devices.rs numbers them.
    for (offset, cpu) in platform
        .cpus
        .iter()
        .filter(|cpu| cpu.mpidr != me)
        .enumerate()
    {
        let index = offset + 1;
        let conduit = match (cpu.enable_method, kernel.psci) {
            (EnableMethod::Psci, Some(conduit)) => Some(conduit),
            (EnableMethod::SpinTable { .. }, _) => None,
            (method, _) => {
                log::warn!(
                    "cpu{index} (mpidr {:#x}): enable method {method:?} not usable (PSCI: {:?})",
                    cpu.mpidr,
                    kernel.psci
                );
                continue;
            }
        };
        let Some(record) = boot_record(index, ttbr1) else {
            log::warn!("cpu{index}: no memory for its stack");
            continue;
        };
        let started = match (conduit, cpu.enable_method) {
            (Some(conduit), _) => psci::cpu_on(conduit, cpu.mpidr, entry, record)
                .map_err(|error| alloc::format!("PSCI CPU_ON failed: {error}")),
            (None, EnableMethod::SpinTable { release_addr }) => {
                spin_table::release(kernel, platform, release_addr, record, kernel_phys)
                    .map_err(|error| alloc::format!("spin table: {error}"))
            }
            (None, _) => continue,
        };
        match started {
            Ok(()) => asked += 1,
            Err(error) => log::warn!("cpu{index} (mpidr {:#x}): {error}", cpu.mpidr),
        }
    }
    asked
}

/// Allocates the stack and the boot record of CPU `index`; returns the record's physical
/// address (what PSCI passes in x0), cleaned to memory for a CPU whose caches are still off.
fn boot_record(index: usize, ttbr1: u64) -> Option<u64> {
    let stack: Box<[u8]> = alloc::vec![0u8; KERNEL_STACK_SIZE].into_boxed_slice();
    let stack_top = (Box::leak(stack).as_ptr() as u64 + KERNEL_STACK_SIZE as u64) & !15;
    let record = Box::leak(Box::new(SecondaryBoot {
        stack_top,
        cpu_index: index as u64,
        ttbr1,
    }));
    let virt = record as *const SecondaryBoot as u64;
    mmu::clean_dcache_range(virt as usize, core::mem::size_of::<SecondaryBoot>());
    heap_virt_to_phys(virt)
}

/// Heap memory lives in the image's bss or in frames seen through the linear map.
fn heap_virt_to_phys(virt: u64) -> Option<u64> {
    if virt >= kernel_core::layout::KERNEL_VIRT_BASE {
        crate::memory::image_virt_to_phys(virt)
    } else {
        virt.checked_sub(LINEAR_MAP_BASE)
    }
}

/// Rust entry of a secondary CPU (from boot.S, MMU on, on its own stack).
#[unsafe(no_mangle)]
extern "C" fn lichen_secondary_main(_record: *const u8) -> ! {
    crate::memory::tlb::load_user_root(crate::memory::empty_table_phys());
    let cpu = kernel_core::arch::cpu_index();
    let Some(kernel) = kernel::get() else {
        kernel_core::arch::aarch64::exception::halt()
    };
    kernel.start_cpu(cpu);
    kernel::idle()
}

/// Waits until `expected` CPUs are online or `timeout_ns` passes; returns the count.
pub fn wait_online(expected: usize, timeout_ns: u64) -> usize {
    let Some(kernel) = kernel::get() else {
        return 0;
    };
    let deadline = kernel.timers.uptime_ns() + timeout_ns;
    while kernel.cpus_online.load(Ordering::Acquire) < expected
        && kernel.timers.uptime_ns() < deadline
    {
        core::hint::spin_loop();
    }
    kernel.cpus_online.load(Ordering::Acquire)
}
