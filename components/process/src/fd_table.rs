//! File-descriptor tables (`struct files_struct`, `fs/file.c`, `fs/fcntl.c`): lowest free
//! number, per-descriptor `FD_CLOEXEC`, `dup`/`dup2`/`dup3`, the fd-level `fcntl` commands,
//! `close_range` and the exec sweep. Generic over the open-file type (an `Arc` to an open
//! file description in the kernel), so sharing between descriptors is the type's business.

use alloc::vec::Vec;
use kernel_core::Errno;

/// The close-on-exec descriptor flag (`F_GETFD`/`F_SETFD`).
pub const FD_CLOEXEC: u32 = 1;
/// `O_CLOEXEC` on arm64 (`asm-generic/fcntl.h`, octal 02000000).
pub const O_CLOEXEC: u32 = 0o2000000;
/// `close_range`: give the caller a private table first (the kernel's part).
pub const CLOSE_RANGE_UNSHARE: u32 = 1 << 1;
/// `close_range`: set close-on-exec instead of closing.
pub const CLOSE_RANGE_CLOEXEC: u32 = 1 << 2;

/// `fcntl` commands that act on the descriptor, not the open file.
pub mod fcntl {
    /// Duplicate to the lowest free descriptor at or above the argument.
    pub const F_DUPFD: i32 = 0;
    /// Read the descriptor flags.
    pub const F_GETFD: i32 = 1;
    /// Set the descriptor flags.
    pub const F_SETFD: i32 = 2;
    /// `F_DUPFD` with close-on-exec set (`F_LINUX_SPECIFIC_BASE + 6`).
    pub const F_DUPFD_CLOEXEC: i32 = 1030;
}

#[derive(Clone, Debug)]
struct Slot<F> {
    file: F,
    close_on_exec: bool,
}

/// A process's descriptor table. Limits passed in are the caller's `RLIMIT_NOFILE` soft
/// limit: no descriptor at or above it can be allocated.
#[derive(Clone, Debug)]
pub struct FdTable<F: Clone> {
    slots: Vec<Option<Slot<F>>>,
}

impl<F: Clone> Default for FdTable<F> {
    fn default() -> Self {
        Self::new()
    }
}

impl<F: Clone> FdTable<F> {
    /// An empty table.
    pub fn new() -> Self {
        Self { slots: Vec::new() }
    }

    /// The open file behind `fd`; `EBADF` if not open.
    pub fn get(&self, fd: u32) -> Result<&F, Errno> {
        self.slot(fd).map(|slot| &slot.file)
    }

    /// How many descriptors are open.
    pub fn len(&self) -> usize {
        self.slots.iter().filter(|s| s.is_some()).count()
    }

    /// Whether no descriptor is open.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The open descriptors in increasing order, with their close-on-exec flag.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &F, bool)> {
        self.slots.iter().enumerate().filter_map(|(fd, slot)| {
            slot.as_ref()
                .map(|slot| (fd as u32, &slot.file, slot.close_on_exec))
        })
    }

    fn slot(&self, fd: u32) -> Result<&Slot<F>, Errno> {
        self.slots
            .get(fd as usize)
            .and_then(Option::as_ref)
            .ok_or(Errno::EBADF)
    }

    fn slot_mut(&mut self, fd: u32) -> Result<&mut Slot<F>, Errno> {
        self.slots
            .get_mut(fd as usize)
            .and_then(Option::as_mut)
            .ok_or(Errno::EBADF)
    }

    /// The lowest free descriptor at or above `from` and below `limit` (`alloc_fd`);
    /// `EMFILE` if none.
    fn lowest_free(&self, from: u64, limit: u64) -> Result<u32, Errno> {
        let mut fd = from;
        while let Some(slot) = self.slots.get(fd as usize) {
            if slot.is_none() {
                break;
            }
            fd += 1;
        }
        if fd >= limit || fd > u64::from(i32::MAX as u32) {
            return Err(Errno::EMFILE);
        }
        Ok(fd as u32)
    }

    /// Stores `file` at `fd`, growing the table; `ENOMEM` if it cannot grow (`expand_files`).
    fn put(&mut self, fd: u32, file: F, close_on_exec: bool) -> Result<Option<F>, Errno> {
        let index = fd as usize;
        if self.slots.len() <= index {
            let more = index + 1 - self.slots.len();
            self.slots.try_reserve(more).map_err(|_| Errno::ENOMEM)?;
            self.slots.resize_with(index + 1, || None);
        }
        Ok(self.slots[index]
            .replace(Slot {
                file,
                close_on_exec,
            })
            .map(|old| old.file))
    }

    /// Installs `file` at the lowest free descriptor (`get_unused_fd_flags` + `fd_install`);
    /// `EMFILE` at the limit.
    pub fn install(&mut self, file: F, close_on_exec: bool, limit: u64) -> Result<u32, Errno> {
        let fd = self.lowest_free(0, limit)?;
        self.put(fd, file, close_on_exec)?;
        Ok(fd)
    }

    /// Closes `fd`, returning its file; `EBADF` if not open.
    pub fn close(&mut self, fd: u32) -> Result<F, Errno> {
        let slot = self
            .slots
            .get_mut(fd as usize)
            .and_then(Option::take)
            .ok_or(Errno::EBADF)?;
        while matches!(self.slots.last(), Some(None)) {
            self.slots.pop();
        }
        Ok(slot.file)
    }

    /// `dup(oldfd)`: `EBADF`, or `EMFILE` at the limit. The copy has close-on-exec clear.
    pub fn dup(&mut self, oldfd: u32, limit: u64) -> Result<u32, Errno> {
        let file = self.get(oldfd)?.clone();
        self.install(file, false, limit)
    }

    /// `dup2(oldfd, newfd)`: equal descriptors return `newfd` if open (`EBADF` if not);
    /// otherwise as `dup3(oldfd, newfd, 0)`. Returns the descriptor and the file it replaced.
    pub fn dup2(&mut self, oldfd: u32, newfd: u32, limit: u64) -> Result<(u32, Option<F>), Errno> {
        if oldfd == newfd {
            self.get(oldfd)?;
            return Ok((newfd, None));
        }
        self.dup3(oldfd, newfd, 0, limit)
    }

    /// `dup3(oldfd, newfd, flags)`: flags other than `O_CLOEXEC` or equal descriptors are
    /// `EINVAL`; `newfd` at or above the limit, or `oldfd` not open, `EBADF`; `ENOMEM` if the
    /// table cannot grow. Returns the
    /// descriptor and the file it replaced (the caller closes it outside its locks).
    pub fn dup3(
        &mut self,
        oldfd: u32,
        newfd: u32,
        flags: u32,
        limit: u64,
    ) -> Result<(u32, Option<F>), Errno> {
        if flags & !O_CLOEXEC != 0 || oldfd == newfd {
            return Err(Errno::EINVAL);
        }
        if u64::from(newfd) >= limit {
            return Err(Errno::EBADF);
        }
        let file = self.get(oldfd)?.clone();
        let replaced = self.put(newfd, file, flags & O_CLOEXEC != 0)?;
        Ok((newfd, replaced))
    }

    /// `fcntl(fd, F_DUPFD or F_DUPFD_CLOEXEC, arg)`: `EBADF`; `EINVAL` if `arg` (an `int`,
    /// read as unsigned) is at or above the limit; `EMFILE` if nothing is free above it.
    pub fn dup_at_least(
        &mut self,
        fd: u32,
        arg: u64,
        close_on_exec: bool,
        limit: u64,
    ) -> Result<u32, Errno> {
        let file = self.get(fd)?.clone();
        let from = u64::from(arg as i32 as u32);
        if from >= limit {
            return Err(Errno::EINVAL);
        }
        let newfd = self.lowest_free(from, limit)?;
        self.put(newfd, file, close_on_exec)?;
        Ok(newfd)
    }

    /// `fcntl(fd, F_GETFD)`.
    pub fn fd_flags(&self, fd: u32) -> Result<u32, Errno> {
        Ok(if self.slot(fd)?.close_on_exec {
            FD_CLOEXEC
        } else {
            0
        })
    }

    /// `fcntl(fd, F_SETFD, arg)`: only `FD_CLOEXEC` counts.
    pub fn set_fd_flags(&mut self, fd: u32, arg: u64) -> Result<(), Errno> {
        self.slot_mut(fd)?.close_on_exec = arg as u32 & FD_CLOEXEC != 0;
        Ok(())
    }

    /// The descriptor-level `fcntl` commands; `None` for the others (the open file's).
    pub fn fcntl(&mut self, fd: u32, cmd: i32, arg: u64, limit: u64) -> Option<Result<u64, Errno>> {
        let result = match cmd {
            fcntl::F_DUPFD => self.dup_at_least(fd, arg, false, limit).map(u64::from),
            fcntl::F_DUPFD_CLOEXEC => self.dup_at_least(fd, arg, true, limit).map(u64::from),
            fcntl::F_GETFD => self.fd_flags(fd).map(u64::from),
            fcntl::F_SETFD => self.set_fd_flags(fd, arg).map(|()| 0),
            _ => return None,
        };
        Some(result)
    }

    /// `close_range(first, last, flags)`: `EINVAL` for unknown flags or `first > last`.
    /// With `CLOSE_RANGE_CLOEXEC` marks the open descriptors close-on-exec and returns
    /// nothing; otherwise closes them and returns their files.
    pub fn close_range(&mut self, first: u32, last: u32, flags: u32) -> Result<Vec<F>, Errno> {
        if flags & !(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC) != 0 || first > last {
            return Err(Errno::EINVAL);
        }
        let end = (last as usize).saturating_add(1).min(self.slots.len());
        let mut closed = Vec::new();
        for index in (first as usize)..end {
            if flags & CLOSE_RANGE_CLOEXEC != 0 {
                if let Some(slot) = self.slots[index].as_mut() {
                    slot.close_on_exec = true;
                }
            } else if let Some(slot) = self.slots[index].take() {
                closed.push(slot.file);
            }
        }
        while matches!(self.slots.last(), Some(None)) {
            self.slots.pop();
        }
        Ok(closed)
    }

    /// The exec sweep (`do_close_on_exec`): closes every close-on-exec descriptor and
    /// returns their files.
    pub fn close_on_exec(&mut self) -> Vec<F> {
        let mut closed = Vec::new();
        for slot in self.slots.iter_mut() {
            if slot.as_ref().is_some_and(|s| s.close_on_exec) {
                if let Some(slot) = slot.take() {
                    closed.push(slot.file);
                }
            }
        }
        while matches!(self.slots.last(), Some(None)) {
            self.slots.pop();
        }
        closed
    }
}
