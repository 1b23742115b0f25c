//! Bytes the kernel made (the sigreturn trampoline, the vDSO image) as the page source of a
//! private mapping: each page is copied out of them at first touch.

use alloc::vec::Vec;
use kernel_core::services::mm::PageSource;
use kernel_core::Errno;

/// A byte buffer as a page source.
pub struct BytesSource(pub Vec<u8>);

impl PageSource for BytesSource {
    fn size(&self) -> u64 {
        self.0.len() as u64
    }

    fn read_at(&self, offset: u64, buffer: &mut [u8]) -> Result<usize, Errno> {
        let start = usize::try_from(offset)
            .map_err(|_| Errno::EINVAL)?
            .min(self.0.len());
        let len = buffer.len().min(self.0.len() - start);
        buffer[..len].copy_from_slice(&self.0[start..start + len]);
        Ok(len)
    }
}
