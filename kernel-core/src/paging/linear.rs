//! The kernel's table memory: pages from the frame allocator, reached through the linear map.

use super::{TableAccess, TableAlloc};
use crate::services::mm::FrameAllocator;
use crate::PhysAddr;
use core::ptr::{read_volatile, write_volatile};

/// Table pages taken from a [`FrameAllocator`] and reached at `phys + linear_offset`.
///
/// With `linear_offset = 0` it also serves code that runs on an identity map (or with the MMU
/// off, provided the caller cleans the caches before the tables are used).
#[derive(Clone, Copy)]
pub struct LinearMapTables<'a> {
    frames: &'a dyn FrameAllocator,
    linear_offset: u64,
}

impl<'a> LinearMapTables<'a> {
    /// Table memory from `frames`, seen at `phys + linear_offset`.
    ///
    /// # Safety
    /// Every frame `frames` hands out must be RAM that nothing else uses, mapped read-write at
    /// `phys + linear_offset` for as long as tables built with this value exist; the same holds
    /// for the root of any table opened with [`super::PageTable::from_root`] on this value.
    pub unsafe fn new(frames: &'a dyn FrameAllocator, linear_offset: u64) -> Self {
        Self {
            frames,
            linear_offset,
        }
    }

    /// Where entry `index` of `table` lives in virtual memory.
    fn entry_address(&self, table: PhysAddr, index: usize) -> *mut u64 {
        let virt = table.as_u64().wrapping_add(self.linear_offset) + (index as u64) * 8;
        virt as usize as *mut u64
    }
}

impl TableAccess for LinearMapTables<'_> {
    unsafe fn read_entry(&self, table: PhysAddr, index: usize) -> u64 {
        // SAFETY: the caller guarantees `table` is a live table page of ours and `index < 512`;
        // `new`'s contract maps it read-write at `table + linear_offset`, 8-byte aligned.
        unsafe { read_volatile(self.entry_address(table, index)) }
    }

    unsafe fn write_entry(&mut self, table: PhysAddr, index: usize, value: u64) {
        // SAFETY: as in `read_entry`; the page is used by nothing but this table.
        unsafe { write_volatile(self.entry_address(table, index), value) }
    }
}

// SAFETY: frames come from the frame allocator (4 KiB aligned, exclusively ours until freed,
// and `new`'s contract makes them reachable through the linear map); the 48-bit bound is
// checked here because the descriptors cannot hold more.
unsafe impl TableAlloc for LinearMapTables<'_> {
    fn alloc_table(&mut self) -> Option<PhysAddr> {
        let frame = self.frames.alloc(1).ok()?;
        if frame.as_u64() >> 48 != 0 || !frame.is_aligned(crate::PAGE_SIZE as u64) {
            log::error!("paging: frame {frame:?} unusable as a translation table");
            self.frames.free(frame, 1);
            return None;
        }
        Some(frame)
    }
}
