//! tmpfs data as page-cache frames: pages handed out by reference, reads served piece by
//! piece, frames freed with the file and kept alive by their holders.

mod common;

use common::*;
use kernel_core::services::pagecache::{PagePiece, PagePool};
use kernel_core::services::vfs::{File, MountFlags, OpenFlags, SeekWhence};
use kernel_core::Errno;
use std::sync::Arc;
use std::vec::Vec;

/// Reads `len` bytes through `read_pages`, gathering the bytes and the pieces.
fn read_pages(world: &World, file: &Arc<dyn File>, len: usize) -> (Vec<u8>, Vec<PagePiece>) {
    let mut bytes = Vec::new();
    let mut pieces = Vec::new();
    let got = file
        .read_pages(len, &mut |piece: PagePiece| {
            let mut chunk = vec![0u8; piece.len];
            if let Some(frame) = piece.frame {
                world.pages.read(frame, piece.offset, &mut chunk);
            }
            bytes.extend_from_slice(&chunk);
            pieces.push(piece);
            piece.len
        })
        .expect("a tmpfs file has a page cache")
        .expect("read");
    assert_eq!(got, bytes.len());
    (bytes, pieces)
}

#[test]
fn read_pages_matches_read_with_holes_as_zeros() {
    let world = World::new();
    let p = world.root();
    let file = p.open("/f", RDWR | CREAT).unwrap();
    file.write_at(10, b"head").unwrap();
    file.write_at(3 * 4096 + 5, b"tail").unwrap();
    let (bytes, pieces) = read_pages(&world, &file, 1 << 20);
    let mut expected = vec![0u8; 3 * 4096 + 9];
    expected[10..14].copy_from_slice(b"head");
    expected[3 * 4096 + 5..].copy_from_slice(b"tail");
    assert_eq!(bytes, expected);
    assert_eq!(
        pieces.len(),
        4,
        "one piece per page, stopping at the end of file"
    );
    assert!(
        pieces[1].frame.is_none() && pieces[2].frame.is_none(),
        "holes"
    );
    assert_eq!(pieces[3].len, 9);
    assert_eq!(file.seek(0, SeekWhence::Current).unwrap(), 3 * 4096 + 9);
    let (bytes, _) = read_pages(&world, &file, 100);
    assert!(bytes.is_empty(), "at the end of file");
}

#[test]
fn a_sink_taking_less_ends_the_read_there() {
    let world = World::new();
    let p = world.root();
    p.create("/f", &[b'x'; 10000]).unwrap();
    let file = p.open("/f", RDONLY).unwrap();
    file.seek(4000, SeekWhence::Set).unwrap();
    let got = file.read_pages(10000, &mut |piece: PagePiece| piece.len.min(50));
    assert_eq!(
        got,
        Some(Ok(50)),
        "the first piece is 96 bytes; 50 were taken"
    );
    assert_eq!(file.seek(0, SeekWhence::Current).unwrap(), 4050);
}

#[test]
fn read_pages_needs_a_readable_regular_file() {
    let world = World::new();
    let p = world.root();
    p.create("/f", b"data").unwrap();
    let write_only = p.open("/f", WRONLY).unwrap();
    assert_eq!(
        write_only.read_pages(4, &mut |piece: PagePiece| piece.len),
        Some(Err(Errno::EBADF))
    );
    let null = p.open("/dev/null", RDONLY);
    if let Ok(null) = null {
        assert!(null
            .read_pages(4, &mut |piece: PagePiece| piece.len)
            .is_none());
    }
    let dir = p.open("/", OpenFlags::O_DIRECTORY).unwrap();
    assert!(dir
        .read_pages(4, &mut |piece: PagePiece| piece.len)
        .is_none());
}

#[test]
fn cached_pages_are_the_files_bytes_both_ways() {
    let world = World::new();
    let p = world.root();
    p.create("/f", b"0123456789").unwrap();
    let file = p.open("/f", RDWR).unwrap();
    let inode = file.inode();
    assert!(inode.has_page_cache());
    let page = inode
        .cached_page(0, false)
        .unwrap()
        .expect("page 0 is data");
    let mut bytes = [0u8; 4];
    world.pages.read(page.frame(), 2, &mut bytes);
    assert_eq!(&bytes, b"2345");
    world.pages.write(page.frame(), 0, b"AB");
    assert_eq!(
        p.read_all("/f").unwrap(),
        b"AB23456789",
        "a store through a mapping"
    );
    assert!(inode.cached_page(4096, false).unwrap().is_none(), "a hole");
}

#[test]
fn a_held_page_outlives_truncation_and_the_file_frees_the_rest() {
    let world = World::new();
    let p = world.root();
    let before = world.pages.live_pages();
    p.create("/f", &[7u8; 3 * 4096]).unwrap();
    assert_eq!(world.pages.live_pages(), before + 3);
    let file = p.open("/f", RDWR).unwrap();
    let held = file.inode().cached_page(2 * 4096, false).unwrap().unwrap();
    assert_eq!(world.pages.references(held.frame()), 2);
    file.truncate(4096 + 1).unwrap();
    assert_eq!(world.pages.live_pages(), before + 3, "the held page stays");
    assert_eq!(world.pages.references(held.frame()), 1);
    let frame = held.frame();
    drop(held);
    assert_eq!(world.pages.references(frame), 0);
    assert_eq!(world.pages.live_pages(), before + 2);
    let mut tail = [1u8; 8];
    assert_eq!(file.read_at(4096, &mut tail).unwrap(), 1);
    file.truncate(4096 + 8).unwrap();
    assert_eq!(file.read_at(4096, &mut tail).unwrap(), 8);
    assert_eq!(
        tail,
        [7, 0, 0, 0, 0, 0, 0, 0],
        "truncation zeroed the page's tail"
    );
    drop(file);
    p.unlink("/f").unwrap();
    assert_eq!(
        world.pages.live_pages(),
        before,
        "the last close of an unlinked file"
    );
}

#[test]
fn creating_a_page_for_a_shared_mapping_is_charged_to_the_mount() {
    let world = World::new();
    let p = world.root();
    p.mkdir("/small").unwrap();
    p.mount("tmpfs", "/small", MountFlags::empty(), "size=8k")
        .unwrap();
    let file = p.open("/small/f", RDWR | CREAT).unwrap();
    file.truncate(4 * 4096).unwrap();
    let inode = file.inode();
    assert!(inode.cached_page(0, true).unwrap().is_some());
    assert!(inode.cached_page(4096, true).unwrap().is_some());
    assert_eq!(
        inode.cached_page(2 * 4096, true).unwrap_err(),
        Errno::ENOSPC
    );
}
