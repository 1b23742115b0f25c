//! An open file as the page source of a file mapping.

use alloc::sync::Arc;
use kernel_core::services::mm::PageSource;
use kernel_core::services::pagecache::PageRef;
use kernel_core::services::vfs::File;
use kernel_core::{Errno, PhysAddr};

/// Pages of an open file description: its inode's page-cache frames where it keeps them,
/// else copies read at fault time.
pub struct FileSource(pub Arc<dyn File>);

impl PageSource for FileSource {
    fn size(&self) -> u64 {
        self.0.metadata().map_or(0, |metadata| metadata.size)
    }

    fn read_at(&self, offset: u64, buffer: &mut [u8]) -> Result<usize, Errno> {
        self.0
            .read_at(i64::try_from(offset).map_err(|_| Errno::EINVAL)?, buffer)
    }

    fn has_page_cache(&self) -> bool {
        self.0.inode().has_page_cache()
    }

    fn opened_for_writing(&self) -> bool {
        self.0.status_flags().access().writable()
    }

    fn cached_page(&self, offset: u64, create: bool) -> Result<Option<PhysAddr>, Errno> {
        let page = self.0.inode().cached_page(offset, create)?;
        Ok(page.map(PageRef::into_frame))
    }
}
