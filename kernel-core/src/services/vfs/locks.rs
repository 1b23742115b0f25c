//! Advisory file locks: `flock(2)` locks and `fcntl(2)` record locks (POSIX and OFD).

/// What a record lock or a `flock` asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockKind {
    /// Shared (`F_RDLCK`, `LOCK_SH`): needs a readable description for record locks.
    Read,
    /// Exclusive (`F_WRLCK`, `LOCK_EX`): needs a writable description for record locks.
    Write,
    /// Release (`F_UNLCK`, `LOCK_UN`).
    Unlock,
}

/// Who holds a record lock: a process (classic POSIX locks, dropped when its descriptions of
/// the file go away) or the open file description itself (`F_OFD_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockOwner {
    /// A process, by process id.
    Process(u32),
    /// The description the lock was taken through.
    Description,
}

/// A byte range lock, absolute: `start` and `len` bytes (`len` 0: to the end of file and
/// beyond, as `l_len = 0`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordLock {
    /// Shared, exclusive or unlock.
    pub kind: LockKind,
    /// First byte.
    pub start: u64,
    /// Number of bytes; 0 means "to infinity".
    pub len: u64,
    /// The holder's process id as `F_GETLK` reports it (-1 for OFD locks).
    pub pid: i32,
}

impl RecordLock {
    /// The last byte covered (inclusive).
    pub const fn end(&self) -> u64 {
        if self.len == 0 {
            u64::MAX
        } else {
            self.start.saturating_add(self.len - 1)
        }
    }
}
