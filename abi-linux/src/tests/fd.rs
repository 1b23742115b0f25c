//! Host tests of the descriptor and I/O rows over a real `process::FdTable` and byte-queue
//! files (the kernel's table type, with a small `RLIMIT_NOFILE`).

mod fs_calls;
mod mock;

use crate::context::FileTable;
use crate::table::{dispatch, nr};
use alloc::sync::Arc;
use alloc::vec::Vec;
use kernel_core::services::tty::{ioctl as tty, Termios};
use kernel_core::services::vfs::{DeviceId, File, OpenFlags};
use mock::{ctx, get, put, queue, regular, LIMIT};

#[test]
fn dup_family_close_and_fd_flags() {
    let ctx = ctx(regular());
    assert_eq!(dispatch(&ctx, nr::dup, [0, 0, 0, 0, 0, 0]), 1);
    assert_eq!(dispatch(&ctx, nr::dup3, [0, 5, 0o2000000, 0, 0, 0]), 5);
    assert_eq!(dispatch(&ctx, nr::fcntl, [5, 1, 0, 0, 0, 0]), 1); // F_GETFD: FD_CLOEXEC
    assert_eq!(dispatch(&ctx, nr::fcntl, [1, 1, 0, 0, 0, 0]), 0);
    assert_eq!(dispatch(&ctx, nr::dup3, [0, 0, 0, 0, 0, 0]), -22); // same fd
    assert_eq!(dispatch(&ctx, nr::dup3, [0, 6, 1, 0, 0, 0]), -22); // bad flag
    assert_eq!(dispatch(&ctx, nr::dup3, [0, LIMIT, 0, 0, 0, 0]), -9); // past the limit
    assert_eq!(dispatch(&ctx, nr::close, [5, 0, 0, 0, 0, 0]), 0);
    assert_eq!(dispatch(&ctx, nr::close, [5, 0, 0, 0, 0, 0]), -9);
    assert_eq!(dispatch(&ctx, nr::fcntl, [0, 0, 3, 0, 0, 0]), 3); // F_DUPFD >= 3
    assert_eq!(dispatch(&ctx, nr::fcntl, [0, 1030, 0, 0, 0, 0]), 2); // F_DUPFD_CLOEXEC
    assert_eq!(dispatch(&ctx, nr::fcntl, [2, 1, 0, 0, 0, 0]), 1);
    assert_eq!(dispatch(&ctx, nr::fcntl, [0, 0, LIMIT, 0, 0, 0]), -22);
    assert_eq!(dispatch(&ctx, nr::fcntl, [0, 99, 0, 0, 0, 0]), -22);
    assert_eq!(dispatch(&ctx, nr::fcntl, [7, 3, 0, 0, 0, 0]), -9);
    // 0..=3 open; 4..8 fill up, then EMFILE.
    for fd in 4..LIMIT {
        assert_eq!(dispatch(&ctx, nr::dup, [0, 0, 0, 0, 0, 0]), fd as isize);
    }
    assert_eq!(dispatch(&ctx, nr::dup, [0, 0, 0, 0, 0, 0]), -24);
}

#[test]
fn status_flags_through_fcntl() {
    let ctx = ctx(regular());
    assert_eq!(dispatch(&ctx, nr::fcntl, [0, 3, 0, 0, 0, 0]), 0o2); // O_RDWR
    assert_eq!(dispatch(&ctx, nr::fcntl, [0, 4, 0o4100, 0, 0, 0]), 0); // O_NONBLOCK|O_CREAT
    assert_eq!(dispatch(&ctx, nr::fcntl, [0, 3, 0, 0, 0, 0]), 0o4002);
}

#[test]
fn blocking_read_sleeps_until_ready_nonblocking_does_not() {
    let file = regular();
    let ctx = ctx(file.clone());
    assert_eq!(dispatch(&ctx, nr::read, [0, 0x1000, 16, 0, 0, 0]), 4);
    assert_eq!(get(&ctx, 0x1000, 4), b"late");
    assert_eq!(ctx.waits.get(), 1);
    file.set_status_flags(OpenFlags::O_NONBLOCK);
    assert_eq!(dispatch(&ctx, nr::read, [0, 0x1000, 16, 0, 0, 0]), -11);
    assert_eq!(ctx.waits.get(), 1);
}

#[test]
fn vectored_io_walks_each_iovec() {
    let file = regular();
    let ctx = ctx(file.clone());
    put(&ctx, 0x1080, b"ab");
    put(&ctx, 0x1090, b"cde");
    let mut iov = Vec::new();
    for (base, len) in [(0x1080u64, 2u64), (0x10a0, 0), (0x1090, 3)] {
        iov.extend_from_slice(&base.to_le_bytes());
        iov.extend_from_slice(&len.to_le_bytes());
    }
    put(&ctx, 0x1000, &iov);
    assert_eq!(dispatch(&ctx, nr::writev, [0, 0x1000, 3, 0, 0, 0]), 5);
    assert_eq!(*file.data.lock(), b"abcde");
    // Read back split 1 + 10: the second comes up short at 4 bytes.
    let mut iov = Vec::new();
    for (base, len) in [(0x10b0u64, 1u64), (0x10c0, 10)] {
        iov.extend_from_slice(&base.to_le_bytes());
        iov.extend_from_slice(&len.to_le_bytes());
    }
    put(&ctx, 0x1000, &iov);
    assert_eq!(dispatch(&ctx, nr::readv, [0, 0x1000, 2, 0, 0, 0]), 5);
    assert_eq!(get(&ctx, 0x10b0, 1), b"a");
    assert_eq!(get(&ctx, 0x10c0, 4), b"bcde");
    assert_eq!(dispatch(&ctx, nr::readv, [0, 0x1000, 1025, 0, 0, 0]), -22);
    assert_eq!(dispatch(&ctx, nr::writev, [9, 0x1000, 1, 0, 0, 0]), -9);
}

#[test]
fn positioned_reads_and_seek_errors() {
    let file = regular();
    let ctx = ctx(file.clone());
    file.data.lock().extend_from_slice(b"hello");
    assert_eq!(dispatch(&ctx, nr::pread64, [0, 0x1000, 8, 1, 0, 0]), 4);
    assert_eq!(get(&ctx, 0x1000, 4), b"ello");
    assert_eq!(
        dispatch(&ctx, nr::pread64, [0, 0x1000, 8, u64::MAX, 0, 0]),
        -22
    );
    assert_eq!(dispatch(&ctx, nr::pwrite64, [0, 0x1000, 8, 0, 0, 0]), -29);
    assert_eq!(dispatch(&ctx, nr::lseek, [0, 0, 0, 0, 0, 0]), -29);
    assert_eq!(dispatch(&ctx, nr::lseek, [0, 0, 7, 0, 0, 0]), -22);
}

#[test]
fn terminal_ioctls_only_on_the_console() {
    let ctx = ctx(regular());
    let console: Arc<dyn File> = queue(0o020620, DeviceId::new(5, 1));
    assert_eq!(ctx.files.install(console, false), Ok(1));
    let tcgets = u64::from(tty::TCGETS);
    assert_eq!(dispatch(&ctx, nr::ioctl, [0, tcgets, 0x1000, 0, 0, 0]), -25);
    assert_eq!(dispatch(&ctx, nr::ioctl, [1, tcgets, 0x1000, 0, 0, 0]), 0);
    let expected = Termios::linux_default().to_bytes();
    assert_eq!(get(&ctx, 0x1000, Termios::SIZE), expected);
    put(&ctx, 0x1040, &[0xff; 8]);
    let winsz = u64::from(tty::TIOCGWINSZ);
    assert_eq!(dispatch(&ctx, nr::ioctl, [1, winsz, 0x1040, 0, 0, 0]), 0);
    assert_eq!(get(&ctx, 0x1040, 8), [0; 8]);
    assert_eq!(dispatch(&ctx, nr::ioctl, [1, 0x1234, 0x1000, 0, 0, 0]), -25);
    assert_eq!(dispatch(&ctx, nr::ioctl, [3, tcgets, 0x1000, 0, 0, 0]), -9);
}
