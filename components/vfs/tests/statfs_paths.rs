//! statfs and tmpfs limits; absolute paths of open descriptions (getcwd).

mod common;

use common::*;
use kernel_core::services::vfs::{MountFlags, OpenFlags, VfsService};
use kernel_core::Errno;
use vfs::TMPFS_MAGIC;

#[test]
fn statfs_and_limits() {
    let world = World::with_memory(64 << 20);
    let p = world.root();
    let stats = p.vfs.statfs(&p.ctx(), b"/").unwrap();
    assert_eq!(stats.magic, TMPFS_MAGIC);
    assert_eq!(stats.block_size, 4096);
    assert_eq!(stats.blocks, 8192, "half of 64 MiB in pages");
    assert_eq!(stats.name_max, 255);
    assert_ne!(stats.flags & 0x20, 0, "ST_VALID");
    p.mkdir("/small").unwrap();
    p.mount(
        "tmpfs",
        "/small",
        MountFlags::empty(),
        "size=8k,nr_inodes=4",
    )
    .unwrap();
    let file = p.open("/small/f", RDWR | CREAT).unwrap();
    assert_eq!(
        file.write(&[1u8; 10000]).unwrap(),
        8192,
        "a write stops when space runs out"
    );
    assert_eq!(file.write(b"more").errno(), Errno::ENOSPC);
    let stats = p.vfs.statfs(&p.ctx(), b"/small/f").unwrap();
    assert_eq!((stats.blocks, stats.blocks_free), (2, 0));
    file.truncate(0).unwrap();
    assert_eq!(
        p.vfs.statfs(&p.ctx(), b"/small").unwrap().blocks_free,
        2,
        "truncation frees pages"
    );
    p.create("/small/b", b"").unwrap();
    p.create("/small/c", b"").unwrap();
    assert_eq!(
        p.open("/small/d", WRONLY | CREAT).errno(),
        Errno::ENOSPC,
        "root + 3 files = 4 inodes"
    );
    p.unlink("/small/c").unwrap();
    p.create("/small/d", b"").unwrap();
    let (reader, _writer) = p.vfs.pipe(&p.credentials, OpenFlags::empty()).unwrap();
    let pipe_stats = p.vfs.statfs(&p.at(&reader), b"").unwrap();
    assert_eq!(
        pipe_stats.magic, 0x5049_5045,
        "fstatfs on a pipe: PIPEFS_MAGIC"
    );
}

#[test]
fn paths_of_descriptions() {
    let world = World::new();
    let mut p = world.root();
    p.mkdir("/a").unwrap();
    p.mkdir("/a/mnt").unwrap();
    p.mount("tmpfs", "/a/mnt", MountFlags::empty(), "").unwrap();
    p.mkdir("/a/mnt/deep").unwrap();
    p.chdir("/a/mnt/deep").unwrap();
    assert_eq!(p.getcwd().unwrap(), "/a/mnt/deep");
    p.chdir("..").unwrap();
    assert_eq!(p.getcwd().unwrap(), "/a/mnt");
    p.chdir("..").unwrap();
    assert_eq!(p.getcwd().unwrap(), "/a");
    p.rename("/a", "/renamed").unwrap();
    assert_eq!(
        p.getcwd().unwrap(),
        "/renamed",
        "directories report where they are now"
    );
    p.create("/renamed/mnt/file", b"").unwrap();
    let file = p.open("mnt/file", RDONLY).unwrap();
    assert_eq!(
        p.vfs.path_of(&p.ctx(), &file).unwrap(),
        b"/renamed/mnt/file"
    );
    p.symlink("/renamed/mnt/file", "/link").unwrap();
    let through_link = p.open("/link", RDONLY).unwrap();
    assert_eq!(
        p.vfs.path_of(&p.ctx(), &through_link).unwrap(),
        b"/renamed/mnt/file",
        "the path of the link's target"
    );
    p.chdir("/").unwrap();
    assert_eq!(p.getcwd().unwrap(), "/");
    assert_eq!(p.chdir("/renamed/mnt/file").errno(), Errno::ENOTDIR);
}
