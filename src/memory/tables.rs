//! The kernel half's translation tables and the `KernelSpace` service over them.

use core::sync::atomic::{AtomicUsize, Ordering};
use kernel_core::layout::{phys_to_linear, LINEAR_MAP_BASE};
use kernel_core::paging::{
    Access, KernelHalf, MapError, MemoryKind, PageTable, TableAccess, TableAlloc,
};
use kernel_core::services::mm::{FrameAllocator, KernelSpace};
use kernel_core::sync::{IrqSpinLock, Once};
use kernel_core::{Errno, PhysAddr, VirtAddr, PAGE_SIZE};

/// Table pages inside the image, used first: the boot tables map the image's GiB as Normal
/// memory, so these pages can be written safely before the final tables exist.
const POOL_PAGES: usize = 64;

#[repr(C, align(4096))]
struct Pool([[u8; PAGE_SIZE]; POOL_PAGES]);

static mut POOL: Pool = Pool([[0; PAGE_SIZE]; POOL_PAGES]);
/// Pool page 0 stays all-zero: the empty table.
static POOL_NEXT: AtomicUsize = AtomicUsize::new(1);

fn pool_page_phys(index: usize) -> u64 {
    let virt = core::ptr::addr_of!(POOL) as u64 + (index * PAGE_SIZE) as u64;
    super::image_virt_to_phys(virt).unwrap_or(0)
}

/// The all-zero table page.
pub fn empty_table_phys() -> u64 {
    pool_page_phys(0)
}

/// Table memory: the image pool first, then frames; every page reached via the linear map.
pub struct KernelTableMemory {
    frames: &'static dyn FrameAllocator,
}

impl TableAccess for KernelTableMemory {
    unsafe fn read_entry(&self, table: PhysAddr, index: usize) -> u64 {
        let entry = (phys_to_linear(table.as_u64()) + index as u64 * 8) as *const u64;
        // SAFETY: the caller passes a live table page of ours; pool pages and frames are RAM
        // mapped read-write in the linear map by both the boot and the final tables.
        unsafe { entry.read_volatile() }
    }

    unsafe fn write_entry(&mut self, table: PhysAddr, index: usize, value: u64) {
        let entry = (phys_to_linear(table.as_u64()) + index as u64 * 8) as *mut u64;
        // SAFETY: as in `read_entry`; the page is used by nothing but this table.
        unsafe { entry.write_volatile(value) }
    }
}

// SAFETY: pool pages are page-aligned statics handed out once each; frames come from the frame
// allocator (exclusively ours) and are only requested after the boot phase has finished
// using the pool, at which point the final tables map all RAM.
unsafe impl TableAlloc for KernelTableMemory {
    fn alloc_table(&mut self) -> Option<PhysAddr> {
        let index = POOL_NEXT.fetch_add(1, Ordering::Relaxed);
        if index < POOL_PAGES {
            return Some(PhysAddr::new(pool_page_phys(index)));
        }
        self.frames.alloc(1).ok()
    }
}

/// The kernel half of the address space.
pub struct KernelSpaceTables {
    table: IrqSpinLock<PageTable<KernelHalf, KernelTableMemory>>,
    root: PhysAddr,
}

static SPACE: Once<KernelSpaceTables> = Once::new();

impl KernelSpaceTables {
    /// Builds the empty kernel half (once).
    pub fn new(frames: &'static dyn FrameAllocator) -> &'static Self {
        SPACE.call_once(|| {
            let table = PageTable::new(KernelTableMemory { frames }).unwrap_or_else(|e| {
                crate::fatal::fatal(format_args!("no memory for the kernel tables: {e:?}"))
            });
            let root = table.root();
            Self {
                table: IrqSpinLock::new(table),
                root,
            }
        })
    }

    /// Physical address of the root table (TTBR1's value).
    pub fn root_phys(&self) -> u64 {
        self.root.as_u64()
    }

    /// TTBR1's value, for secondary CPUs.
    pub fn ttbr1(&self) -> u64 {
        self.root_phys()
    }

    /// Maps a range; the caller picks where.
    pub fn map(
        &self,
        virt: VirtAddr,
        phys: PhysAddr,
        size: u64,
        kind: MemoryKind,
        access: Access,
    ) -> Result<(), MapError> {
        let result = self.table.lock().map(virt, phys, size, kind, access);
        kernel_core::arch::aarch64::mmu::flush_tlb_all();
        result
    }

    /// Maps device registers at their linear-map address; a page already mapped as the same
    /// device memory (two devices sharing a page) is fine.
    pub fn map_device_range(&self, phys: PhysAddr, len: usize) -> Result<VirtAddr, MapError> {
        let page = PAGE_SIZE as u64;
        let start = phys.as_u64() / page * page;
        let end = (phys.as_u64() + len as u64).div_ceil(page) * page;
        let mut table = self.table.lock();
        for frame in (start..end).step_by(PAGE_SIZE) {
            let virt = VirtAddr::new(phys_to_linear(frame));
            match table.translate(virt) {
                Some(found) if found.kind == MemoryKind::Device && found.phys.as_u64() == frame => {
                    continue
                }
                Some(_) => {
                    return Err(MapError::AlreadyMapped {
                        virt: virt.as_u64(),
                    })
                }
                None => table.map(
                    virt,
                    PhysAddr::new(frame),
                    page,
                    MemoryKind::Device,
                    Access::KERNEL_READ_WRITE,
                )?,
            }
        }
        drop(table);
        kernel_core::arch::aarch64::mmu::flush_tlb_all();
        Ok(VirtAddr::new(phys.as_u64() + LINEAR_MAP_BASE))
    }
}

impl KernelSpace for KernelSpaceTables {
    fn map_device(&self, phys: PhysAddr, len: usize) -> Result<VirtAddr, Errno> {
        self.map_device_range(phys, len).map_err(|error| {
            log::warn!("map_device {phys:?}+{len:#x}: {error:?}");
            Errno::ENOMEM
        })
    }

    fn phys_to_virt(&self, phys: PhysAddr) -> VirtAddr {
        VirtAddr::new(phys_to_linear(phys.as_u64()))
    }
}
