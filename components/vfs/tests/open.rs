//! `openat` flags and their errnos.

mod common;

use common::*;
use kernel_core::services::vfs::{mode, FileType, OpenFlags, SeekWhence, VfsService};
use kernel_core::Errno;

#[test]
fn create_exclusive_and_umask() {
    let world = World::new();
    let p = world.root();
    let file = p.open_mode("/f", WRONLY | CREAT, 0o666).unwrap();
    assert_eq!(file.write(b"abc").unwrap(), 3);
    assert_eq!(
        p.stat("/f").unwrap().mode,
        mode::S_IFREG | 0o644,
        "umask 022 applied"
    );
    assert_eq!(
        p.open("/f", WRONLY | CREAT | OpenFlags::O_EXCL).errno(),
        Errno::EEXIST
    );
    assert!(
        p.open("/f", WRONLY | CREAT).is_ok(),
        "O_CREAT alone opens an existing file"
    );
    assert_eq!(
        p.read_all("/f").unwrap(),
        b"abc",
        "without O_TRUNC the data stays"
    );
    let mut q = world.root();
    q.umask = 0o077;
    q.open_mode("/private", WRONLY | CREAT, 0o777).unwrap();
    assert_eq!(q.stat("/private").unwrap().permissions(), 0o700);
    assert_eq!(p.open("/missing", RDONLY).errno(), Errno::ENOENT);
    assert_eq!(p.open("/missing/f", WRONLY | CREAT).errno(), Errno::ENOENT);
}

#[test]
fn create_through_symlinks() {
    let world = World::new();
    let p = world.root();
    p.mkdir("/d").unwrap();
    p.symlink("/d/target", "/dangling").unwrap();
    // O_CREAT follows a dangling link and creates its target...
    p.open("/dangling", WRONLY | CREAT).unwrap();
    assert_eq!(
        p.stat("/d/target").unwrap().file_type(),
        Some(FileType::Regular)
    );
    // ...but O_EXCL never follows: the link itself exists.
    p.symlink("/d/other", "/dangling2").unwrap();
    assert_eq!(
        p.open("/dangling2", WRONLY | CREAT | OpenFlags::O_EXCL)
            .errno(),
        Errno::EEXIST
    );
    assert_eq!(p.stat("/d/other").errno(), Errno::ENOENT);
    // O_NOFOLLOW on a link: ELOOP (with or without O_CREAT).
    assert_eq!(
        p.open("/dangling", RDONLY | OpenFlags::O_NOFOLLOW).errno(),
        Errno::ELOOP
    );
    assert_eq!(
        p.open("/dangling", WRONLY | CREAT | OpenFlags::O_NOFOLLOW)
            .errno(),
        Errno::ELOOP
    );
    // O_PATH | O_NOFOLLOW opens the link itself.
    let link = p
        .open("/dangling", OpenFlags::O_PATH | OpenFlags::O_NOFOLLOW)
        .unwrap();
    assert_eq!(
        link.metadata().unwrap().file_type(),
        Some(FileType::Symlink)
    );
    assert_eq!(p.vfs.readlink(&p.at(&link), b"").unwrap(), b"/d/target");
}

#[test]
fn directories() {
    let world = World::new();
    let p = world.root();
    p.mkdir("/d").unwrap();
    p.create("/f", b"").unwrap();
    assert!(p.open("/d", RDONLY).is_ok());
    assert_eq!(p.open("/d", WRONLY).errno(), Errno::EISDIR);
    assert_eq!(p.open("/d", RDWR).errno(), Errno::EISDIR);
    assert_eq!(
        p.open("/d", RDONLY | OpenFlags::O_TRUNC).errno(),
        Errno::EISDIR
    );
    assert_eq!(p.open("/d", WRONLY | CREAT).errno(), Errno::EISDIR);
    assert_eq!(p.open("/", WRONLY | CREAT).errno(), Errno::EISDIR);
    assert_eq!(
        p.open("/new/", WRONLY | CREAT).errno(),
        Errno::EISDIR,
        "O_CREAT with a trailing slash"
    );
    assert_eq!(
        p.open("/f", RDONLY | OpenFlags::O_DIRECTORY).errno(),
        Errno::ENOTDIR
    );
    // Linux 6.1: O_CREAT | O_DIRECTORY creates the file, then fails with ENOTDIR; on an
    // existing directory O_CREAT is EISDIR even for reading.
    assert_eq!(
        p.open("/g", RDONLY | CREAT | OpenFlags::O_DIRECTORY)
            .errno(),
        Errno::ENOTDIR,
        "O_CREAT | O_DIRECTORY"
    );
    assert!(p.stat("/g").is_ok());
    assert_eq!(p.open("/d", RDONLY | CREAT).errno(), Errno::EISDIR);
    let dir = p.open("/d", RDONLY).unwrap();
    let mut buffer = [0u8; 8];
    assert_eq!(dir.read(&mut buffer).errno(), Errno::EISDIR);
    assert_eq!(dir.write(b"x").errno(), Errno::EBADF);
    let tmpfile = OpenFlags::O_TMPFILE | OpenFlags::O_DIRECTORY;
    assert_eq!(p.open("/d", RDONLY | tmpfile).errno(), Errno::EINVAL);
    assert_eq!(p.open("/f", RDWR | tmpfile).errno(), Errno::ENOTDIR);
    let unnamed = p.open("/d", RDWR | tmpfile).unwrap();
    assert_eq!(unnamed.write(b"data").unwrap(), 4);
    let meta = unnamed.metadata().unwrap();
    assert_eq!((meta.nlink, meta.size), (0, 4));
    assert_eq!(p.list("/d").unwrap().len(), 2, "only . and .. are listed");
}

#[test]
fn truncate_and_append() {
    let world = World::new();
    let p = world.root();
    p.create("/f", b"0123456789").unwrap();
    p.open("/f", WRONLY | OpenFlags::O_TRUNC).unwrap();
    assert_eq!(p.stat("/f").unwrap().size, 0);
    p.create("/f", b"0123456789").unwrap();
    // O_TRUNC with O_RDONLY still truncates on Linux.
    p.open("/f", RDONLY | OpenFlags::O_TRUNC).unwrap();
    assert_eq!(p.stat("/f").unwrap().size, 0);
    p.create("/log", b"one\n").unwrap();
    let log = p.open("/log", WRONLY | OpenFlags::O_APPEND).unwrap();
    let other = p.open("/log", WRONLY).unwrap();
    assert_eq!(other.write(b"XX").unwrap(), 2, "overwrites at offset 0");
    assert_eq!(log.write(b"two\n").unwrap(), 4);
    assert_eq!(p.read_all("/log").unwrap(), b"XXe\ntwo\n");
    assert_eq!(
        log.seek(0, SeekWhence::Current).unwrap(),
        8,
        "offset after an append is the end"
    );
    log.seek(0, SeekWhence::Set).unwrap();
    log.write(b"3\n").unwrap();
    assert_eq!(
        p.read_all("/log").unwrap(),
        b"XXe\ntwo\n3\n",
        "O_APPEND ignores the offset"
    );
    assert_eq!(log.write_at(0, b"4\n").unwrap(), 2);
    assert_eq!(
        p.read_all("/log").unwrap(),
        b"XXe\ntwo\n3\n4\n",
        "pwrite with O_APPEND appends (Linux)"
    );
}

#[test]
fn access_modes_and_status_flags() {
    let world = World::new();
    let p = world.root();
    p.create("/f", b"data").unwrap();
    let reader = p.open("/f", RDONLY).unwrap();
    assert_eq!(reader.write(b"x").errno(), Errno::EBADF);
    let writer = p.open("/f", WRONLY).unwrap();
    let mut buffer = [0u8; 4];
    assert_eq!(writer.read(&mut buffer).errno(), Errno::EBADF);
    let path = p.open("/f", OpenFlags::O_PATH).unwrap();
    assert_eq!(path.read(&mut buffer).errno(), Errno::EBADF);
    assert_eq!(path.write(b"x").errno(), Errno::EBADF);
    assert_eq!(path.seek(0, SeekWhence::Set).errno(), Errno::EBADF);
    assert_eq!(path.metadata().unwrap().size, 4, "fstat works on O_PATH");
    let flags = reader.status_flags();
    assert!(
        flags.contains(OpenFlags::O_LARGEFILE),
        "64-bit Linux reports O_LARGEFILE"
    );
    assert!(!flags.contains(OpenFlags::O_CREAT));
    let file = p
        .open(
            "/f",
            RDWR | OpenFlags::O_CREAT | OpenFlags::O_CLOEXEC | OpenFlags::O_NONBLOCK,
        )
        .unwrap();
    let flags = file.status_flags();
    assert_eq!(
        flags.access(),
        kernel_core::services::vfs::AccessMode::ReadWrite
    );
    assert!(flags.contains(OpenFlags::O_NONBLOCK));
    assert!(!flags.intersects(OpenFlags::O_CREAT | OpenFlags::O_CLOEXEC));
    // F_SETFL changes only O_APPEND, O_ASYNC, O_DIRECT, O_NOATIME, O_NONBLOCK.
    file.set_status_flags(OpenFlags::O_APPEND | OpenFlags::O_WRONLY | OpenFlags::O_TRUNC);
    let flags = file.status_flags();
    assert!(flags.contains(OpenFlags::O_APPEND));
    assert!(!flags.contains(OpenFlags::O_NONBLOCK));
    assert!(!flags.contains(OpenFlags::O_TRUNC));
    assert_eq!(
        flags.access(),
        kernel_core::services::vfs::AccessMode::ReadWrite
    );
}
