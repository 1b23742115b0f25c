//! The kernel's table memory implementation, run on real host memory with a zero offset.

use crate::paging::{Access, KernelHalf, LinearMapTables, MemoryKind, PageTable};
use crate::services::mm::{FrameAllocator, FrameStats};
use crate::{Errno, PhysAddr, VirtAddr};
use std::alloc::{alloc_zeroed, dealloc, Layout};
use std::sync::Mutex;

/// Hands out real, page-aligned host pages; their host address plays the physical address.
struct HostFrames {
    pages: Mutex<Vec<usize>>,
    limit: usize,
}

const PAGE: Layout = match Layout::from_size_align(4096, 4096) {
    Ok(layout) => layout,
    Err(_) => panic!("bad layout"),
};

impl FrameAllocator for HostFrames {
    fn alloc(&self, count: usize) -> Result<PhysAddr, Errno> {
        let mut pages = self.pages.lock().expect("lock");
        if count != 1 || pages.len() >= self.limit {
            return Err(Errno::ENOMEM);
        }
        // SAFETY: PAGE has a non-zero size.
        let page = unsafe { alloc_zeroed(PAGE) };
        assert!(!page.is_null());
        pages.push(page as usize);
        Ok(PhysAddr::new(page as u64))
    }

    fn free(&self, start: PhysAddr, _count: usize) {
        self.pages
            .lock()
            .expect("lock")
            .retain(|&page| page as u64 != start.as_u64());
        // SAFETY: every page handed out came from alloc_zeroed(PAGE) and is freed once.
        unsafe { dealloc(start.as_u64() as usize as *mut u8, PAGE) };
    }

    fn stats(&self) -> FrameStats {
        let used = self.pages.lock().expect("lock").len();
        FrameStats {
            total_frames: self.limit,
            free_frames: self.limit - used,
        }
    }
}

impl Drop for HostFrames {
    fn drop(&mut self) {
        for &page in self.pages.get_mut().expect("lock").iter() {
            // SAFETY: as in `free`; these pages were never freed.
            unsafe { dealloc(page as *mut u8, PAGE) };
        }
    }
}

#[test]
fn linear_map_tables_build_real_tables() {
    let frames = HostFrames {
        pages: Mutex::new(Vec::new()),
        limit: 5,
    };
    // SAFETY: the host pages are mapped read-write at their own address (offset 0) and live
    // until `frames` is dropped, after the table.
    let memory = unsafe { LinearMapTables::new(&frames, 0) };
    let mut table = PageTable::<KernelHalf, _>::new(memory).expect("root");
    let virt = VirtAddr::new(0xffff_0000_4000_0000);
    let rw = Access::KERNEL_READ_WRITE;
    table
        .map(
            virt,
            PhysAddr::new(0x4000_0000),
            0x20_2000,
            MemoryKind::Normal,
            rw,
        )
        .unwrap();
    // Root, level 1, level 2, one level 3 table.
    assert_eq!(frames.stats().free_frames, 1);
    let found = table
        .translate(VirtAddr::new(0xffff_0000_4020_1abc))
        .expect("mapped");
    assert_eq!(found.phys, PhysAddr::new(0x4020_1abc));
    // The root's entry for the linear map really is in host memory: a table descriptor.
    let root = table.root().as_u64() as usize as *const u64;
    // SAFETY: the root is a live 4 KiB host page; index 0 covers 0xffff_0000_0000_0000.
    let entry = unsafe { root.read() };
    assert_eq!(entry & 0b11, 0b11);
    // Running out of frames is reported, not a crash.
    let more = VirtAddr::new(0xffff_0080_0000_0000);
    let error = table
        .map(more, PhysAddr::new(0), 0x1000, MemoryKind::Normal, rw)
        .unwrap_err();
    assert!(matches!(error, crate::paging::MapError::OutOfTables { .. }));
}
