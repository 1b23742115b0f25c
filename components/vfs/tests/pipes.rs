//! Pipes and FIFOs: capacity, PIPE_BUF atomicity, end of file, EPIPE, EAGAIN, readiness, waking.

mod common;

use common::*;
use kernel_core::services::vfs::{
    mode, Credentials, DeviceId, File, OpenFlags, PollEvents, SeekWhence, VfsService, Waker,
    PIPE_BUF, PIPE_CAPACITY,
};
use kernel_core::Errno;
use std::sync::Arc;

fn pipe(world: &World) -> (Arc<dyn File>, Arc<dyn File>) {
    world
        .vfs
        .pipe(&Credentials::user(7, 8), OpenFlags::empty())
        .unwrap()
}

#[test]
fn bytes_flow_in_order() {
    let world = World::new();
    let (reader, writer) = pipe(&world);
    assert_eq!(writer.write(b"hello ").unwrap(), 6);
    assert_eq!(writer.write(b"world").unwrap(), 5);
    let mut buffer = [0u8; 4];
    assert_eq!(reader.read(&mut buffer).unwrap(), 4);
    assert_eq!(&buffer, b"hell");
    assert_eq!(drain(&reader), b"o world");
    assert_eq!(
        reader.read(&mut buffer).errno(),
        Errno::EAGAIN,
        "empty with a writer: would block"
    );
    assert_eq!(
        reader.read(&mut []).unwrap(),
        0,
        "a zero-length read returns at once"
    );
    assert_eq!(reader.write(b"x").errno(), Errno::EBADF);
    assert_eq!(writer.read(&mut buffer).errno(), Errno::EBADF);
}

#[test]
fn end_of_file_and_broken_pipe() {
    let world = World::new();
    let (reader, writer) = pipe(&world);
    let second_writer = writer.clone();
    writer.write(b"last").unwrap();
    drop(writer);
    assert_eq!(drain(&reader), b"last");
    let mut buffer = [0u8; 4];
    assert_eq!(
        reader.read(&mut buffer).errno(),
        Errno::EAGAIN,
        "a dup of the writer is still open"
    );
    drop(second_writer);
    assert_eq!(
        reader.read(&mut buffer).unwrap(),
        0,
        "all writers closed: end of file"
    );
    let (reader, writer) = pipe(&world);
    drop(reader);
    assert_eq!(writer.write(b"x").errno(), Errno::EPIPE);
    assert_eq!(
        writer.write(b"").unwrap(),
        0,
        "a null write succeeds even then"
    );
}

#[test]
fn capacity_and_pipe_buf_atomicity() {
    // Linux keeps a pipe as 16 page slots: a write's sub-page part merges into the last page
    // only if it fits there whole, the rest takes new pages (numbers checked on Linux 6.1).
    let world = World::new();
    let (reader, writer) = pipe(&world);
    let chunk = vec![1u8; 1000];
    let mut total = 0;
    loop {
        match writer.write(&chunk) {
            Ok(count) => total += count,
            Err(error) => {
                assert_eq!(error, Errno::EAGAIN);
                break;
            }
        }
    }
    assert_eq!(total, 64000, "four 1000-byte writes per page, 16 pages");
    assert_eq!(
        writer.write(&vec![2u8; 600]).errno(),
        Errno::EAGAIN,
        "600 <= PIPE_BUF does not fit the last page's 96 free bytes"
    );
    assert_eq!(
        writer.write(&[2u8; 96]).unwrap(),
        96,
        "one that fits goes in"
    );
    assert_eq!(writer.write(b"x").errno(), Errno::EAGAIN, "every page full");
    let mut out = vec![0u8; 5000];
    assert_eq!(reader.read(&mut out).unwrap(), 5000);
    // The first page is free again: a PIPE_BUF write takes it whole.
    assert_eq!(writer.write(&vec![3u8; PIPE_BUF]).unwrap(), PIPE_BUF);
    assert_eq!(
        writer.write(&vec![4u8; 4097]).errno(),
        Errno::EAGAIN,
        "no slot left"
    );
    let mut all = Vec::new();
    while let Ok(count) = reader.read(&mut out) {
        if count == 0 {
            break;
        }
        all.extend_from_slice(&out[..count]);
    }
    assert_eq!(all.len(), 64000 + 96 - 5000 + PIPE_BUF);
    assert_eq!(all[all.len() - 1], 3);
    assert_eq!(all[all.len() - PIPE_BUF - 1], 2);
    assert!(all.len() <= PIPE_CAPACITY);
}

#[test]
fn not_seekable() {
    let world = World::new();
    let (reader, writer) = pipe(&world);
    assert_eq!(reader.seek(0, SeekWhence::Set).errno(), Errno::ESPIPE);
    assert_eq!(writer.seek(0, SeekWhence::Current).errno(), Errno::ESPIPE);
    assert_eq!(reader.read_at(0, &mut [0u8; 1]).errno(), Errno::ESPIPE);
    assert_eq!(writer.write_at(0, b"x").errno(), Errno::ESPIPE);
    assert_eq!(writer.truncate(0).errno(), Errno::EINVAL);
    assert_eq!(reader.getdents64(&mut [0u8; 64]).errno(), Errno::ENOTDIR);
    let meta = reader.metadata().unwrap();
    assert_eq!(meta.mode, mode::S_IFIFO | 0o600);
    assert_eq!((meta.uid, meta.gid, meta.size), (7, 8, 0));
    assert_eq!(
        writer.metadata().unwrap().ino,
        meta.ino,
        "both ends share the inode"
    );
    let (other, _keep) = pipe(&world);
    assert_ne!(other.metadata().unwrap().ino, meta.ino);
    let p = world.root();
    assert_eq!(
        String::from_utf8(p.vfs.path_of(&p.ctx(), &reader).unwrap()).unwrap(),
        format!("pipe:[{}]", meta.ino)
    );
}

#[test]
fn readiness_and_wakeups() {
    let world = World::new();
    let (reader, writer) = pipe(&world);
    let all = PollEvents::READABLE | PollEvents::WRITABLE;
    assert_eq!(reader.poll(all, None), PollEvents::empty());
    assert_eq!(writer.poll(all, None), PollEvents::WRITABLE);
    let waker = Arc::new(CountingWaker::default());
    let as_waker: Arc<dyn Waker> = waker.clone();
    assert_eq!(
        reader.poll(PollEvents::POLLIN, Some(&as_waker)),
        PollEvents::empty()
    );
    writer.write(b"ping").unwrap();
    assert_eq!(waker.count(), 1, "a write wakes the parked reader");
    assert_eq!(reader.poll(all, None), PollEvents::READABLE);
    writer.write(&vec![0u8; PIPE_CAPACITY - 4]).unwrap();
    assert_eq!(
        writer.poll(all, Some(&as_waker)),
        PollEvents::empty(),
        "full"
    );
    drain(&reader);
    assert_eq!(waker.count(), 2, "a read wakes the parked writer");
    drop(reader);
    assert_eq!(
        writer.poll(all, None),
        PollEvents::WRITABLE | PollEvents::POLLERR,
        "no reader"
    );
    let (reader, writer) = pipe(&world);
    reader.poll(PollEvents::POLLIN, Some(&as_waker));
    drop(writer);
    assert_eq!(waker.count(), 3, "closing the last writer wakes readers");
    assert_eq!(reader.poll(PollEvents::POLLIN, None), PollEvents::POLLHUP);
}

#[test]
fn pipe2_flags() {
    let world = World::new();
    let credentials = Credentials::root();
    let (reader, writer) = world
        .vfs
        .pipe(&credentials, OpenFlags::O_NONBLOCK | OpenFlags::O_CLOEXEC)
        .unwrap();
    assert!(reader.status_flags().contains(OpenFlags::O_NONBLOCK));
    assert_eq!(
        writer.status_flags().access(),
        kernel_core::services::vfs::AccessMode::WriteOnly
    );
    assert!(
        !reader.status_flags().contains(OpenFlags::O_LARGEFILE),
        "pipe2 ends lack O_LARGEFILE"
    );
    let p = world.root();
    p.mknod("/fifo", mode::S_IFIFO | 0o600, DeviceId::default())
        .unwrap();
    let fifo = p.open("/fifo", RDONLY | OpenFlags::O_NONBLOCK).unwrap();
    assert!(
        fifo.status_flags().contains(OpenFlags::O_LARGEFILE),
        "open(2) adds it"
    );
    assert_eq!(
        world.vfs.pipe(&credentials, OpenFlags::O_APPEND).errno(),
        Errno::EINVAL
    );
}

#[test]
fn fifos() {
    let world = World::new();
    let p = world.root();
    p.mknod("/fifo", mode::S_IFIFO | 0o666, DeviceId::default())
        .unwrap();
    let nonblock = OpenFlags::O_NONBLOCK;
    assert_eq!(
        p.open("/fifo", WRONLY | nonblock).errno(),
        Errno::ENXIO,
        "no reader yet"
    );
    let reader = p.open("/fifo", RDONLY | nonblock).unwrap();
    assert!(reader.open_ready(None));
    assert_eq!(
        reader.read(&mut [0u8; 4]).unwrap(),
        0,
        "no writer: end of file"
    );
    assert_eq!(
        reader.poll(PollEvents::POLLIN, None),
        PollEvents::empty(),
        "no hang-up before a writer came"
    );
    let writer = p.open("/fifo", WRONLY | nonblock).unwrap();
    writer.write(b"through the fifo").unwrap();
    assert_eq!(drain(&reader), b"through the fifo");
    assert_eq!(reader.seek(0, SeekWhence::Set).errno(), Errno::ESPIPE);
    drop(writer);
    assert_eq!(reader.poll(PollEvents::POLLIN, None), PollEvents::POLLHUP);
    drop(reader);
    // A blocking open completes when the other end arrives.
    let blocking_reader = p.open("/fifo", RDONLY).unwrap();
    let waker = Arc::new(CountingWaker::default());
    let as_waker: Arc<dyn Waker> = waker.clone();
    assert!(!blocking_reader.open_ready(Some(&as_waker)));
    let blocking_writer = p.open("/fifo", WRONLY).unwrap();
    assert_eq!(
        waker.count(),
        1,
        "the writer's open wakes the waiting reader"
    );
    assert!(blocking_reader.open_ready(None));
    assert!(
        blocking_writer.open_ready(None),
        "a reader was there already"
    );
    blocking_writer.write(b"x").unwrap();
    assert_eq!(drain(&blocking_reader), b"x");
    // A reader that opened while the writer was there sees its hang-up (a blocked `cat fifo`
    // wakes at end of file).
    let late_reader = p.open("/fifo", RDONLY).unwrap();
    drop(blocking_writer);
    assert_eq!(
        late_reader.poll(PollEvents::POLLIN, None),
        PollEvents::POLLHUP
    );
    assert_eq!(late_reader.read(&mut [0u8; 4]).unwrap(), 0);
    let both = p.open("/fifo", RDWR).unwrap();
    assert!(both.open_ready(None), "O_RDWR never waits");
    assert_eq!(p.stat("/fifo").unwrap().size, 0);
    assert_eq!(
        p.open("/fifo", OpenFlags::O_WRONLY | OpenFlags::O_RDWR)
            .errno(),
        Errno::EINVAL,
        "access mode 3"
    );
}
