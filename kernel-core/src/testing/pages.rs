//! A page pool in host memory for file-system tests: frames are boxed pages under made-up
//! physical addresses, with reference counts, so a test can see what is still alive.

extern crate std;

use crate::services::pagecache::PagePool;
use crate::{Errno, PhysAddr};
use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use std::sync::Mutex;

/// Where the made-up frames start.
const BASE: u64 = 0x4000_0000;

/// A [`PagePool`] of at most `limit` pages in host memory.
pub struct HostPagePool {
    state: Mutex<State>,
}

struct State {
    pages: BTreeMap<u64, (Box<[u8; 4096]>, u64)>,
    next: u64,
    limit: usize,
}

impl HostPagePool {
    /// A pool that hands out at most `limit` live pages (then `ENOMEM`).
    pub fn new(limit: usize) -> Self {
        Self {
            state: Mutex::new(State {
                pages: BTreeMap::new(),
                next: BASE,
                limit,
            }),
        }
    }

    /// How many pages are alive (allocated and not yet released by every holder).
    pub fn live_pages(&self) -> usize {
        self.lock().pages.len()
    }

    /// The references held on `frame` (0 once freed).
    pub fn references(&self, frame: PhysAddr) -> u64 {
        self.lock()
            .pages
            .get(&frame.as_u64())
            .map_or(0, |page| page.1)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn with_page<R>(&self, frame: PhysAddr, f: impl FnOnce(&mut [u8; 4096]) -> R) -> R {
        let mut state = self.lock();
        let page = state
            .pages
            .get_mut(&frame.as_u64())
            .unwrap_or_else(|| panic!("{frame:?} is not a live page of this pool"));
        f(&mut page.0)
    }
}

impl PagePool for HostPagePool {
    fn alloc_zeroed(&self) -> Result<PhysAddr, Errno> {
        let mut state = self.lock();
        if state.pages.len() >= state.limit {
            return Err(Errno::ENOMEM);
        }
        let frame = state.next;
        state.next += 4096;
        state.pages.insert(frame, (Box::new([0; 4096]), 1));
        Ok(PhysAddr::new(frame))
    }

    fn share(&self, frame: PhysAddr) {
        let mut state = self.lock();
        let page = state
            .pages
            .get_mut(&frame.as_u64())
            .unwrap_or_else(|| panic!("{frame:?} shared after it was freed"));
        page.1 += 1;
    }

    fn release(&self, frame: PhysAddr) {
        let mut state = self.lock();
        let page = state
            .pages
            .get_mut(&frame.as_u64())
            .unwrap_or_else(|| panic!("{frame:?} released more often than referenced"));
        page.1 -= 1;
        if page.1 == 0 {
            state.pages.remove(&frame.as_u64());
        }
    }

    fn read(&self, frame: PhysAddr, offset: usize, buffer: &mut [u8]) {
        self.with_page(frame, |page| {
            buffer.copy_from_slice(&page[offset..offset + buffer.len()])
        });
    }

    fn write(&self, frame: PhysAddr, offset: usize, bytes: &[u8]) {
        self.with_page(frame, |page| {
            page[offset..offset + bytes.len()].copy_from_slice(bytes)
        });
    }
}
