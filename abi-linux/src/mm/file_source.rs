//! An open file as the page source of a private file mapping.

use alloc::sync::Arc;
use kernel_core::services::mm::PageSource;
use kernel_core::services::vfs::File;
use kernel_core::Errno;

/// Pages read from an open file description at fault time.
pub struct FileSource(pub Arc<dyn File>);

impl PageSource for FileSource {
    fn size(&self) -> u64 {
        self.0.metadata().map_or(0, |metadata| metadata.size)
    }

    fn read_at(&self, offset: u64, buffer: &mut [u8]) -> Result<usize, Errno> {
        self.0
            .read_at(i64::try_from(offset).map_err(|_| Errno::EINVAL)?, buffer)
    }
}
