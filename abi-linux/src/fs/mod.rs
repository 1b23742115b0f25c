//! File syscalls: descriptors, read/write (plain, positioned, vectored), directories, paths,
//! stat, readlink and terminal ioctls.

mod fd;
mod io;
mod ioctl;
mod mount;
mod path;
mod rw;
mod stat;

pub use fd::{close, dup, dup3, fcntl, openat, pipe2, F_GETFL, F_SETFL};
pub use io::{getdents64, lseek, pread64, pwrite64, readv, writev};
pub use ioctl::ioctl;
pub use mount::{mount, umount2};
pub use path::{faccessat, mkdirat, unlinkat};
pub use rw::{read, write};
pub use stat::{fstat, newfstatat, readlinkat, Stat};
