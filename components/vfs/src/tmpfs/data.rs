//! The contents of a tmpfs regular file: sparse pages, holes read as zeros.

use super::budget::Budget;
use alloc::boxed::Box;
use alloc::collections::btree_map::Entry;
use alloc::collections::BTreeMap;
use alloc::sync::Arc;
use alloc::vec;
use kernel_core::Errno;

/// Bytes per page of file data.
pub(crate) const PAGE: u64 = 4096;
/// The largest file size (`MAX_LFS_FILESIZE` on 64-bit Linux).
pub(crate) const MAX_FILE_SIZE: u64 = i64::MAX as u64;

/// A file's bytes: only pages ever written hold memory.
pub(crate) struct FileData {
    pages: BTreeMap<u64, Box<[u8]>>,
    size: u64,
    budget: Arc<Budget>,
}

impl FileData {
    /// An empty file charging its pages to `budget`.
    pub fn new(budget: Arc<Budget>) -> Self {
        Self {
            pages: BTreeMap::new(),
            size: 0,
            budget,
        }
    }

    /// The size in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Pages holding memory, in 512-byte blocks (`st_blocks`).
    pub fn blocks(&self) -> u64 {
        self.pages.len() as u64 * (PAGE / 512)
    }

    /// Copies bytes from `offset` into `buffer`; 0 at or past the end.
    pub fn read(&self, offset: u64, buffer: &mut [u8]) -> usize {
        if offset >= self.size {
            return 0;
        }
        let count = buffer
            .len()
            .min((self.size - offset).min(usize::MAX as u64) as usize);
        let mut done = 0;
        while done < count {
            let position = offset + done as u64;
            let within = (position % PAGE) as usize;
            let chunk = (PAGE as usize - within).min(count - done);
            let target = &mut buffer[done..done + chunk];
            match self.pages.get(&(position / PAGE)) {
                Some(page) => target.copy_from_slice(&page[within..within + chunk]),
                None => target.fill(0),
            }
            done += chunk;
        }
        count
    }

    /// Copies `buffer` in at `offset`, growing the file. Stops short at the size limit
    /// (`EFBIG` if nothing fits) or when space runs out (`ENOSPC` if nothing was written).
    pub fn write(&mut self, offset: u64, buffer: &[u8]) -> Result<usize, Errno> {
        if buffer.is_empty() {
            return Ok(0);
        }
        if offset >= MAX_FILE_SIZE {
            return Err(Errno::EFBIG);
        }
        let count = buffer
            .len()
            .min((MAX_FILE_SIZE - offset).min(usize::MAX as u64) as usize);
        let mut done = 0;
        while done < count {
            let position = offset + done as u64;
            let within = (position % PAGE) as usize;
            let chunk = (PAGE as usize - within).min(count - done);
            let page = match self.page_mut(position / PAGE) {
                Ok(page) => page,
                Err(error) if done == 0 => return Err(error),
                Err(_) => break,
            };
            page[within..within + chunk].copy_from_slice(&buffer[done..done + chunk]);
            done += chunk;
        }
        self.size = self.size.max(offset + done as u64);
        Ok(done)
    }

    /// Sets the size; data past a shrunk end is discarded (the tail of the last page zeroed,
    /// so growing again shows zeros).
    pub fn truncate(&mut self, size: u64) -> Result<(), Errno> {
        if size > MAX_FILE_SIZE {
            return Err(Errno::EFBIG);
        }
        if size < self.size {
            let first_gone = size.div_ceil(PAGE);
            let doomed = self.pages.split_off(&first_gone);
            self.budget.give(doomed.len() as u64);
            let within = (size % PAGE) as usize;
            if within != 0 {
                if let Some(page) = self.pages.get_mut(&(size / PAGE)) {
                    page[within..].fill(0);
                }
            }
        }
        self.size = size;
        Ok(())
    }

    /// `SEEK_DATA`/`SEEK_HOLE` from `offset`, at page granularity; `ENXIO` past the end.
    pub fn seek_data_or_hole(&self, offset: u64, hole: bool) -> Result<u64, Errno> {
        if offset >= self.size {
            return Err(Errno::ENXIO);
        }
        let mut index = offset / PAGE;
        if hole {
            while self.pages.contains_key(&index) {
                index += 1;
            }
            Ok((index * PAGE).max(offset).min(self.size))
        } else {
            match self.pages.range(index..).next() {
                Some((found, _)) if found * PAGE < self.size => Ok((found * PAGE).max(offset)),
                _ => Err(Errno::ENXIO),
            }
        }
    }

    fn page_mut(&mut self, index: u64) -> Result<&mut Box<[u8]>, Errno> {
        match self.pages.entry(index) {
            Entry::Occupied(page) => Ok(page.into_mut()),
            Entry::Vacant(slot) => {
                self.budget.take(1)?;
                Ok(slot.insert(vec![0u8; PAGE as usize].into_boxed_slice()))
            }
        }
    }
}

impl Drop for FileData {
    fn drop(&mut self) {
        self.budget.give(self.pages.len() as u64);
    }
}
