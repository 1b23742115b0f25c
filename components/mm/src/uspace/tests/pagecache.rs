//! File mappings over a page cache: shared mappings write into the file's own frames, private
//! ones map them read-only and copy on write, `read` copies straight out of them.

use super::*;
use kernel_core::services::pagecache::PagePool;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// A file whose pages are frames of the user-memory pool, as tmpfs keeps them.
struct CachedFile {
    pool: Arc<dyn PagePool>,
    pages: Mutex<BTreeMap<u64, PhysAddr>>,
    size: u64,
    writable: bool,
}

impl CachedFile {
    /// A file of `pages` pages, page `i` filled with the byte `b'a' + i`, opened for writing
    /// when `writable`.
    fn new(user: &UserMemory, pages: u64, writable: bool) -> Arc<Self> {
        let pool: Arc<dyn PagePool> = Arc::new(user.clone());
        let mut map = BTreeMap::new();
        for index in 0..pages {
            let frame = pool.alloc_zeroed().expect("page");
            pool.write(frame, 0, &[b'a' + index as u8; PAGE as usize]);
            map.insert(index, frame);
        }
        Arc::new(Self {
            pool,
            pages: Mutex::new(map),
            size: pages * PAGE,
            writable,
        })
    }

    /// A file of `size` bytes with no pages at all (one sparse hole).
    fn sparse(user: &UserMemory, size: u64) -> Arc<Self> {
        Arc::new(Self {
            pool: Arc::new(user.clone()),
            pages: Mutex::new(BTreeMap::new()),
            size,
            writable: true,
        })
    }

    fn frame(&self, index: u64) -> Option<PhysAddr> {
        self.pages.lock().unwrap().get(&index).copied()
    }

    fn byte(&self, index: u64, offset: usize) -> u8 {
        let mut byte = [0u8];
        self.pool
            .read(self.frame(index).expect("page"), offset, &mut byte);
        byte[0]
    }

    fn backing(self: &Arc<Self>) -> FileBacking {
        FileBacking {
            source: self.clone(),
            file_bytes: None,
        }
    }
}

impl PageSource for CachedFile {
    fn size(&self) -> u64 {
        self.size
    }

    fn read_at(&self, _offset: u64, _buffer: &mut [u8]) -> Result<usize, Errno> {
        panic!("a cached file's pages are mapped, never copied in")
    }

    fn has_page_cache(&self) -> bool {
        true
    }

    fn opened_for_writing(&self) -> bool {
        self.writable
    }

    fn cached_page(&self, offset: u64, create: bool) -> Result<Option<PhysAddr>, Errno> {
        let mut pages = self.pages.lock().unwrap();
        let index = offset / PAGE;
        let frame = match pages.get(&index) {
            Some(&frame) => frame,
            None if create => {
                let frame = self.pool.alloc_zeroed()?;
                pages.insert(index, frame);
                frame
            }
            None => return Ok(None),
        };
        self.pool.share(frame);
        Ok(Some(frame))
    }
}

impl Drop for CachedFile {
    fn drop(&mut self) {
        for &frame in self.pages.lock().unwrap().values() {
            self.pool.release(frame);
        }
    }
}

fn map(space: &mut AddressSpace, file: &Arc<CachedFile>, prot: Prot, flags: MapFlags) -> u64 {
    space
        .mmap(ua(0), 2 * PAGE, prot, flags, 0, Some(file.backing()))
        .expect("file mapping")
        .as_u64()
}

#[test]
fn a_shared_mapping_maps_the_files_own_frames_both_ways() {
    let (machine, user, mut space) = new_space();
    let file = CachedFile::new(&user, 2, true);
    let at = map(&mut space, &file, RW, MapFlags::SHARED);
    assert_eq!(load(&machine, &mut space, at + PAGE), Ok(b'b'));
    assert_eq!(frame_at(&space, at + PAGE), file.frame(1));
    store(&machine, &mut space, at + 5, b'S').unwrap();
    assert_eq!(file.byte(0, 5), b'S', "the store reached the file");
    file.pool.write(file.frame(0).unwrap(), 6, b"W");
    assert_eq!(load(&machine, &mut space, at + 6), Ok(b'W'), "and back");
    assert_eq!(user.frame_refs(file.frame(0).unwrap()), 2);
    space.munmap(ua(at), 2 * PAGE).unwrap();
    assert_eq!(
        user.frame_refs(file.frame(0).unwrap()),
        1,
        "unmap gave it back"
    );
}

#[test]
fn a_private_mapping_shares_until_written_then_copies() {
    let (machine, user, mut space) = new_space();
    let file = CachedFile::new(&user, 2, false);
    let at = map(&mut space, &file, RW, MapFlags::PRIVATE);
    assert_eq!(load(&machine, &mut space, at), Ok(b'a'));
    assert_eq!(
        frame_at(&space, at),
        file.frame(0),
        "read: the cache's frame"
    );
    store(&machine, &mut space, at, b'P').unwrap();
    assert_ne!(frame_at(&space, at), file.frame(0), "write: a copy");
    assert_eq!(file.byte(0, 0), b'a', "the file is untouched");
    assert_eq!(
        load(&machine, &mut space, at + 1),
        Ok(b'a'),
        "the copy has the rest"
    );
    store(&machine, &mut space, at + PAGE, b'Q').unwrap();
    assert_ne!(
        frame_at(&space, at + PAGE),
        file.frame(1),
        "a first write copies at once"
    );
    assert_eq!(file.byte(1, 0), b'b');
    assert_eq!(user.frame_refs(file.frame(0).unwrap()), 1);
}

#[test]
fn fork_shares_a_shared_file_page_with_the_child() {
    let (machine, user, mut space) = new_space();
    let file = CachedFile::new(&user, 2, true);
    let at = map(&mut space, &file, RW, MapFlags::SHARED);
    store(&machine, &mut space, at, b'1').unwrap();
    let mut child = space.fork().expect("fork");
    store(&machine, &mut child, at, b'2').unwrap();
    assert_eq!(load(&machine, &mut space, at), Ok(b'2'));
    assert_eq!(file.byte(0, 0), b'2');
}

#[test]
fn write_access_follows_the_open_mode() {
    let (_, user, mut space) = new_space();
    let read_only = CachedFile::new(&user, 2, false);
    let at = map(&mut space, &read_only, R, MapFlags::SHARED);
    assert_eq!(space.mprotect(ua(at), PAGE, RW), Err(Errno::EACCES));
    let writable = CachedFile::new(&user, 2, true);
    let at = map(&mut space, &writable, R, MapFlags::SHARED);
    assert_eq!(space.mprotect(ua(at), PAGE, RW), Ok(()));
}

#[test]
fn holes_stay_holes_for_private_reads_and_fill_for_shared_ones() {
    let (machine, user, mut space) = new_space();
    let file = CachedFile::sparse(&user, 2 * PAGE);
    let private = map(&mut space, &file, R, MapFlags::PRIVATE);
    assert_eq!(load(&machine, &mut space, private), Ok(0));
    assert_eq!(file.frame(0), None, "a private read does not fill the hole");
    let shared = map(&mut space, &file, RW, MapFlags::SHARED);
    store(&machine, &mut space, shared + 7, b'h').unwrap();
    assert_eq!(file.byte(0, 7), b'h', "a shared access fills it");
}

#[test]
fn a_page_past_the_end_of_file_is_sigbus() {
    let (machine, user, mut space) = new_space();
    let file = CachedFile::new(&user, 1, true);
    let at = map(&mut space, &file, RW, MapFlags::SHARED);
    assert_eq!(load(&machine, &mut space, at + PAGE), Err(Fault::Bus));
    assert_eq!(load(&machine, &mut space, at), Ok(b'a'));
}

#[test]
fn copy_out_frame_copies_zeros_holes_and_stops_at_an_unwritable_page() {
    let (machine, user, mut space) = new_space();
    let file = CachedFile::new(&user, 1, false);
    let at = map_anywhere(&mut space, 2 * PAGE, RW);
    space.mprotect(ua(at + PAGE), PAGE, R).unwrap();
    let frame = file.frame(0);
    assert_eq!(space.copy_out_frame(ua(at + 10), frame, 100, 50), 50);
    assert_eq!(load(&machine, &mut space, at + 10), Ok(b'a'));
    assert_eq!(load(&machine, &mut space, at + 60), Ok(0));
    store(&machine, &mut space, at + PAGE - 4, b'x').unwrap();
    assert_eq!(space.copy_out_frame(ua(at + PAGE - 8), None, 0, 16), 8);
    assert_eq!(
        load(&machine, &mut space, at + PAGE - 4),
        Ok(0),
        "zeros for a hole"
    );
    assert_eq!(space.copy_out_frame(ua(TASK_END), frame, 0, 1), 0);
}

/// The first address past the user half.
const TASK_END: u64 = 1 << 48;
