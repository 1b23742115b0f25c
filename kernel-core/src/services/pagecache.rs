//! The page cache: file contents kept in frames that user mappings map directly.
//!
//! A file system that keeps its data in frames (tmpfs) gets them from a [`PagePool`], which
//! the user-memory manager implements: a frame's references from files and from mappings are
//! counted in one table, so a page stays alive while either holds it. `read` copies from the
//! frames straight into user pages; `mmap` maps them (shared, or read-only and copied on
//! write when private); exec maps a program's text without copying it. See
//! `docs/contracts/pagecache.md`.

use crate::{Errno, PhysAddr};
use alloc::sync::Arc;
use core::fmt;

/// Frames for file contents, counted together with the references user mappings hold.
///
/// Invariants: `alloc_zeroed` returns a zeroed frame holding one reference, the caller's;
/// `share` adds a reference to a frame the caller holds one on; `release` gives one back and
/// frees the frame with the last. `read`/`write` touch only a frame the caller holds a
/// reference on, within its 4096 bytes (`offset + len <= 4096`). Exhaustion is `ENOMEM`.
pub trait PagePool: Send + Sync {
    /// A zeroed frame with one reference.
    fn alloc_zeroed(&self) -> Result<PhysAddr, Errno>;
    /// Adds a reference to `frame`.
    fn share(&self, frame: PhysAddr);
    /// Drops a reference to `frame`; the last one frees it.
    fn release(&self, frame: PhysAddr);
    /// Copies bytes from `offset` in the frame into `buffer`.
    fn read(&self, frame: PhysAddr, offset: usize, buffer: &mut [u8]);
    /// Copies `bytes` into the frame at `offset`.
    fn write(&self, frame: PhysAddr, offset: usize, bytes: &[u8]);
}

/// One reference to a page-cache frame, given back when dropped.
pub struct PageRef {
    frame: PhysAddr,
    pool: Arc<dyn PagePool>,
}

impl PageRef {
    /// Takes a new reference to `frame`, which the caller keeps alive meanwhile.
    pub fn share(pool: &Arc<dyn PagePool>, frame: PhysAddr) -> Self {
        pool.share(frame);
        Self {
            frame,
            pool: pool.clone(),
        }
    }

    /// The frame.
    pub fn frame(&self) -> PhysAddr {
        self.frame
    }

    /// Hands the reference over to the caller, who gives it back to the same pool (the user
    /// memory manager, for a mapping).
    pub fn into_frame(self) -> PhysAddr {
        let frame = self.frame;
        core::mem::forget(self);
        frame
    }
}

impl Drop for PageRef {
    fn drop(&mut self) {
        self.pool.release(self.frame);
    }
}

impl fmt::Debug for PageRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PageRef").field(&self.frame).finish()
    }
}

/// One piece of a read served from the page cache: `len` bytes starting `offset` bytes into
/// `frame`, or `len` zero bytes of a hole when `frame` is `None`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PagePiece {
    /// The frame holding the bytes (a reference is held for the duration of the call).
    pub frame: Option<PhysAddr>,
    /// Where the bytes start in the frame.
    pub offset: usize,
    /// How many bytes.
    pub len: usize,
}

/// Receives a read's pieces in file order; returns how many bytes of the piece it took
/// (fewer than `len` ends the read there).
pub type PageSink<'a> = dyn FnMut(PagePiece) -> usize + 'a;
