//! Memory bring-up: the kernel heap, the frame allocator, and the kernel's final tables
//! (linear map of RAM, the image mapped W^X, devices on demand) replacing the boot tables.

pub mod bytes_source;
mod tables;
pub mod tlb;
pub mod user;

use crate::fatal::fatal;
use core::sync::atomic::{AtomicU64, Ordering};
use kernel_core::addr::PhysRange;
use kernel_core::arch::aarch64::boot;
use kernel_core::cap::{MemoryMap, MintAuthority};
use kernel_core::layout::{phys_to_linear, KERNEL_VIRT_BASE, LINEAR_MAP_BASE, LINEAR_MAP_LIMIT};
use kernel_core::paging::{Access, MemoryKind};
use kernel_core::platform::{usable_ranges, PlatformInfo};
use kernel_core::{PhysAddr, VirtAddr, PAGE_SIZE};
use mm::{Mm, MmCaps};
pub use tables::KernelSpaceTables;

/// Bytes of the image's bss the heap starts from, before the frame allocator exists.
const BOOT_HEAP_BYTES: usize = 4 << 20;

#[repr(C, align(4096))]
struct BootHeap([u8; BOOT_HEAP_BYTES]);

/// The boot heap's memory; handed to the heap once and never touched directly again.
static mut BOOT_HEAP: BootHeap = BootHeap([0; BOOT_HEAP_BYTES]);

static KERNEL_PHYS: AtomicU64 = AtomicU64::new(0);

unsafe extern "C" {
    static __kernel_start: u8;
    static __text_end: u8;
    static __rodata_end: u8;
    static __kernel_end: u8;
}

/// The image's physical address for one of its virtual addresses.
pub fn image_virt_to_phys(virt: u64) -> Option<u64> {
    let base = KERNEL_PHYS.load(Ordering::Relaxed);
    virt.checked_sub(KERNEL_VIRT_BASE)
        .map(|offset| offset + base)
}

/// An all-zero table: the user half's root while no process runs.
pub fn empty_table_phys() -> u64 {
    tables::empty_table_phys()
}

fn symbol(sym: &u8) -> u64 {
    sym as *const u8 as u64
}

/// Sets up the heap, the frame allocator and the final kernel tables, and switches to them.
pub fn init(
    authority: &MintAuthority,
    platform: &PlatformInfo,
    kernel_phys: u64,
    dtb: &'static [u8],
) -> &'static KernelSpaceTables {
    KERNEL_PHYS.store(kernel_phys, Ordering::Relaxed);
    // SAFETY: BOOT_HEAP is used only here, once, and lives for the kernel's lifetime.
    unsafe {
        let start = core::ptr::addr_of_mut!(BOOT_HEAP) as u64;
        crate::HEAP.init(VirtAddr::new(start), BOOT_HEAP_BYTES);
    }
    let memory = memory_map(authority, platform, kernel_phys, dtb);
    let mm = alloc::boxed::Box::leak(alloc::boxed::Box::new(Mm::new(MmCaps { memory })));
    user::init(mm.frames());
    let stats = mm.static_frames().stats();
    log::info!(
        "frames: {} free of {}",
        stats.free_frames,
        stats.total_frames
    );

    let space = tables::KernelSpaceTables::new(mm.static_frames());
    map_ram(space, platform);
    map_image(space, kernel_phys);
    if let Err(error) = space.map_device_range(
        PhysAddr::new(crate::board::EARLY_UART_PHYS),
        crate::board::EARLY_UART_SIZE,
    ) {
        fatal(format_args!("cannot map the early UART: {error:?}"));
    }
    // SAFETY: the new tables map the image, its stacks and data at the same addresses as the
    // boot tables, and all RAM the kernel touches (heap, DTB, frames) in the linear map;
    // the boot identity map is still TTBR0.
    unsafe { boot::replace_ttbr1(kernel_phys, space.root_phys(), empty_table_phys()) };
    tlb::load_user_root(empty_table_phys());
    // Only now is every frame reachable as Normal memory, so only now may the heap grow.
    if let Err(error) = mm.feed_heap(&crate::HEAP) {
        fatal(format_args!(
            "cannot give the heap its frame source: {error}"
        ));
    }
    space
}

/// RAM minus reserved memory, the image, the DTB and the initrd: what the frame allocator owns.
fn memory_map(
    authority: &MintAuthority,
    platform: &PlatformInfo,
    kernel_phys: u64,
    dtb: &[u8],
) -> MemoryMap {
    let image_bytes =
        symbol(unsafe_ref(&raw const __kernel_end)) - symbol(unsafe_ref(&raw const __kernel_start));
    let dtb_phys = dtb.as_ptr() as u64 - LINEAR_MAP_BASE;
    let mut holes: heapless::Vec<PhysRange, { 72 + kernel_core::MAX_CPUS }> = heapless::Vec::new();
    let fixed = [
        PhysRange::new(kernel_phys, image_bytes),
        PhysRange::new(dtb_phys, dtb.len() as u64),
        platform.initrd.unwrap_or(PhysRange::new(0, 0)),
        PhysRange::new(LINEAR_MAP_LIMIT, u64::MAX - LINEAR_MAP_LIMIT),
    ];
    // Spin-table CPUs poll their release words there until released (see smp::spin_table).
    let release_pages: heapless::Vec<PhysRange, { kernel_core::MAX_CPUS }> =
        crate::smp::spin_table::release_pages(platform)
            .map(|page| PhysRange::new(page, PAGE_SIZE as u64))
            .collect();
    for hole in platform
        .reserved
        .iter()
        .chain(fixed.iter())
        .chain(release_pages.iter())
    {
        if holes.push(*hole).is_err() {
            fatal(format_args!(
                "bad device tree: too many reserved-memory regions"
            ));
        }
    }
    let usable = usable_ranges(&platform.memory, &holes)
        .unwrap_or_else(|error| fatal(format_args!("bad device tree: {error}")));
    // SAFETY: the ranges are RAM from the DTB minus everything in use (image, DTB, initrd,
    // reserved memory), and the final tables map all RAM at phys + LINEAR_MAP_BASE.
    unsafe { MemoryMap::new(authority, usable, LINEAR_MAP_BASE) }
}

/// The address of a linker symbol (never read).
fn unsafe_ref(sym: *const u8) -> &'static u8 {
    // SAFETY: linker symbols are valid addresses in the image; only the address is used.
    unsafe { &*sym }
}

fn map_ram(space: &KernelSpaceTables, platform: &PlatformInfo) {
    for region in &platform.memory {
        let page = PAGE_SIZE as u64;
        let start = region.start.as_u64().div_ceil(page) * page;
        let end = region.end().min(LINEAR_MAP_LIMIT) / page * page;
        if end <= start {
            continue;
        }
        let virt = VirtAddr::new(phys_to_linear(start));
        if let Err(error) = space.map(
            virt,
            PhysAddr::new(start),
            end - start,
            MemoryKind::Normal,
            Access::KERNEL_READ_WRITE,
        ) {
            fatal(format_args!(
                "cannot map RAM {start:#x}..{end:#x}: {error:?}"
            ));
        }
    }
}

fn map_image(space: &KernelSpaceTables, kernel_phys: u64) {
    let start = symbol(unsafe_ref(&raw const __kernel_start));
    let text_end = symbol(unsafe_ref(&raw const __text_end));
    let rodata_end = symbol(unsafe_ref(&raw const __rodata_end));
    let end = symbol(unsafe_ref(&raw const __kernel_end));
    let sections = [
        (start, text_end, Access::KERNEL_READ_EXECUTE),
        (text_end, rodata_end, Access::KERNEL_READ),
        (rodata_end, end, Access::KERNEL_READ_WRITE),
    ];
    for (from, to, access) in sections {
        let phys = PhysAddr::new(from - KERNEL_VIRT_BASE + kernel_phys);
        if let Err(error) = space.map(
            VirtAddr::new(from),
            phys,
            to - from,
            MemoryKind::Normal,
            access,
        ) {
            fatal(format_args!(
                "cannot map the kernel image at {from:#x}: {error:?}"
            ));
        }
    }
}
