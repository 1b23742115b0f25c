//! Writers versus running programs on one inode: Linux's `i_writecount` and `ETXTBSY`.

use super::inode::Inode;
use crate::Errno;
use alloc::sync::Arc;
use core::sync::atomic::{AtomicI64, Ordering};

/// An inode's count of writers (positive) or of running programs that deny writing (negative),
/// as Linux's `i_writecount`: a file cannot be open for writing and executing at once.
#[derive(Debug, Default)]
pub struct WriteCount(AtomicI64);

impl WriteCount {
    /// Neither writers nor denials.
    pub const fn new() -> Self {
        Self(AtomicI64::new(0))
    }

    /// One more writer (`get_write_access`): `ETXTBSY` while a program denies writing.
    pub fn get_write_access(&self) -> Result<(), Errno> {
        self.0
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |count| {
                (count >= 0).then(|| count.saturating_add(1))
            })
            .map(drop)
            .map_err(|_| Errno::ETXTBSY)
    }

    /// One writer fewer (`put_write_access`).
    pub fn put_write_access(&self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }

    /// One more denial (`deny_write_access`, for exec): `ETXTBSY` while the file is open for
    /// writing.
    pub fn deny_write_access(&self) -> Result<(), Errno> {
        self.0
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |count| {
                (count <= 0).then(|| count.saturating_sub(1))
            })
            .map(drop)
            .map_err(|_| Errno::ETXTBSY)
    }

    /// One denial fewer (`allow_write_access`).
    pub fn allow_write_access(&self) {
        self.0.fetch_add(1, Ordering::AcqRel);
    }

    /// Writers (positive), denials (negative), or 0.
    pub fn get(&self) -> i64 {
        self.0.load(Ordering::Acquire)
    }
}

/// Write access to an inode, held by an open file description that may write: taken with
/// [`WriteAccess::take`], given back when dropped. Inodes without a [`WriteCount`] grant it
/// always.
pub struct WriteAccess(Arc<dyn Inode>);

impl WriteAccess {
    /// Takes write access to `inode`: `ETXTBSY` while a program it holds is running.
    pub fn take(inode: Arc<dyn Inode>) -> Result<Self, Errno> {
        if let Some(count) = inode.write_count() {
            count.get_write_access()?;
        }
        Ok(Self(inode))
    }
}

impl Drop for WriteAccess {
    fn drop(&mut self) {
        if let Some(count) = self.0.write_count() {
            count.put_write_access();
        }
    }
}

/// A running program's hold on its file, so no one can open it for writing: taken with
/// [`WriteDenial::take`] (at exec), lifted when dropped (when the program's last user is gone).
pub struct WriteDenial(Arc<dyn Inode>);

impl WriteDenial {
    /// Denies writing to `inode`: `ETXTBSY` while it is open for writing.
    pub fn take(inode: Arc<dyn Inode>) -> Result<Self, Errno> {
        if let Some(count) = inode.write_count() {
            count.deny_write_access()?;
        }
        Ok(Self(inode))
    }
}

impl Drop for WriteDenial {
    fn drop(&mut self) {
        if let Some(count) = self.0.write_count() {
            count.allow_write_access();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::WriteCount;
    use crate::Errno;

    #[test]
    fn writers_and_denials_exclude_each_other() {
        let count = WriteCount::new();
        assert_eq!(count.get_write_access(), Ok(()));
        assert_eq!(count.get_write_access(), Ok(()));
        assert_eq!(count.deny_write_access(), Err(Errno::ETXTBSY));
        assert_eq!(count.get(), 2);
        count.put_write_access();
        assert_eq!(count.deny_write_access(), Err(Errno::ETXTBSY));
        count.put_write_access();
        assert_eq!(count.deny_write_access(), Ok(()));
        assert_eq!(count.deny_write_access(), Ok(()), "two programs may run it");
        assert_eq!(count.get(), -2);
        assert_eq!(count.get_write_access(), Err(Errno::ETXTBSY));
        count.allow_write_access();
        assert_eq!(count.get_write_access(), Err(Errno::ETXTBSY));
        count.allow_write_access();
        assert_eq!(count.get_write_access(), Ok(()));
        assert_eq!(count.get(), 1);
    }
}
