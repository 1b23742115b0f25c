//! The page pool file systems keep their data in: frames whose references are counted in the
//! same table as the mappings', so a page-cache page can be mapped by any address space.

use super::context::UserMemory;
use kernel_core::services::pagecache::PagePool;
use kernel_core::{Errno, PhysAddr};

impl PagePool for UserMemory {
    fn alloc_zeroed(&self) -> Result<PhysAddr, Errno> {
        self.context.alloc_zeroed()
    }

    fn share(&self, frame: PhysAddr) {
        self.context.share(frame);
    }

    fn release(&self, frame: PhysAddr) {
        self.context.release(frame);
    }

    fn read(&self, frame: PhysAddr, offset: usize, buffer: &mut [u8]) {
        self.context.memory.read_bytes(frame, offset, buffer);
    }

    fn write(&self, frame: PhysAddr, offset: usize, bytes: &[u8]) {
        self.context.memory.write_bytes(frame, offset, bytes);
    }
}
