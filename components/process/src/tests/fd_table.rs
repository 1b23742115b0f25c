//! Descriptor tables: numbers, `dup*`, `FD_CLOEXEC`, `fcntl`, `close_range`, exec.

use crate::fd_table::{fcntl, FdTable, CLOSE_RANGE_CLOEXEC, FD_CLOEXEC, O_CLOEXEC};
use kernel_core::Errno;

const LIMIT: u64 = 1024;

fn table_with(files: &[&'static str]) -> FdTable<&'static str> {
    let mut table = FdTable::new();
    for file in files {
        table.install(*file, false, LIMIT).unwrap();
    }
    table
}

#[test]
fn constants() {
    // include/uapi/asm-generic/fcntl.h (octal 02000000) and linux/close_range.h
    assert_eq!(O_CLOEXEC, 0x80000);
    assert_eq!(FD_CLOEXEC, 1);
    assert_eq!(fcntl::F_DUPFD_CLOEXEC, 1030);
    assert_eq!(CLOSE_RANGE_CLOEXEC, 4);
}

#[test]
fn lowest_free_descriptor() {
    let mut t = table_with(&["in", "out", "err"]);
    assert_eq!(t.install("a", false, LIMIT), Ok(3));
    t.close(1).unwrap();
    assert_eq!(t.install("b", false, LIMIT), Ok(1));
    assert_eq!(t.close(9), Err(Errno::EBADF));
    assert_eq!(t.get(1), Ok(&"b"));
    assert_eq!(t.get(5), Err(Errno::EBADF));
}

#[test]
fn emfile_at_rlimit_nofile() {
    let mut t = table_with(&["0", "1"]);
    assert_eq!(t.install("2", false, 2), Err(Errno::EMFILE));
    assert_eq!(t.dup(0, 2), Err(Errno::EMFILE));
    assert_eq!(t.dup(0, 3), Ok(2));
}

#[test]
fn dup_family_errors() {
    let mut t = table_with(&["in", "out", "err"]);
    assert_eq!(t.dup(7, LIMIT), Err(Errno::EBADF));
    assert_eq!(t.dup3(1, 1, 0, LIMIT), Err(Errno::EINVAL));
    assert_eq!(t.dup3(1, 5, 0x1, LIMIT), Err(Errno::EINVAL), "unknown flag");
    assert_eq!(t.dup3(9, 5, 0, LIMIT), Err(Errno::EBADF));
    assert_eq!(
        t.dup3(1, 1024, 0, LIMIT),
        Err(Errno::EBADF),
        "newfd at the limit"
    );
    assert_eq!(t.dup2(1, 1, LIMIT), Ok((1, None)));
    assert_eq!(t.dup2(9, 9, LIMIT), Err(Errno::EBADF));
    assert_eq!(t.dup2(0, 2, LIMIT), Ok((2, Some("err"))));
    assert_eq!(t.get(2), Ok(&"in"));
    assert_eq!(t.dup3(1, 10, O_CLOEXEC, LIMIT), Ok((10, None)));
    assert_eq!(t.fd_flags(10), Ok(FD_CLOEXEC));
    assert_eq!(t.fd_flags(2), Ok(0));
}

#[test]
fn fcntl_descriptor_commands() {
    let mut t = table_with(&["in", "out", "err"]);
    assert_eq!(t.fcntl(0, fcntl::F_DUPFD, 10, LIMIT), Some(Ok(10)));
    assert_eq!(t.fcntl(0, fcntl::F_DUPFD, 10, LIMIT), Some(Ok(11)));
    assert_eq!(t.fcntl(0, fcntl::F_DUPFD_CLOEXEC, 0, LIMIT), Some(Ok(3)));
    assert_eq!(t.fd_flags(3), Ok(FD_CLOEXEC));
    assert_eq!(
        t.fcntl(0, fcntl::F_DUPFD, 1024, LIMIT),
        Some(Err(Errno::EINVAL))
    );
    assert_eq!(
        t.fcntl(0, fcntl::F_DUPFD, u64::MAX, LIMIT),
        Some(Err(Errno::EINVAL))
    );
    assert_eq!(
        t.fcntl(99, fcntl::F_DUPFD, 0, LIMIT),
        Some(Err(Errno::EBADF))
    );
    assert_eq!(t.fcntl(1, fcntl::F_SETFD, 3, LIMIT), Some(Ok(0)));
    assert_eq!(t.fcntl(1, fcntl::F_GETFD, 0, LIMIT), Some(Ok(1)));
    assert_eq!(t.fcntl(1, fcntl::F_SETFD, 2, LIMIT), Some(Ok(0)));
    assert_eq!(t.fcntl(1, fcntl::F_GETFD, 0, LIMIT), Some(Ok(0)));
    assert_eq!(
        t.fcntl(1, 3, 0, LIMIT),
        None,
        "F_GETFL belongs to the open file"
    );
    // Nothing free at or above the argument.
    let mut small = table_with(&["a", "b"]);
    assert_eq!(small.dup_at_least(0, 1, false, 2), Err(Errno::EMFILE));
}

#[test]
fn close_on_exec_sweep_and_fork_copy() {
    let mut t = table_with(&["in", "out", "err"]);
    t.install("secret", true, LIMIT).unwrap();
    t.set_fd_flags(1, 1).unwrap();
    let child = t.clone();
    let closed = t.close_on_exec();
    assert_eq!(closed, vec!["out", "secret"]);
    assert_eq!(
        t.iter().map(|(fd, f, _)| (fd, *f)).collect::<Vec<_>>(),
        vec![(0, "in"), (2, "err")]
    );
    assert_eq!(child.len(), 4, "the fork copy is independent");
    assert_eq!(child.fd_flags(3), Ok(FD_CLOEXEC));
}

#[test]
fn close_range_closes_or_marks() {
    let mut t = table_with(&["0", "1", "2", "3", "4"]);
    assert_eq!(t.close_range(3, 1, 0), Err(Errno::EINVAL));
    assert_eq!(t.close_range(0, 1, 1), Err(Errno::EINVAL));
    assert_eq!(t.close_range(1, 2, CLOSE_RANGE_CLOEXEC), Ok(vec![]));
    assert_eq!(t.fd_flags(2), Ok(FD_CLOEXEC));
    assert_eq!(t.close_range(3, u32::MAX, 0), Ok(vec!["3", "4"]));
    assert_eq!(t.len(), 3);
}
