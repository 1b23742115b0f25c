//! The contents of a tmpfs regular file: sparse pages, holes read as zeros. The pages are
//! page-cache frames from the [`PagePool`], which mappings map directly.

use super::budget::Budget;
use alloc::collections::btree_map::Entry;
use alloc::collections::BTreeMap;
use alloc::sync::Arc;
use kernel_core::services::pagecache::{PagePool, PageRef};
use kernel_core::{Errno, PhysAddr};

/// Bytes per page of file data.
pub(crate) const PAGE: u64 = 4096;
/// The largest file size (`MAX_LFS_FILESIZE` on 64-bit Linux).
pub(crate) const MAX_FILE_SIZE: u64 = i64::MAX as u64;

/// Zeros for clearing the tail of a page.
static ZEROS: [u8; PAGE as usize] = [0; PAGE as usize];

/// A file's bytes: only pages ever written (or mapped shared) hold memory. The file holds
/// one reference on each of its frames; mappings and readers hold their own.
pub(crate) struct FileData {
    pages: BTreeMap<u64, PhysAddr>,
    size: u64,
    budget: Arc<Budget>,
    pool: Arc<dyn PagePool>,
}

impl FileData {
    /// An empty file taking its pages from `pool` and charging them to `budget`.
    pub fn new(budget: Arc<Budget>, pool: Arc<dyn PagePool>) -> Self {
        Self {
            pages: BTreeMap::new(),
            size: 0,
            budget,
            pool,
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
                Some(&frame) => self.pool.read(frame, within, target),
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
            let frame = match self.page(position / PAGE) {
                Ok(frame) => frame,
                Err(error) if done == 0 => return Err(error),
                Err(_) => break,
            };
            self.pool.write(frame, within, &buffer[done..done + chunk]);
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
            for frame in doomed.into_values() {
                self.pool.release(frame);
            }
            let within = (size % PAGE) as usize;
            if within != 0 {
                if let Some(&frame) = self.pages.get(&(size / PAGE)) {
                    self.pool.write(frame, within, &ZEROS[within..]);
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

    /// A reference to the frame of page `index`; a hole is `None` unless `create` fills it
    /// with a zeroed page.
    pub fn cached_page(&mut self, index: u64, create: bool) -> Result<Option<PageRef>, Errno> {
        let frame = match self.pages.get(&index) {
            Some(&frame) => frame,
            None if create => self.page(index)?,
            None => return Ok(None),
        };
        Ok(Some(PageRef::share(&self.pool, frame)))
    }

    /// The frame of page `index`, made (zeroed) if it is a hole.
    fn page(&mut self, index: u64) -> Result<PhysAddr, Errno> {
        match self.pages.entry(index) {
            Entry::Occupied(page) => Ok(*page.get()),
            Entry::Vacant(slot) => {
                self.budget.take(1)?;
                match self.pool.alloc_zeroed() {
                    Ok(frame) => Ok(*slot.insert(frame)),
                    Err(error) => {
                        self.budget.give(1);
                        Err(error)
                    }
                }
            }
        }
    }
}

impl Drop for FileData {
    fn drop(&mut self) {
        self.budget.give(self.pages.len() as u64);
        for &frame in self.pages.values() {
            self.pool.release(frame);
        }
    }
}
