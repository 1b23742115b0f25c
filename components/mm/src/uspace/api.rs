//! The `UserSpace` contract, implemented by forwarding to [`AddressSpace`]'s methods.

use super::space::AddressSpace;
use alloc::boxed::Box;
use alloc::vec::Vec;
use kernel_core::services::mm::{
    Fault, FaultAccess, FileBacking, MapFlags, MremapFlags, Prot, UserSpace, VmaInfo,
};
use kernel_core::{Errno, PhysAddr, UserAddr};

impl UserSpace for AddressSpace {
    fn root(&self) -> PhysAddr {
        AddressSpace::root(self)
    }

    fn mmap(
        &mut self,
        addr: UserAddr,
        len: u64,
        prot: Prot,
        flags: MapFlags,
        offset: u64,
        file: Option<FileBacking>,
    ) -> Result<UserAddr, Errno> {
        AddressSpace::mmap(self, addr, len, prot, flags, offset, file)
    }

    fn munmap(&mut self, addr: UserAddr, len: u64) -> Result<(), Errno> {
        AddressSpace::munmap(self, addr, len)
    }

    fn copy_out_frame(
        &mut self,
        addr: UserAddr,
        frame: Option<PhysAddr>,
        offset: usize,
        len: usize,
    ) -> usize {
        AddressSpace::copy_out_frame(self, addr, frame, offset, len)
    }

    fn mprotect(&mut self, addr: UserAddr, len: u64, prot: Prot) -> Result<(), Errno> {
        AddressSpace::mprotect(self, addr, len, prot)
    }

    fn set_brk_start(&mut self, start: UserAddr) {
        AddressSpace::set_brk_start(self, start)
    }

    fn brk(&mut self, addr: UserAddr) -> UserAddr {
        AddressSpace::brk(self, addr)
    }

    fn mremap(
        &mut self,
        old: UserAddr,
        old_len: u64,
        new_len: u64,
        flags: MremapFlags,
        new_addr: UserAddr,
    ) -> Result<UserAddr, Errno> {
        AddressSpace::mremap(self, old, old_len, new_len, flags, new_addr)
    }

    fn handle_fault(&mut self, addr: UserAddr, access: FaultAccess) -> Result<(), Fault> {
        AddressSpace::handle_fault(self, addr, access)
    }

    fn fork(&mut self) -> Result<Box<dyn UserSpace>, Errno> {
        Ok(Box::new(AddressSpace::fork(self)?))
    }

    fn copy_in(&mut self, addr: UserAddr, buffer: &mut [u8]) -> Result<(), Errno> {
        AddressSpace::copy_in(self, addr, buffer)
    }

    fn copy_out(&mut self, addr: UserAddr, bytes: &[u8]) -> Result<(), Errno> {
        AddressSpace::copy_out(self, addr, bytes)
    }

    fn read_cstr(&mut self, addr: UserAddr, max: usize) -> Result<Vec<u8>, Errno> {
        AddressSpace::read_cstr(self, addr, max)
    }

    fn set_stack_limit(&mut self, bytes: u64) {
        AddressSpace::set_stack_limit(self, bytes)
    }

    fn vmas(&self) -> Vec<VmaInfo> {
        AddressSpace::vmas(self)
    }

    fn resident_pages(&self) -> u64 {
        AddressSpace::resident_pages(self)
    }

    fn madvise(&mut self, addr: UserAddr, len: u64, advice: i32) -> Result<(), Errno> {
        AddressSpace::madvise(self, addr, len, advice)
    }

    fn msync(&mut self, addr: UserAddr, len: u64, flags: i32) -> Result<(), Errno> {
        AddressSpace::msync(self, addr, len, flags)
    }

    fn accessible_prefix(&mut self, addr: UserAddr, len: usize, access: FaultAccess) -> usize {
        AddressSpace::accessible_prefix(self, addr, len, access)
    }
}
