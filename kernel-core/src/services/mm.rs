//! Memory services: physical frames, the kernel's own address space, and user address spaces.
//!
//! User address spaces (`docs/contracts/uspace.md`) are built by `components/mm` on three
//! services the board supplies: a [`FrameAllocator`], [`FrameMemory`] (frame contents, on the
//! linear map) and [`UserTlb`] (barriers and TLB invalidation). Other components use them
//! through [`UserSpaces`] and [`UserSpace`], with Linux's flag values and errnos.

use crate::paging::{TableAccess, TableAlloc};
use crate::{Errno, PhysAddr, UserAddr, VirtAddr, PAGE_SIZE};
use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec::Vec;
use bitflags::bitflags;

/// Counters a frame allocator reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FrameStats {
    /// Frames under the allocator's management.
    pub total_frames: usize,
    /// Frames not handed out.
    pub free_frames: usize,
}

/// Hands out physical frames (4 KiB pages).
///
/// Invariants: a block returned by `alloc(count)` is `count` contiguous frames, aligned to the
/// smallest power of two not below `count` frames, and is never returned again until freed;
/// `free` takes exactly what `alloc` returned. Exhaustion is `ENOMEM`, never a panic.
pub trait FrameAllocator: Send + Sync {
    /// Allocates `count` contiguous frames.
    fn alloc(&self, count: usize) -> Result<PhysAddr, Errno>;
    /// Returns frames obtained from `alloc` with the same `count`.
    fn free(&self, start: PhysAddr, count: usize);
    /// Current counters.
    fn stats(&self) -> FrameStats;
}

/// The kernel's half of the address space.
pub trait KernelSpace: Send + Sync {
    /// Maps device registers `[phys, phys + len)` as Device-nGnRE and returns their address.
    fn map_device(&self, phys: PhysAddr, len: usize) -> Result<VirtAddr, Errno>;
    /// Where RAM at `phys` appears in the linear map.
    fn phys_to_virt(&self, phys: PhysAddr) -> VirtAddr;
}

/// Reads and writes the contents of frames handed out by the paired [`FrameAllocator`].
///
/// `frame` is a 4 KiB-aligned frame the caller holds; `offset + len <= 4096` is the caller's
/// promise, and an implementation touches nothing outside the frame even if it is broken.
/// Holding this service is the right to write any such frame: only the user-memory manager
/// gets it. The kernel's implementation works through the linear map.
pub trait FrameMemory: Send + Sync {
    /// Fills the frame with zeros.
    fn zero_frame(&self, frame: PhysAddr);
    /// Copies the whole frame `from` to the frame `to`.
    fn copy_frame(&self, from: PhysAddr, to: PhysAddr);
    /// Copies bytes starting `offset` bytes into the frame into `buffer`.
    fn read_bytes(&self, frame: PhysAddr, offset: usize, buffer: &mut [u8]);
    /// Copies `bytes` into the frame starting `offset` bytes in.
    fn write_bytes(&self, frame: PhysAddr, offset: usize, bytes: &[u8]);
    /// One single-copy-atomic (volatile) 64-bit load at `offset`, a multiple of 8.
    fn read_u64(&self, frame: PhysAddr, offset: usize) -> u64;
    /// One single-copy-atomic (volatile) 64-bit store at `offset`, a multiple of 8.
    fn write_u64(&self, frame: PhysAddr, offset: usize, value: u64);
    /// Copies `len` bytes from `from_offset` in frame `from` to `to_offset` in frame `to`
    /// (both ranges inside their frames; the frames differ).
    fn copy_bytes(
        &self,
        from: PhysAddr,
        from_offset: usize,
        to: PhysAddr,
        to_offset: usize,
        len: usize,
    ) {
        let mut bounce = [0u8; 256];
        let mut done = 0;
        while done < len {
            let step = (len - done).min(bounce.len());
            self.read_bytes(from, from_offset + done, &mut bounce[..step]);
            self.write_bytes(to, to_offset + done, &bounce[..step]);
            done += step;
        }
    }
    /// Makes instructions written to the frame visible to instruction fetch on every CPU
    /// (clean D-cache to the point of unification, invalidate the I-cache).
    fn sync_instructions(&self, frame: PhysAddr);
}

/// Barriers and TLB maintenance for user translation tables, which the table code leaves to
/// its caller. `root` names the address space (the TTBR0 table, which carries its ASID).
pub trait UserTlb: Send + Sync {
    /// Entries were added where there were none: make them visible to the table walker.
    fn publish(&self, root: PhysAddr);
    /// Entries in `[start, start + len)` were changed or removed: make that visible and drop
    /// stale translations of the range on every CPU.
    fn invalidate(&self, root: PhysAddr, start: UserAddr, len: u64);
}

/// What a file mapping reads its pages from (implemented by the VFS side).
pub trait PageSource: Send + Sync {
    /// The object's current size in bytes: a page wholly past it is a SIGBUS when touched.
    fn size(&self) -> u64;
    /// Reads at `offset` into `buffer`, returning the bytes read (short at the end of file).
    fn read_at(&self, offset: u64, buffer: &mut [u8]) -> Result<usize, Errno>;
    /// Whether pages come from a page cache ([`PageSource::cached_page`]) in the pool whose
    /// references the address spaces count: then mappings map those frames (shared mappings
    /// writable, private ones copy-on-write) instead of copies, and `MAP_SHARED` may write.
    fn has_page_cache(&self) -> bool {
        false
    }
    /// Whether a shared mapping of this source may be writable, now or after `mprotect`: an
    /// open file opened for writing (Linux `VM_MAYWRITE`).
    fn opened_for_writing(&self) -> bool {
        false
    }
    /// The page-cache frame of the page at `offset` (page aligned, inside the file), with one
    /// reference handed to the caller; `None` for a hole unless `create` fills it (see
    /// `Inode::cached_page`). `ENODEV` without a page cache.
    fn cached_page(&self, offset: u64, create: bool) -> Result<Option<PhysAddr>, Errno> {
        let _ = (offset, create);
        Err(Errno::ENODEV)
    }
}

/// Translation-table memory made of frames: allocated from a [`FrameAllocator`], reached
/// through [`FrameMemory`]. Table pages are never freed by the table code; their owner walks
/// the tables and gives each page back with [`FrameTables::free_table`].
#[derive(Clone)]
pub struct FrameTables {
    frames: Arc<dyn FrameAllocator>,
    memory: Arc<dyn FrameMemory>,
}

impl FrameTables {
    /// Table memory on `frames`, whose contents `memory` reaches.
    pub fn new(frames: Arc<dyn FrameAllocator>, memory: Arc<dyn FrameMemory>) -> Self {
        Self { frames, memory }
    }

    /// Gives back a table page this value allocated and that no table links to any more.
    pub fn free_table(&self, table: PhysAddr) {
        self.frames.free(table, 1);
    }

    /// The memory the tables live in, for walking them.
    pub fn memory(&self) -> &Arc<dyn FrameMemory> {
        &self.memory
    }
}

impl TableAccess for FrameTables {
    unsafe fn read_entry(&self, table: PhysAddr, index: usize) -> u64 {
        self.memory.read_u64(table, index * 8)
    }

    unsafe fn write_entry(&mut self, table: PhysAddr, index: usize, value: u64) {
        self.memory.write_u64(table, index * 8, value)
    }
}

// SAFETY: pages come from the frame allocator, so they are exclusively ours until freed; the
// alignment and the 48-bit bound are checked here; `FrameMemory` reaches every frame of the
// allocator, and entries are accessed only through it (no raw pointers are involved at all).
unsafe impl TableAlloc for FrameTables {
    fn alloc_table(&mut self) -> Option<PhysAddr> {
        let frame = self.frames.alloc(1).ok()?;
        if frame.as_u64() >> 48 != 0 || !frame.is_aligned(PAGE_SIZE as u64) {
            log::error!("uspace: frame {frame:?} unusable as a translation table");
            self.frames.free(frame, 1);
            return None;
        }
        Some(frame)
    }
}

bitflags! {
    /// `PROT_*` of mmap/mprotect (asm-generic values, as arm64 uses them).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct Prot: u64 {
        /// Readable.
        const READ = 0x1;
        /// Writable (on arm64 also readable).
        const WRITE = 0x2;
        /// Executable (on arm64 also readable).
        const EXEC = 0x4;
        /// Atomic operations allowed (no effect).
        const SEM = 0x8;
        /// Branch target identification page (arm64).
        const BTI = 0x10;
        /// Memory tagging (arm64).
        const MTE = 0x20;
        /// mprotect: extend the change down to the start of a grows-down mapping.
        const GROWSDOWN = 0x0100_0000;
        /// mprotect: extend up (no grows-up mappings on arm64).
        const GROWSUP = 0x0200_0000;
    }
}

bitflags! {
    /// `MAP_*` of mmap (asm-generic values, as arm64 uses them).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct MapFlags: u64 {
        /// Share changes.
        const SHARED = 0x01;
        /// Changes are private (copy-on-write).
        const PRIVATE = 0x02;
        /// `SHARED` that rejects unknown flags (`SHARED | PRIVATE`).
        const SHARED_VALIDATE = 0x03;
        /// Place exactly at the address, replacing what is there.
        const FIXED = 0x10;
        /// No file.
        const ANONYMOUS = 0x20;
        /// A stack: grows down on faults below it.
        const GROWSDOWN = 0x0100;
        /// Ignored.
        const DENYWRITE = 0x0800;
        /// Ignored.
        const EXECUTABLE = 0x1000;
        /// Lock pages (treated as `POPULATE`).
        const LOCKED = 0x2000;
        /// No overcommit accounting.
        const NORESERVE = 0x4000;
        /// Fault every page in now.
        const POPULATE = 0x8000;
        /// Ignored.
        const NONBLOCK = 0x1_0000;
        /// Ignored.
        const STACK = 0x2_0000;
        /// Huge pages (none are reserved: anonymous requests fail with ENOMEM).
        const HUGETLB = 0x4_0000;
        /// DAX synchronous faults (unsupported).
        const SYNC = 0x8_0000;
        /// Like `FIXED`, but `EEXIST` instead of replacing.
        const FIXED_NOREPLACE = 0x10_0000;
        /// Ignored.
        const UNINITIALIZED = 0x400_0000;
    }
}

bitflags! {
    /// `MREMAP_*` flags.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct MremapFlags: u64 {
        /// The mapping may move.
        const MAYMOVE = 1;
        /// Move to exactly the new address.
        const FIXED = 2;
        /// Leave the old range mapped (and empty).
        const DONTUNMAP = 4;
    }
}

/// The file side of a mapping.
#[derive(Clone)]
pub struct FileBacking {
    /// Where the pages come from.
    pub source: Arc<dyn PageSource>,
    /// `None`: the whole mapping shows the file. `Some(n)`: only its first `n` bytes do and the
    /// rest reads as zeros, as an ELF segment's `p_filesz` within `p_memsz`.
    pub file_bytes: Option<u64>,
}

/// The kind of access that faulted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultAccess {
    /// A load.
    Read,
    /// A store.
    Write,
    /// An instruction fetch.
    Execute,
}

/// `si_code` of a SIGSEGV.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i32)]
pub enum SegvCode {
    /// `SEGV_MAPERR`: nothing is mapped there.
    MapErr = 1,
    /// `SEGV_ACCERR`: mapped, but this access is not allowed.
    AccErr = 2,
}

/// Why a user access could not be satisfied: what the process is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Fault {
    /// SIGSEGV with this code.
    #[error("segmentation fault ({0:?})")]
    Segv(SegvCode),
    /// SIGBUS, `BUS_ADRERR`: a file page beyond the end of the file, or a read error.
    #[error("bus error")]
    Bus,
    /// No memory for the page: the caller kills the process, as Linux's OOM path would.
    #[error("out of memory")]
    OutOfMemory,
}

/// Per-process limits a new address space starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpaceLimits {
    /// RLIMIT_STACK soft limit in bytes (`u64::MAX` = infinity, which selects the legacy
    /// bottom-up mmap layout). Also sets `mmap_base` at creation.
    pub stack_limit_bytes: u64,
    /// CAP_SYS_RAWIO: MAP_FIXED below 4 KiB is allowed (otherwise `EPERM`).
    pub map_low_allowed: bool,
}

impl Default for SpaceLimits {
    fn default() -> Self {
        Self {
            stack_limit_bytes: 8 << 20,
            map_low_allowed: false,
        }
    }
}

/// What a mapping is, for `/proc/<pid>/maps`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VmaKind {
    /// Anonymous memory.
    Anonymous,
    /// A file mapping.
    File,
    /// The brk heap.
    Heap,
    /// A grows-down stack.
    Stack,
}

/// One mapping, as `/proc/<pid>/maps` shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VmaInfo {
    /// First address.
    pub start: UserAddr,
    /// One past the last address.
    pub end: UserAddr,
    /// `READ`/`WRITE`/`EXEC`.
    pub prot: Prot,
    /// MAP_SHARED.
    pub shared: bool,
    /// File offset of `start` (0 for anonymous memory).
    pub offset: u64,
    /// What it is.
    pub kind: VmaKind,
}

/// One process's user address space. Errnos and edge cases are Linux's (man 2 of each call).
pub trait UserSpace: Send {
    /// The root table for TTBR0_EL1.
    fn root(&self) -> PhysAddr;
    /// mmap; `offset` is the file offset (checked for alignment even when anonymous).
    fn mmap(
        &mut self,
        addr: UserAddr,
        len: u64,
        prot: Prot,
        flags: MapFlags,
        offset: u64,
        file: Option<FileBacking>,
    ) -> Result<UserAddr, Errno>;
    /// munmap.
    fn munmap(&mut self, addr: UserAddr, len: u64) -> Result<(), Errno>;
    /// mprotect.
    fn mprotect(&mut self, addr: UserAddr, len: u64, prot: Prot) -> Result<(), Errno>;
    /// Sets where the heap starts (page aligned up); the break starts there. For the loader.
    fn set_brk_start(&mut self, start: UserAddr);
    /// brk: the new break, or the current one when the request fails or asks below the start.
    fn brk(&mut self, addr: UserAddr) -> UserAddr;
    /// mremap.
    fn mremap(
        &mut self,
        old: UserAddr,
        old_len: u64,
        new_len: u64,
        flags: MremapFlags,
        new_addr: UserAddr,
    ) -> Result<UserAddr, Errno>;
    /// Resolves a fault at `addr`: demand paging, stack growth, copy-on-write.
    fn handle_fault(&mut self, addr: UserAddr, access: FaultAccess) -> Result<(), Fault>;
    /// A copy for a child process: private pages shared copy-on-write, shared ones shared.
    fn fork(&mut self) -> Result<Box<dyn UserSpace>, Errno>;
    /// Fills `buffer` from user memory; `EFAULT` where it cannot (`buffer` may be part-filled).
    fn copy_in(&mut self, addr: UserAddr, buffer: &mut [u8]) -> Result<(), Errno>;
    /// Writes `bytes` to user memory; `EFAULT` where it cannot (a prefix may be written).
    fn copy_out(&mut self, addr: UserAddr, bytes: &[u8]) -> Result<(), Errno>;
    /// Copies `len` bytes from `offset` in `frame` (a page-cache frame the caller holds a
    /// reference on; `None`: zeros) to user memory at `addr`, stopping at the first byte that
    /// is not writable from user space; returns the bytes written.
    fn copy_out_frame(
        &mut self,
        addr: UserAddr,
        frame: Option<PhysAddr>,
        offset: usize,
        len: usize,
    ) -> usize;
    /// The NUL-terminated string at `addr`, without the NUL; `ENAMETOOLONG` when no NUL is
    /// within `max` bytes, `EFAULT` on a bad address.
    fn read_cstr(&mut self, addr: UserAddr, max: usize) -> Result<Vec<u8>, Errno>;
    /// Changes RLIMIT_STACK for later stack growth.
    fn set_stack_limit(&mut self, bytes: u64);
    /// The mappings in address order.
    fn vmas(&self) -> Vec<VmaInfo>;
    /// Pages currently mapped (the resident set).
    fn resident_pages(&self) -> u64;
    /// madvise (`advice` is Linux's `MADV_*`).
    fn madvise(&mut self, addr: UserAddr, len: u64, advice: i32) -> Result<(), Errno> {
        let _ = (addr, len, advice);
        Err(Errno::ENOSYS)
    }
    /// msync (`flags` is Linux's `MS_*`).
    fn msync(&mut self, addr: UserAddr, len: u64, flags: i32) -> Result<(), Errno> {
        let _ = (addr, len, flags);
        Err(Errno::ENOSYS)
    }
    /// How many bytes from `addr` (at most `len`) user space could access with `access`,
    /// faulting pages in: where a copy would stop (Linux's partial-copy results).
    fn accessible_prefix(&mut self, addr: UserAddr, len: usize, access: FaultAccess) -> usize {
        let _ = (addr, access);
        len
    }
}

/// Makes empty user address spaces (used by exec).
pub trait UserSpaces: Send + Sync {
    /// A new, empty address space.
    fn create(&self, limits: SpaceLimits) -> Result<Box<dyn UserSpace>, Errno>;
}
