//! What user address spaces need from the machine: frame contents through the linear map and
//! TLB maintenance. Without ASIDs yet, invalidation drops every translation of the CPUs that
//! have the tables loaded (see [`super::tlb`]).

use alloc::sync::Arc;
use kernel_core::arch::aarch64::mmu;
use kernel_core::layout::phys_to_linear;
use kernel_core::services::mm::{FrameAllocator, FrameMemory, UserTlb};
use kernel_core::services::pagecache::PagePool;
use kernel_core::sync::Once;
use kernel_core::{PhysAddr, UserAddr, PAGE_SIZE};
use mm::uspace::{UserMemory, UserMemoryCaps};

/// Frames seen through the linear map.
struct LinearFrames;

fn frame_ptr(frame: PhysAddr, offset: usize, len: usize) -> *mut u8 {
    assert!(offset + len <= PAGE_SIZE, "frame access past the page");
    (phys_to_linear(frame.as_u64()) as usize + offset) as *mut u8
}

impl FrameMemory for LinearFrames {
    fn zero_frame(&self, frame: PhysAddr) {
        // SAFETY: `frame` is a whole RAM frame owned by the caller, mapped in the linear map.
        unsafe { core::ptr::write_bytes(frame_ptr(frame, 0, PAGE_SIZE), 0, PAGE_SIZE) }
    }

    fn copy_frame(&self, from: PhysAddr, to: PhysAddr) {
        // SAFETY: two distinct whole frames owned by the caller, in the linear map.
        unsafe {
            core::ptr::copy_nonoverlapping(
                frame_ptr(from, 0, PAGE_SIZE),
                frame_ptr(to, 0, PAGE_SIZE),
                PAGE_SIZE,
            )
        }
    }

    fn read_bytes(&self, frame: PhysAddr, offset: usize, buffer: &mut [u8]) {
        // SAFETY: inside one frame (checked by `frame_ptr`), which the caller owns.
        unsafe {
            core::ptr::copy_nonoverlapping(
                frame_ptr(frame, offset, buffer.len()),
                buffer.as_mut_ptr(),
                buffer.len(),
            )
        }
    }

    fn write_bytes(&self, frame: PhysAddr, offset: usize, bytes: &[u8]) {
        // SAFETY: as in `read_bytes`.
        unsafe {
            core::ptr::copy_nonoverlapping(
                bytes.as_ptr(),
                frame_ptr(frame, offset, bytes.len()),
                bytes.len(),
            )
        }
    }

    fn copy_bytes(
        &self,
        from: PhysAddr,
        from_offset: usize,
        to: PhysAddr,
        to_offset: usize,
        len: usize,
    ) {
        // SAFETY: a range inside each of two distinct frames the caller holds (checked by
        // `frame_ptr`), both in the linear map.
        unsafe {
            core::ptr::copy_nonoverlapping(
                frame_ptr(from, from_offset, len),
                frame_ptr(to, to_offset, len),
                len,
            )
        }
    }

    fn read_u64(&self, frame: PhysAddr, offset: usize) -> u64 {
        // SAFETY: an aligned word inside one owned frame; volatile so table walks see one access.
        unsafe { (frame_ptr(frame, offset, 8) as *const u64).read_volatile() }
    }

    fn write_u64(&self, frame: PhysAddr, offset: usize, value: u64) {
        // SAFETY: as in `read_u64`; a single-copy-atomic store the table walker never sees torn.
        unsafe { (frame_ptr(frame, offset, 8) as *mut u64).write_volatile(value) }
    }

    fn sync_instructions(&self, frame: PhysAddr) {
        mmu::sync_instruction_range(frame_ptr(frame, 0, PAGE_SIZE) as usize, PAGE_SIZE);
    }
}

/// TLB maintenance for user tables.
struct Tlb;

impl UserTlb for Tlb {
    fn publish(&self, _root: PhysAddr) {
        mmu::publish_tables();
    }

    fn invalidate(&self, root: PhysAddr, start: UserAddr, len: u64) {
        super::tlb::invalidate(root.as_u64(), start.as_u64(), len);
    }
}

static USER_MEMORY: Once<UserMemory> = Once::new();
/// The frame allocator, for `/proc/meminfo`'s counters.
static FRAMES: Once<Arc<dyn FrameAllocator>> = Once::new();

/// The frame allocator's counters, once it exists.
pub fn frame_stats() -> Option<kernel_core::services::mm::FrameStats> {
    FRAMES.get().map(|frames| frames.stats())
}

/// Makes the user address-space factory (once, after the frame allocator exists).
pub fn init(frames: Arc<dyn FrameAllocator>) {
    FRAMES.call_once(|| frames.clone());
    USER_MEMORY.call_once(|| {
        UserMemory::new(UserMemoryCaps {
            frames,
            memory: Arc::new(LinearFrames),
            tlb: Arc::new(Tlb),
        })
    });
}

/// The address-space factory.
pub fn spaces() -> Option<&'static UserMemory> {
    USER_MEMORY.get()
}

/// The page pool file systems keep their data in: user memory's own frames, so mappings can
/// map the page cache.
pub fn page_pool() -> Option<Arc<dyn PagePool>> {
    USER_MEMORY
        .get()
        .map(|user| Arc::new(user.clone()) as Arc<dyn PagePool>)
}
