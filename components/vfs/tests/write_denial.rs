//! `ETXTBSY`: a file open for writing cannot be run, and a running program cannot be opened
//! for writing or truncated (Linux's `i_writecount`, `deny_write_access`).

mod common;

use common::*;
use kernel_core::services::vfs::{OpenFlags, VfsService, WriteDenial};
use kernel_core::Errno;

#[test]
fn a_file_open_for_writing_cannot_be_denied_until_closed() {
    let world = World::new();
    let p = world.root();
    p.create("/program", b"\x7fELF").unwrap();
    let writer = p.open("/program", WRONLY).unwrap();
    let reader = p.open("/program", RDONLY).unwrap();
    assert_eq!(
        WriteDenial::take(reader.inode()).err(),
        Some(Errno::ETXTBSY)
    );
    let second_writer = p.open("/program", RDWR).unwrap();
    let twin = writer.clone();
    drop(writer);
    drop(second_writer);
    assert_eq!(
        WriteDenial::take(reader.inode()).err(),
        Some(Errno::ETXTBSY),
        "a dup of the writer still writes"
    );
    drop(twin);
    assert!(WriteDenial::take(reader.inode()).is_ok());
    // Created files and O_TMPFILE files are writers too.
    let created = p.open_mode("/new", WRONLY | CREAT, 0o755).unwrap();
    assert_eq!(
        WriteDenial::take(created.inode()).err(),
        Some(Errno::ETXTBSY)
    );
    let tmpfile = OpenFlags::O_TMPFILE | OpenFlags::O_DIRECTORY | RDWR;
    let anonymous = p.open_mode("/", tmpfile, 0o755).unwrap();
    assert_eq!(
        WriteDenial::take(anonymous.inode()).err(),
        Some(Errno::ETXTBSY)
    );
}

#[test]
fn a_running_program_cannot_be_written_or_truncated() {
    let world = World::new();
    let p = world.root();
    p.create("/program", b"\x7fELF code").unwrap();
    let file = p.open("/program", RDONLY).unwrap();
    let running = WriteDenial::take(file.inode()).unwrap();
    let again = WriteDenial::take(file.inode()).expect("two processes may run one program");
    assert_eq!(p.open("/program", WRONLY).errno(), Errno::ETXTBSY);
    assert_eq!(p.open("/program", RDWR).errno(), Errno::ETXTBSY);
    assert_eq!(
        p.open("/program", RDONLY | OpenFlags::O_TRUNC).errno(),
        Errno::ETXTBSY
    );
    assert_eq!(
        p.vfs.truncate(&p.ctx(), b"/program", 0).err(),
        Some(Errno::ETXTBSY)
    );
    assert_eq!(p.read_all("/program").unwrap(), b"\x7fELF code");
    // Reading, and permission errors that come first, are unchanged.
    assert!(p.open("/program", RDONLY).is_ok());
    p.chmod("/program", 0o555).unwrap();
    assert_eq!(
        p.user(1000, 1000).open("/program", WRONLY).errno(),
        Errno::EACCES
    );
    p.chmod("/program", 0o755).unwrap();
    // Unlinking and replacing by rename are allowed, as on Linux.
    p.link("/program", "/alias").unwrap();
    p.unlink("/alias").unwrap();
    drop(running);
    assert_eq!(p.open("/program", WRONLY).errno(), Errno::ETXTBSY);
    drop(again);
    let writer = p.open("/program", WRONLY | OpenFlags::O_TRUNC).unwrap();
    assert_eq!(writer.write(b"new").unwrap(), 3);
    drop(writer);
    assert!(p.vfs.truncate(&p.ctx(), b"/program", 1).is_ok());
}
