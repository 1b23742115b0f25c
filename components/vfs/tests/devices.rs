//! devtmpfs and its devices: null, zero, full, random, urandom, console, tty.

mod common;

use common::*;
use kernel_core::services::vfs::{
    mode, DeviceId, FileType, MountFlags, OpenFlags, PollEvents, SeekWhence, Waker,
};
use kernel_core::Errno;
use std::sync::Arc;

fn with_dev(world: &World) -> Proc<'_> {
    let p = world.root();
    p.mkdir("/dev").unwrap();
    p.mount("devtmpfs", "/dev", MountFlags::empty(), "")
        .unwrap();
    p
}

#[test]
fn devtmpfs_holds_the_standard_nodes() {
    let world = World::new();
    let p = with_dev(&world);
    let names = p.list("/dev").unwrap();
    for name in [
        "null", "zero", "full", "random", "urandom", "tty", "console",
    ] {
        assert!(
            names.iter().any(|entry| entry == name),
            "/dev/{name} exists"
        );
    }
    let null = p.stat("/dev/null").unwrap();
    assert_eq!(null.mode, mode::S_IFCHR | 0o666);
    assert_eq!(null.rdev, DeviceId::new(1, 3));
    assert_eq!(p.stat("/dev/console").unwrap().mode, mode::S_IFCHR | 0o600);
    assert_eq!(p.stat("/dev/console").unwrap().rdev, DeviceId::new(5, 1));
    assert_eq!(p.stat("/dev").unwrap().permissions(), 0o755);
    // Every devtmpfs mount shows the same instance.
    p.mkdir("/dev2").unwrap();
    p.mount("devtmpfs", "/dev2", MountFlags::empty(), "")
        .unwrap();
    p.mknod("/dev/extra", mode::S_IFIFO | 0o600, DeviceId::default())
        .unwrap();
    assert_eq!(
        p.stat("/dev2/extra").unwrap().file_type(),
        Some(FileType::Fifo)
    );
    assert_eq!(p.stat("/dev2/null").unwrap().ino, null.ino);
}

#[test]
fn null_zero_full() {
    let world = World::new();
    let p = with_dev(&world);
    let null = p.open("/dev/null", RDWR).unwrap();
    let mut buffer = [0xffu8; 16];
    assert_eq!(null.read(&mut buffer).unwrap(), 0);
    assert_eq!(null.write(b"discard me").unwrap(), 10);
    assert_eq!(
        null.seek(100, SeekWhence::Set).unwrap(),
        0,
        "memory devices seek to 0"
    );
    let zero = p.open("/dev/zero", RDWR).unwrap();
    assert_eq!(zero.read(&mut buffer).unwrap(), 16);
    assert_eq!(buffer, [0u8; 16]);
    assert_eq!(zero.write(b"x").unwrap(), 1);
    let full = p.open("/dev/full", RDWR).unwrap();
    buffer.fill(0xff);
    assert_eq!(full.read(&mut buffer).unwrap(), 16);
    assert_eq!(buffer, [0u8; 16]);
    assert_eq!(full.write(b"x").errno(), Errno::ENOSPC);
    assert_eq!(
        full.write(b"").errno(),
        Errno::ENOSPC,
        "even an empty write"
    );
    assert_eq!(
        zero.read_at(12345, &mut buffer).unwrap(),
        16,
        "pread works on memory devices"
    );
    let meta = null.metadata().unwrap();
    assert_eq!(meta.rdev, DeviceId::new(1, 3));
    assert_eq!(
        null.poll(PollEvents::READABLE | PollEvents::WRITABLE, None),
        PollEvents::READABLE | PollEvents::WRITABLE
    );
    assert_eq!(null.getdents64(&mut [0u8; 64]).errno(), Errno::ENOTDIR);
}

#[test]
fn random_devices() {
    let world = World::new();
    let p = with_dev(&world);
    let random = p.open("/dev/urandom", RDONLY).unwrap();
    let mut first = [0u8; 100];
    let mut second = [0u8; 100];
    assert_eq!(random.read(&mut first).unwrap(), 100);
    assert_eq!(random.read(&mut second).unwrap(), 100);
    assert_ne!(first, second, "successive reads differ");
    assert!(
        first.iter().filter(|byte| **byte == 0).count() < 10,
        "not zeros"
    );
    let blocking = p.open("/dev/random", RDWR | OpenFlags::O_NONBLOCK).unwrap();
    let mut big = vec![0u8; 70_000];
    assert_eq!(
        blocking.read(&mut big).unwrap(),
        70_000,
        "never blocks, any size"
    );
    assert_eq!(blocking.write(b"more entropy").unwrap(), 12);
    let distinct: std::collections::HashSet<u8> = big.iter().copied().collect();
    assert!(distinct.len() > 250, "bytes spread over the range");
    let mut filled = [0u8; 32];
    world.vfs.random().fill(&mut filled);
    assert_ne!(filled, [0u8; 32]);
}

#[test]
fn console_and_tty() {
    let world = World::new();
    let p = with_dev(&world);
    let console = p.open("/dev/console", RDWR).unwrap();
    assert_eq!(console.write(b"hello\n").unwrap(), 6);
    let tty = p.open("/dev/tty", RDWR).unwrap();
    tty.write(b"tty\n").unwrap();
    assert_eq!(
        world.console.output.lock().unwrap().as_slice(),
        b"hello\ntty\n"
    );
    let mut buffer = [0u8; 8];
    assert_eq!(
        console.read(&mut buffer).errno(),
        Errno::EAGAIN,
        "no input yet"
    );
    let waker = Arc::new(CountingWaker::default());
    let as_waker: Arc<dyn Waker> = waker.clone();
    assert_eq!(
        console.poll(PollEvents::POLLIN, Some(&as_waker)),
        PollEvents::empty()
    );
    world.console.input.lock().unwrap().extend(b"ls\n");
    world.vfs.console().unwrap().input_ready();
    assert_eq!(waker.count(), 1, "the receive interrupt wakes readers");
    assert_eq!(console.poll(PollEvents::POLLIN, None), PollEvents::POLLIN);
    assert_eq!(console.read(&mut buffer).unwrap(), 3);
    assert_eq!(&buffer[..3], b"ls\n", "the byte poll peeked is not lost");
    assert_eq!(console.seek(0, SeekWhence::Set).errno(), Errno::ESPIPE);
    assert_eq!(console.read_at(0, &mut buffer).errno(), Errno::ESPIPE);
}

#[test]
fn device_nodes_anywhere_and_their_limits() {
    let world = World::new();
    let p = world.root();
    p.mknod("/mynull", mode::S_IFCHR | 0o666, DeviceId::new(1, 3))
        .unwrap();
    let file = p.open("/mynull", RDWR).unwrap();
    assert_eq!(
        file.write(b"gone").unwrap(),
        4,
        "a node anywhere reaches the driver by number"
    );
    p.mknod("/nodriver", mode::S_IFCHR | 0o666, DeviceId::new(99, 1))
        .unwrap();
    assert_eq!(p.open("/nodriver", RDONLY).errno(), Errno::ENXIO);
    p.mkdir("/nodev").unwrap();
    p.mount("tmpfs", "/nodev", MountFlags::NODEV, "").unwrap();
    p.mknod("/nodev/null", mode::S_IFCHR | 0o666, DeviceId::new(1, 3))
        .unwrap();
    assert_eq!(p.open("/nodev/null", RDONLY).errno(), Errno::EACCES);
    let user = p.user(1000, 1000);
    p.chmod("/mynull", 0o600).unwrap();
    assert_eq!(
        user.open("/mynull", RDONLY).errno(),
        Errno::EACCES,
        "device nodes obey their mode"
    );
}

#[test]
fn without_a_console_there_are_no_console_nodes() {
    use kernel_core::services::vfs::VfsService;
    let clock = Arc::new(FakeClock(std::sync::atomic::AtomicU64::new(0)));
    let vfs = vfs::Vfs::new(vfs::VfsCaps {
        clock,
        boot_epoch_ns: 0,
        console: None,
        random_seed: [0; 32],
        memory_bytes: 0,
        pages: Arc::new(kernel_core::testing::HostPagePool::new(1 << 20)),
    })
    .unwrap();
    let root = vfs.root_directory();
    let credentials = kernel_core::services::vfs::Credentials::root();
    let ctx = kernel_core::services::vfs::PathContext {
        credentials: &credentials,
        umask: 0,
        root: &root,
        base: &root,
    };
    vfs.mkdir(&ctx, b"/dev", 0o755).unwrap();
    vfs.mount(&ctx, b"dev", b"/dev", b"devtmpfs", MountFlags::empty(), b"")
        .unwrap();
    assert!(vfs.stat(&ctx, b"/dev/null", NONE).is_ok());
    assert_eq!(vfs.stat(&ctx, b"/dev/console", NONE).errno(), Errno::ENOENT);
    assert!(vfs.console().is_none());
}
