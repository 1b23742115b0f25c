//! Host tests of user address spaces on a fake machine ([`machine::Machine`]). Expected
//! values come from Linux's documented behaviour (man 2 mmap/munmap/mprotect/brk/mremap and
//! the 6.1 sources' rules), not from the code under test.

mod advice;
mod brk;
mod fault;
mod file;
mod fork;
mod layout;
mod machine;
mod mmap;
mod model;
mod mprotect;
mod mremap;
mod munmap;
mod pagecache;
mod uaccess;

use super::fault::satisfies;
use super::{AddressSpace, UserMemory, UserMemoryCaps};
use kernel_core::services::mm::{
    Fault, FaultAccess, FileBacking, MapFlags, PageSource, Prot, SegvCode, SpaceLimits,
};
use kernel_core::{Errno, PhysAddr, UserAddr};
use machine::Machine;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::vec::Vec;

/// Bytes in a page.
const PAGE: u64 = 4096;
/// `mmap_base` with the default 8 MiB stack limit: 2^48 - 128 MiB (the minimum gap).
const DEFAULT_MMAP_BASE: u64 = 0xffff_f800_0000;
/// An address well inside the user half, free in a new space.
const AREA: u64 = 0x1000_0000;

const NONE: Prot = Prot::empty();
const R: Prot = Prot::READ;
const RW: Prot = Prot::READ.union(Prot::WRITE);
const RX: Prot = Prot::READ.union(Prot::EXEC);
const PRIVATE_ANON: MapFlags = MapFlags::PRIVATE.union(MapFlags::ANONYMOUS);
const SHARED_ANON: MapFlags = MapFlags::SHARED.union(MapFlags::ANONYMOUS);
const MAP_ERR: Fault = Fault::Segv(SegvCode::MapErr);
const ACC_ERR: Fault = Fault::Segv(SegvCode::AccErr);

/// A machine with `frames` frames and user memory on it.
fn setup(frames: usize) -> (Arc<Machine>, UserMemory) {
    let machine = Arc::new(Machine::new(frames));
    let user = UserMemory::new(UserMemoryCaps {
        frames: machine.clone(),
        memory: machine.clone(),
        tlb: machine.clone(),
    });
    (machine, user)
}

/// A machine of 4096 frames (16 MiB) with one empty address space.
fn new_space() -> (Arc<Machine>, UserMemory, AddressSpace) {
    let (machine, user) = setup(4096);
    let space = user
        .create_space(SpaceLimits::default())
        .expect("address space");
    (machine, user, space)
}

fn ua(raw: u64) -> UserAddr {
    UserAddr::new(raw)
}

/// mmap of private anonymous memory at exactly `addr` (MAP_FIXED).
fn map_fixed(space: &mut AddressSpace, addr: u64, len: u64, prot: Prot) {
    let got = space
        .mmap(ua(addr), len, prot, PRIVATE_ANON | MapFlags::FIXED, 0, None)
        .expect("fixed mapping");
    assert_eq!(got, ua(addr));
}

/// mmap of private anonymous memory wherever the space puts it.
fn map_anywhere(space: &mut AddressSpace, len: u64, prot: Prot) -> u64 {
    space
        .mmap(ua(0), len, prot, PRIVATE_ANON, 0, None)
        .expect("mapping")
        .as_u64()
}

/// What the user's own access to `addr` would find: the frame once any fault is resolved.
fn user_frame(space: &mut AddressSpace, addr: u64, access: FaultAccess) -> Result<PhysAddr, Fault> {
    for _ in 0..2 {
        if let Some(page) = space.tables.lookup(addr & !(PAGE - 1)) {
            if satisfies(page.access, access) {
                return Ok(page.frame);
            }
        }
        space.handle_fault(ua(addr), access)?;
    }
    panic!("fault at {addr:#x} resolved but the access still faults");
}

/// A user load of the byte at `addr`, as the CPU would do it.
fn load(machine: &Machine, space: &mut AddressSpace, addr: u64) -> Result<u8, Fault> {
    let frame = user_frame(space, addr, FaultAccess::Read)?;
    Ok(machine.byte(frame, (addr % PAGE) as usize))
}

/// A user store of `value` at `addr`, as the CPU would do it.
fn store(machine: &Machine, space: &mut AddressSpace, addr: u64, value: u8) -> Result<(), Fault> {
    let frame = user_frame(space, addr, FaultAccess::Write)?;
    use kernel_core::services::mm::FrameMemory;
    machine.write_bytes(frame, (addr % PAGE) as usize, &[value]);
    Ok(())
}

/// The frame mapped at `addr`, if any.
fn frame_at(space: &AddressSpace, addr: u64) -> Option<PhysAddr> {
    space.tables.lookup(addr).map(|page| page.frame)
}

/// The VMAs as `(start, end, prot)`.
fn vma_list(space: &AddressSpace) -> Vec<(u64, u64, Prot)> {
    space
        .vmas()
        .iter()
        .map(|vma| (vma.start.as_u64(), vma.end.as_u64(), vma.prot))
        .collect()
}

/// A file in memory that counts its reads and can be made to fail.
struct FakeFile {
    data: Vec<u8>,
    reads: AtomicUsize,
    failing: AtomicBool,
}

impl FakeFile {
    /// A file of `len` bytes, byte `i` being `pattern(i)`.
    fn new(len: usize) -> Arc<Self> {
        Arc::new(Self {
            data: (0..len).map(pattern).collect(),
            reads: AtomicUsize::new(0),
            failing: AtomicBool::new(false),
        })
    }

    fn backing(self: &Arc<Self>, file_bytes: Option<u64>) -> FileBacking {
        FileBacking {
            source: self.clone(),
            file_bytes,
        }
    }
}

/// The content of byte `i` of a [`FakeFile`]: never 0, so file bytes and zeros differ.
fn pattern(i: usize) -> u8 {
    (i % 251) as u8 + 1
}

impl PageSource for FakeFile {
    fn size(&self) -> u64 {
        self.data.len() as u64
    }

    fn read_at(&self, offset: u64, buffer: &mut [u8]) -> Result<usize, Errno> {
        self.reads.fetch_add(1, Ordering::Relaxed);
        if self.failing.load(Ordering::Relaxed) {
            return Err(Errno::EIO);
        }
        let start = (offset as usize).min(self.data.len());
        let count = buffer.len().min(self.data.len() - start);
        buffer[..count].copy_from_slice(&self.data[start..start + count]);
        Ok(count)
    }
}
