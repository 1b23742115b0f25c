//! One virtual memory area: a page-aligned range with rights, flags and what backs it.

use super::layout::{PAGE_BYTES, STACK_GUARD_GAP};
use alloc::collections::BTreeMap;
use alloc::sync::Arc;
use bitflags::bitflags;
use kernel_core::paging::Access;
use kernel_core::services::mm::{FaultAccess, PageSource, Prot, VmaInfo, VmaKind};
use kernel_core::sync::SpinLock;
use kernel_core::{PhysAddr, UserAddr};

bitflags! {
    /// What kind of mapping a VMA is, beyond its rights.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub(crate) struct VmaFlags: u8 {
        /// MAP_SHARED: stores are seen by every mapping of the same object; no copy-on-write.
        const SHARED = 1 << 0;
        /// A stack: a fault just below it extends it downwards.
        const GROWS_DOWN = 1 << 1;
        /// `PROT_WRITE` may be granted by mprotect (Linux `VM_MAYWRITE`).
        const MAY_WRITE = 1 << 2;
    }
}

/// The pages of a MAP_SHARED|MAP_ANONYMOUS object, by page index; the object holds one
/// reference to each frame.
#[derive(Debug, Default)]
pub(crate) struct SharedPages {
    pub(crate) pages: SpinLock<BTreeMap<u64, PhysAddr>>,
}

/// Where a VMA's pages come from.
#[derive(Clone)]
pub(crate) enum Backing {
    /// Private anonymous memory: zero-filled on first touch.
    Anonymous,
    /// Shared anonymous memory; `first_page` is the object page at the VMA's start.
    Shared {
        object: Arc<SharedPages>,
        first_page: u64,
    },
    /// A file: `offset` is the file offset of the VMA's start; file bytes at or past
    /// `file_end` (a file offset) read as zeros.
    File {
        source: Arc<dyn PageSource>,
        offset: u64,
        file_end: u64,
    },
}

impl Backing {
    /// The backing of the part of a VMA that starts `delta` bytes into it.
    pub(crate) fn advanced(&self, delta: u64) -> Backing {
        match self {
            Backing::Anonymous => Backing::Anonymous,
            Backing::Shared { object, first_page } => Backing::Shared {
                object: object.clone(),
                first_page: first_page + delta / PAGE_BYTES,
            },
            Backing::File {
                source,
                offset,
                file_end,
            } => Backing::File {
                source: source.clone(),
                offset: offset.saturating_add(delta),
                file_end: *file_end,
            },
        }
    }

    /// Whether `next` continues this backing when it starts `length` bytes later.
    fn continued_by(&self, length: u64, next: &Backing) -> bool {
        match (self, next) {
            (Backing::Anonymous, Backing::Anonymous) => true,
            (
                Backing::Shared { object, first_page },
                Backing::Shared {
                    object: next_object,
                    first_page: next_first,
                },
            ) => {
                Arc::ptr_eq(object, next_object) && first_page + length / PAGE_BYTES == *next_first
            }
            (
                Backing::File {
                    source,
                    offset,
                    file_end,
                },
                Backing::File {
                    source: next_source,
                    offset: next_offset,
                    file_end: next_end,
                },
            ) => {
                same_object(source, next_source)
                    && offset.checked_add(length) == Some(*next_offset)
                    && file_end == next_end
            }
            _ => false,
        }
    }
}

/// Whether two sources are the same object (data pointers, ignoring vtables).
fn same_object(a: &Arc<dyn PageSource>, b: &Arc<dyn PageSource>) -> bool {
    core::ptr::eq(
        Arc::as_ptr(a) as *const u8 as *const (),
        Arc::as_ptr(b) as *const u8 as *const (),
    )
}

/// A virtual memory area `[start, end)`, page aligned and non-empty.
#[derive(Clone)]
pub(crate) struct Vma {
    pub(crate) start: u64,
    pub(crate) end: u64,
    /// `READ`, `WRITE`, `EXEC` only.
    pub(crate) prot: Prot,
    pub(crate) flags: VmaFlags,
    pub(crate) backing: Backing,
}

/// The rights a VMA keeps (the others are request modifiers).
pub(crate) const PROT_RIGHTS: Prot = Prot::READ.union(Prot::WRITE).union(Prot::EXEC);

impl Vma {
    /// Bytes covered.
    pub(crate) fn len(&self) -> u64 {
        self.end - self.start
    }

    /// MAP_SHARED.
    pub(crate) fn is_shared(&self) -> bool {
        self.flags.contains(VmaFlags::SHARED)
    }

    /// The lowest address placement must leave free below it (Linux `vm_start_gap`).
    pub(crate) fn start_gap(&self) -> u64 {
        if self.flags.contains(VmaFlags::GROWS_DOWN) {
            self.start.saturating_sub(STACK_GUARD_GAP)
        } else {
            self.start
        }
    }

    /// Whether any access is allowed (Linux `vma_is_accessible`).
    pub(crate) fn is_accessible(&self) -> bool {
        self.prot.intersects(PROT_RIGHTS)
    }

    /// Whether the VMA's rights allow `access`. As on arm64 without EPAN, a load is allowed
    /// by any right: write and execute permissions imply read.
    pub(crate) fn allows(&self, access: FaultAccess) -> bool {
        match access {
            FaultAccess::Read => self.is_accessible(),
            FaultAccess::Write => self.prot.contains(Prot::WRITE),
            FaultAccess::Execute => self.prot.contains(Prot::EXEC),
        }
    }

    /// The rights of a page table entry in this VMA. `cow` says the frame is shared with
    /// another private mapping, so stores must fault. A VMA without rights maps its retained
    /// pages kernel-only: every user access faults, contents survive mprotect.
    pub(crate) fn pte_access(&self, cow: bool) -> Access {
        if !self.is_accessible() {
            return Access::READ;
        }
        let mut access = Access::USER_READ;
        if self.prot.contains(Prot::WRITE) && (self.is_shared() || !cow) {
            access |= Access::WRITE;
        }
        if self.prot.contains(Prot::EXEC) {
            access |= Access::EXECUTE;
        }
        access
    }

    /// Cuts the VMA at `at` (strictly inside): `self` keeps the low part, the high part is
    /// returned.
    pub(crate) fn split_off(&mut self, at: u64) -> Vma {
        let high = Vma {
            start: at,
            end: self.end,
            prot: self.prot,
            flags: self.flags,
            backing: self.backing.advanced(at - self.start),
        };
        self.end = at;
        high
    }

    /// Whether `next` directly follows and can be merged into this VMA.
    pub(crate) fn can_merge(&self, next: &Vma) -> bool {
        self.end == next.start
            && self.prot == next.prot
            && self.flags == next.flags
            && self.backing.continued_by(self.len(), &next.backing)
    }

    /// The `/proc/<pid>/maps` view; `heap` says the VMA lies in the brk area.
    pub(crate) fn info(&self, heap: bool) -> VmaInfo {
        let (offset, kind) = match &self.backing {
            Backing::File { offset, .. } => (*offset, VmaKind::File),
            Backing::Shared { first_page, .. } => (first_page * PAGE_BYTES, VmaKind::Anonymous),
            Backing::Anonymous => (0, VmaKind::Anonymous),
        };
        let kind = if self.flags.contains(VmaFlags::GROWS_DOWN) {
            VmaKind::Stack
        } else if heap && kind == VmaKind::Anonymous {
            VmaKind::Heap
        } else {
            kind
        };
        VmaInfo {
            start: UserAddr::new(self.start),
            end: UserAddr::new(self.end),
            prot: self.prot,
            shared: self.is_shared(),
            offset,
            kind,
        }
    }
}
