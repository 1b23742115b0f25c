//! A fake machine for host tests: a frame allocator over made-up frames, their contents in
//! boxed pages, and a TLB that records what it is told. Touching a frame that is not
//! allocated, or freeing one twice, fails the test.

use std::boxed::Box;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::vec::Vec;

use kernel_core::services::mm::{FrameAllocator, FrameMemory, FrameStats, UserTlb};
use kernel_core::{Errno, PhysAddr, UserAddr};

/// Where the fake frames pretend to live.
pub(super) const FRAME_BASE: u64 = 0x8000_0000;
/// What a fresh frame holds: garbage, so that missing zeroing shows.
pub(super) const GARBAGE: u8 = 0xa5;

type PageBytes = Box<[u8; 4096]>;

#[derive(Default)]
struct State {
    free: Vec<u64>,
    frames: BTreeMap<u64, PageBytes>,
    total: usize,
    budget: Option<usize>,
    allocations: usize,
    invalidations: Vec<(u64, u64, u64)>,
    /// For each freed frame, how many invalidations had happened by then.
    freed_at: BTreeMap<u64, usize>,
    publishes: usize,
    instruction_syncs: Vec<u64>,
}

/// The fake machine.
pub(super) struct Machine {
    state: Mutex<State>,
}

impl Machine {
    /// A machine with `frames` frames of RAM.
    pub(super) fn new(frames: usize) -> Self {
        let free = (0..frames as u64)
            .rev()
            .map(|i| FRAME_BASE + i * 4096)
            .collect();
        Self {
            state: Mutex::new(State {
                free,
                total: frames,
                ..State::default()
            }),
        }
    }

    fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        f(&mut self.state.lock().expect("machine lock"))
    }

    /// Lets only `frames` more allocations succeed (`None`: no limit).
    pub(super) fn set_budget(&self, frames: Option<usize>) {
        self.with(|state| state.budget = frames);
    }

    /// Frames currently allocated.
    pub(super) fn allocated(&self) -> usize {
        self.with(|state| state.frames.len())
    }

    /// Successful allocations so far.
    pub(super) fn allocations(&self) -> usize {
        self.with(|state| state.allocations)
    }

    /// The TLB invalidations so far, as `(root, start, len)`.
    pub(super) fn invalidations(&self) -> Vec<(u64, u64, u64)> {
        self.with(|state| state.invalidations.clone())
    }

    /// Whether some invalidation of the tables at `root` covered `addr`.
    pub(super) fn invalidated(&self, root: PhysAddr, addr: u64) -> bool {
        self.invalidations()
            .iter()
            .any(|&(r, start, len)| r == root.as_u64() && start <= addr && addr < start + len)
    }

    /// Whether `frame`, last mapped at `addr` in the tables at `root`, was freed only after an
    /// invalidation covering `addr`.
    pub(super) fn freed_after_invalidation(
        &self,
        frame: PhysAddr,
        root: PhysAddr,
        addr: u64,
    ) -> bool {
        self.with(|state| {
            let Some(&seen) = state.freed_at.get(&frame.as_u64()) else {
                return false;
            };
            state.invalidations[..seen]
                .iter()
                .any(|&(r, start, len)| r == root.as_u64() && start <= addr && addr < start + len)
        })
    }

    /// Forgets the recorded invalidations and instruction syncs.
    pub(super) fn clear_records(&self) {
        self.with(|state| {
            state.invalidations.clear();
            state.instruction_syncs.clear();
            state.publishes = 0;
        });
    }

    /// How many times new entries were published.
    pub(super) fn publishes(&self) -> usize {
        self.with(|state| state.publishes)
    }

    /// Frames whose instructions were synchronised.
    pub(super) fn instruction_syncs(&self) -> Vec<u64> {
        self.with(|state| state.instruction_syncs.clone())
    }

    /// One byte of a frame.
    pub(super) fn byte(&self, frame: PhysAddr, offset: usize) -> u8 {
        let mut byte = [0];
        self.read_bytes(frame, offset, &mut byte);
        byte[0]
    }

    fn page<R>(&self, frame: PhysAddr, f: impl FnOnce(&mut [u8; 4096]) -> R) -> R {
        self.with(|state| match state.frames.get_mut(&frame.as_u64()) {
            Some(page) => f(page),
            None => panic!("access to {frame:?}, which is not allocated"),
        })
    }
}

impl FrameAllocator for Machine {
    fn alloc(&self, count: usize) -> Result<PhysAddr, Errno> {
        assert_eq!(count, 1, "user memory allocates single frames");
        self.with(|state| {
            if state.budget == Some(0) {
                return Err(Errno::ENOMEM);
            }
            let frame = state.free.pop().ok_or(Errno::ENOMEM)?;
            if let Some(budget) = state.budget.as_mut() {
                *budget -= 1;
            }
            state.allocations += 1;
            state.frames.insert(frame, Box::new([GARBAGE; 4096]));
            Ok(PhysAddr::new(frame))
        })
    }

    fn free(&self, start: PhysAddr, count: usize) {
        assert_eq!(count, 1, "user memory frees single frames");
        self.with(|state| {
            assert!(
                state.frames.remove(&start.as_u64()).is_some(),
                "free of {start:?}, which is not allocated"
            );
            state.free.push(start.as_u64());
            let invalidations = state.invalidations.len();
            state.freed_at.insert(start.as_u64(), invalidations);
        });
    }

    fn stats(&self) -> FrameStats {
        self.with(|state| FrameStats {
            total_frames: state.total,
            free_frames: state.total - state.frames.len(),
        })
    }
}

impl FrameMemory for Machine {
    fn zero_frame(&self, frame: PhysAddr) {
        self.page(frame, |page| page.fill(0));
    }

    fn copy_frame(&self, from: PhysAddr, to: PhysAddr) {
        let source = self.page(from, |page| *page);
        self.page(to, |page| *page = source);
    }

    fn read_bytes(&self, frame: PhysAddr, offset: usize, buffer: &mut [u8]) {
        self.page(frame, |page| {
            buffer.copy_from_slice(&page[offset..offset + buffer.len()]);
        });
    }

    fn write_bytes(&self, frame: PhysAddr, offset: usize, bytes: &[u8]) {
        self.page(frame, |page| {
            page[offset..offset + bytes.len()].copy_from_slice(bytes);
        });
    }

    fn read_u64(&self, frame: PhysAddr, offset: usize) -> u64 {
        assert_eq!(offset % 8, 0, "unaligned entry");
        self.page(frame, |page| {
            let mut raw = [0u8; 8];
            raw.copy_from_slice(&page[offset..offset + 8]);
            u64::from_le_bytes(raw)
        })
    }

    fn write_u64(&self, frame: PhysAddr, offset: usize, value: u64) {
        assert_eq!(offset % 8, 0, "unaligned entry");
        self.page(frame, |page| {
            page[offset..offset + 8].copy_from_slice(&value.to_le_bytes());
        });
    }

    fn sync_instructions(&self, frame: PhysAddr) {
        self.page(frame, |_| ());
        self.with(|state| state.instruction_syncs.push(frame.as_u64()));
    }
}

impl UserTlb for Machine {
    fn publish(&self, _root: PhysAddr) {
        self.with(|state| state.publishes += 1);
    }

    fn invalidate(&self, root: PhysAddr, start: UserAddr, len: u64) {
        self.with(|state| {
            state
                .invalidations
                .push((root.as_u64(), start.as_u64(), len))
        });
    }
}

impl Machine {
    /// The allocator's free-frame count, as its stats report it.
    pub(super) fn stats_free(&self) -> usize {
        FrameAllocator::stats(self).free_frames
    }
}
