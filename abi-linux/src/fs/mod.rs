//! File syscalls: descriptors, read/write (plain, positioned, vectored), in-kernel copies,
//! directories, names, paths, attributes, stat/statx/statfs, sync, readlink and terminal
//! ioctls.

mod attrs;
mod copy;
mod cwd;
mod fd;
mod fsize;
mod io;
mod ioctl;
mod locks;
mod mount;
mod names;
mod path;
mod rw;
mod space;
mod stat;
mod statx;
mod sync;
mod vectored;

pub use attrs::{fchmod, fchmodat, fchown, fchownat, ftruncate, truncate, utimensat};
pub use copy::{copy_file_range, sendfile, splice, tee};
pub use cwd::{fchdir, umask};
pub use fd::{close, close_range, dup, dup3, fcntl, openat, pipe2, F_GETFL, F_SETFL};
pub use io::{getdents64, lseek, pread64, pwrite64};
pub use ioctl::ioctl;
pub use locks::flock;
pub use mount::{mount, umount2};
pub use names::{linkat, mknodat, renameat, renameat2, symlinkat};
pub use path::{faccessat, faccessat2, mkdirat, unlinkat};
pub use rw::{read, write};
pub use space::{fadvise64, fallocate};
pub use stat::{fstat, newfstatat, readlinkat, Stat};
pub use statx::statx;
pub use sync::{fdatasync, fstatfs, fsync, statfs, sync, syncfs};
pub use vectored::{preadv, preadv2, pwritev, pwritev2, readv, writev};
