//! Reading, writing, seeking and truncating regular files; sparse files.

mod common;

use common::*;
use kernel_core::services::vfs::{OpenFlags, SeekWhence, VfsService};
use kernel_core::Errno;

#[test]
fn offsets_advance_and_are_shared_by_the_description() {
    let world = World::new();
    let p = world.root();
    p.create("/f", b"abcdefgh").unwrap();
    let file = p.open("/f", RDWR).unwrap();
    let same = file.clone();
    let mut buffer = [0u8; 3];
    assert_eq!(file.read(&mut buffer).unwrap(), 3);
    assert_eq!(&buffer, b"abc");
    assert_eq!(same.read(&mut buffer).unwrap(), 3, "dup shares the offset");
    assert_eq!(&buffer, b"def");
    assert_eq!(file.read(&mut buffer).unwrap(), 2);
    assert_eq!(file.read(&mut buffer).unwrap(), 0, "end of file");
    let other = p.open("/f", RDONLY).unwrap();
    assert_eq!(
        other.read(&mut buffer).unwrap(),
        3,
        "another open has its own offset"
    );
    assert_eq!(&buffer, b"abc");
    assert_eq!(file.write(b"XY").unwrap(), 2);
    assert_eq!(p.read_all("/f").unwrap(), b"abcdefghXY");
    assert_eq!(file.write(b"").unwrap(), 0);
}

#[test]
fn lseek_rules() {
    let world = World::new();
    let p = world.root();
    p.create("/f", b"0123456789").unwrap();
    let file = p.open("/f", RDWR).unwrap();
    assert_eq!(file.seek(4, SeekWhence::Set).unwrap(), 4);
    assert_eq!(file.seek(2, SeekWhence::Current).unwrap(), 6);
    assert_eq!(file.seek(-3, SeekWhence::Current).unwrap(), 3);
    assert_eq!(file.seek(-1, SeekWhence::End).unwrap(), 9);
    assert_eq!(
        file.seek(100, SeekWhence::End).unwrap(),
        110,
        "past the end is fine"
    );
    assert_eq!(file.seek(-1, SeekWhence::Set).errno(), Errno::EINVAL);
    assert_eq!(file.seek(-11, SeekWhence::End).errno(), Errno::EINVAL);
    assert_eq!(
        file.seek(i64::MAX, SeekWhence::Current).errno(),
        Errno::EINVAL,
        "overflow"
    );
    assert_eq!(
        file.seek(0, SeekWhence::Current).unwrap(),
        110,
        "failed seeks leave the offset"
    );
    let mut buffer = [0u8; 4];
    assert_eq!(file.read(&mut buffer).unwrap(), 0);
    // Writing past the end leaves a hole of zeros.
    file.seek(12, SeekWhence::Set).unwrap();
    file.write(b"Z").unwrap();
    assert_eq!(p.read_all("/f").unwrap(), b"0123456789\0\0Z");
}

#[test]
fn pread_and_pwrite() {
    let world = World::new();
    let p = world.root();
    p.create("/f", b"0123456789").unwrap();
    let file = p.open("/f", RDWR).unwrap();
    let mut buffer = [0u8; 3];
    assert_eq!(file.read_at(5, &mut buffer).unwrap(), 3);
    assert_eq!(&buffer, b"567");
    assert_eq!(
        file.seek(0, SeekWhence::Current).unwrap(),
        0,
        "pread keeps the offset"
    );
    assert_eq!(file.write_at(8, b"AB").unwrap(), 2);
    assert_eq!(file.seek(0, SeekWhence::Current).unwrap(), 0);
    assert_eq!(p.read_all("/f").unwrap(), b"01234567AB");
    assert_eq!(file.read_at(-1, &mut buffer).errno(), Errno::EINVAL);
    assert_eq!(file.write_at(-5, b"x").errno(), Errno::EINVAL);
    assert_eq!(file.read_at(100, &mut buffer).unwrap(), 0);
    let reader = p.open("/f", RDONLY).unwrap();
    assert_eq!(reader.write_at(0, b"x").errno(), Errno::EBADF);
}

#[test]
fn sparse_files_and_seek_data_hole() {
    let world = World::new();
    let p = world.root();
    let file = p.open("/sparse", RDWR | CREAT).unwrap();
    file.write_at(1 << 20, b"end").unwrap();
    let meta = file.metadata().unwrap();
    assert_eq!(meta.size, (1 << 20) + 3);
    assert_eq!(meta.blocks, 8, "one 4 KiB page holds data");
    let mut buffer = vec![0xaau8; 8192];
    assert_eq!(file.read_at(4096, &mut buffer).unwrap(), 8192);
    assert!(buffer.iter().all(|byte| *byte == 0), "holes read as zeros");
    assert_eq!(file.seek(0, SeekWhence::Data).unwrap(), 1 << 20);
    assert_eq!(file.seek(0, SeekWhence::Hole).unwrap(), 0);
    assert_eq!(
        file.seek((1 << 20) + 1, SeekWhence::Hole).unwrap(),
        (1 << 20) + 3,
        "end of file is a hole"
    );
    assert_eq!(
        file.seek((1 << 20) + 3, SeekWhence::Data).errno(),
        Errno::ENXIO
    );
    assert_eq!(file.seek(-1, SeekWhence::Data).errno(), Errno::ENXIO);
    file.write_at(0, b"start").unwrap();
    assert_eq!(file.seek(2, SeekWhence::Data).unwrap(), 2);
    assert_eq!(file.seek(0, SeekWhence::Hole).unwrap(), 4096);
}

#[test]
fn truncate_shrinks_and_grows_with_zeros() {
    let world = World::new();
    let p = world.root();
    p.create("/f", &[b'x'; 10000]).unwrap();
    assert_eq!(p.stat("/f").unwrap().blocks, 24);
    let file = p.open("/f", RDWR).unwrap();
    file.truncate(5000).unwrap();
    assert_eq!(p.stat("/f").unwrap().size, 5000);
    assert_eq!(p.stat("/f").unwrap().blocks, 16, "the third page is freed");
    file.truncate(9000).unwrap();
    let data = p.read_all("/f").unwrap();
    assert_eq!(data.len(), 9000);
    assert!(data[..5000].iter().all(|byte| *byte == b'x'));
    assert!(
        data[5000..].iter().all(|byte| *byte == 0),
        "regrown part reads as zeros"
    );
    assert_eq!(file.truncate(-1).errno(), Errno::EINVAL);
    let reader = p.open("/f", RDONLY).unwrap();
    assert_eq!(
        reader.truncate(0).errno(),
        Errno::EINVAL,
        "ftruncate needs a writable description"
    );
    let ctx = p.ctx();
    p.vfs.truncate(&ctx, b"/f", 3).unwrap();
    assert_eq!(p.read_all("/f").unwrap(), b"xxx");
    p.mkdir("/d").unwrap();
    assert_eq!(p.vfs.truncate(&ctx, b"/d", 0).errno(), Errno::EISDIR);
    assert_eq!(p.vfs.truncate(&ctx, b"/f", -1).errno(), Errno::EINVAL);
    assert_eq!(
        p.vfs.truncate(&ctx, b"/dev-null-like", 0).errno(),
        Errno::ENOENT
    );
    assert_eq!(
        p.vfs.truncate(&ctx, b"/f", i64::MAX).map(|_| ()),
        Ok(()),
        "sparse: no memory needed"
    );
    assert_eq!(p.stat("/f").unwrap().size, i64::MAX as u64);
}

#[test]
fn file_size_limit() {
    let world = World::new();
    let p = world.root();
    let file = p.open("/big", RDWR | CREAT).unwrap();
    assert_eq!(file.write_at(i64::MAX, b"x").errno(), Errno::EFBIG);
    assert_eq!(
        file.write_at(i64::MAX - 2, b"xyz").unwrap(),
        2,
        "a write stops at the limit"
    );
}

#[test]
fn directories_seek_only_set_and_current() {
    let world = World::new();
    let p = world.root();
    let dir = p.open("/", RDONLY | OpenFlags::O_DIRECTORY).unwrap();
    assert_eq!(dir.seek(0, SeekWhence::End).errno(), Errno::EINVAL);
    assert_eq!(dir.seek(0, SeekWhence::Data).errno(), Errno::EINVAL);
    assert_eq!(dir.seek(1, SeekWhence::Set).unwrap(), 1);
    assert_eq!(dir.seek(1, SeekWhence::Current).unwrap(), 2);
    assert_eq!(dir.seek(-5, SeekWhence::Current).errno(), Errno::EINVAL);
}

#[test]
fn unlinked_files_stay_usable_while_open() {
    let world = World::new();
    let p = world.root();
    p.create("/tmpfile", b"still here").unwrap();
    let file = p.open("/tmpfile", RDWR).unwrap();
    p.unlink("/tmpfile").unwrap();
    assert_eq!(p.stat("/tmpfile").errno(), Errno::ENOENT);
    assert_eq!(file.metadata().unwrap().nlink, 0);
    file.seek(0, SeekWhence::End).unwrap();
    file.write(b"!").unwrap();
    let mut buffer = [0u8; 32];
    assert_eq!(file.read_at(0, &mut buffer).unwrap(), 11);
    assert_eq!(&buffer[..11], b"still here!");
    assert_eq!(
        p.vfs.path_of(&p.ctx(), &file).unwrap(),
        b"/tmpfile (deleted)"
    );
}
