//! The services every address space uses, and the frame reference counts they share.

use super::refs::FrameRefs;
use super::space::AddressSpace;
use alloc::boxed::Box;
use alloc::sync::Arc;
use kernel_core::services::mm::{
    FrameAllocator, FrameMemory, SpaceLimits, UserSpace, UserSpaces, UserTlb,
};
use kernel_core::sync::SpinLock;
use kernel_core::{Errno, PhysAddr};

/// What user memory management may use.
pub struct UserMemoryCaps {
    /// Frames for pages and translation tables.
    pub frames: Arc<dyn FrameAllocator>,
    /// The contents of those frames.
    pub memory: Arc<dyn FrameMemory>,
    /// Barriers and TLB invalidation.
    pub tlb: Arc<dyn UserTlb>,
}

/// Makes address spaces; all of them share one table of frame reference counts.
#[derive(Clone)]
pub struct UserMemory {
    pub(crate) context: Arc<Context>,
}

impl UserMemory {
    /// User memory management on `caps`.
    pub fn new(caps: UserMemoryCaps) -> Self {
        Self {
            context: Arc::new(Context {
                frames: caps.frames,
                memory: caps.memory,
                tlb: caps.tlb,
                refs: SpinLock::new(FrameRefs::default()),
            }),
        }
    }

    /// A new, empty address space.
    pub fn create_space(&self, limits: SpaceLimits) -> Result<AddressSpace, Errno> {
        AddressSpace::new(self.context.clone(), limits)
    }

    /// How many frames more than one mapping (or shared object) refers to.
    pub fn shared_frames(&self) -> usize {
        self.context.refs.lock().shared_frames()
    }

    /// The reference count of `frame` (1 for an unshared or unknown frame).
    pub fn frame_refs(&self, frame: PhysAddr) -> u64 {
        self.context.refs.lock().count(frame)
    }
}

impl UserSpaces for UserMemory {
    fn create(&self, limits: SpaceLimits) -> Result<Box<dyn UserSpace>, Errno> {
        Ok(Box::new(self.create_space(limits)?))
    }
}

/// The shared part: services and reference counts.
pub(crate) struct Context {
    pub(crate) frames: Arc<dyn FrameAllocator>,
    pub(crate) memory: Arc<dyn FrameMemory>,
    pub(crate) tlb: Arc<dyn UserTlb>,
    refs: SpinLock<FrameRefs>,
}

impl Context {
    /// A frame with undefined contents, holding one reference.
    pub(crate) fn alloc(&self) -> Result<PhysAddr, Errno> {
        self.frames.alloc(1)
    }

    /// A zeroed frame, holding one reference.
    pub(crate) fn alloc_zeroed(&self) -> Result<PhysAddr, Errno> {
        let frame = self.alloc()?;
        self.memory.zero_frame(frame);
        Ok(frame)
    }

    /// Adds a reference to `frame`.
    pub(crate) fn share(&self, frame: PhysAddr) {
        self.refs.lock().share(frame);
    }

    /// Drops a reference to `frame`, freeing it with the last one. No translation may still
    /// reach it through a TLB.
    pub(crate) fn release(&self, frame: PhysAddr) {
        let last = self.refs.lock().release(frame);
        if last {
            self.frames.free(frame, 1);
        }
    }

    /// Whether more than one reference to `frame` exists.
    pub(crate) fn is_shared(&self, frame: PhysAddr) -> bool {
        self.refs.lock().is_shared(frame)
    }

    /// Linux's heuristic overcommit check: one request may not exceed all of RAM.
    pub(crate) fn enough_memory(&self, pages: u64) -> bool {
        pages <= self.frames.stats().total_frames as u64
    }
}
