//! Advisory locks: `flock` locks held by open file descriptions and `fcntl` record locks held
//! by a process or a description, per inode. A lock whose description has been dropped is
//! gone (checked lazily at each call), which releases locks at close and at exit.

use alloc::collections::BTreeMap;
use alloc::sync::{Arc, Weak};
use alloc::vec::Vec;
use kernel_core::services::vfs::{DeviceId, File, LockKind, LockOwner, RecordLock};
use kernel_core::sync::SpinLock;
use kernel_core::Errno;

/// Who holds a record lock, with descriptions named by address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Holder {
    Process(u32),
    Description(usize),
}

/// A lock of either kind; `flock` locks cover the whole file.
struct Entry {
    holder: Holder,
    /// The description the lock was taken through (its drop releases the lock).
    description: Weak<dyn File>,
    exclusive: bool,
    start: u64,
    end: u64,
}

impl Entry {
    fn alive(&self) -> bool {
        self.description.strong_count() > 0
    }

    fn overlaps(&self, start: u64, end: u64) -> bool {
        self.start <= end && start <= self.end
    }

    fn as_record(&self) -> RecordLock {
        RecordLock {
            kind: if self.exclusive {
                LockKind::Write
            } else {
                LockKind::Read
            },
            start: self.start,
            len: if self.end == u64::MAX {
                0
            } else {
                self.end - self.start + 1
            },
            pid: match self.holder {
                Holder::Process(pid) => pid as i32,
                Holder::Description(_) => -1,
            },
        }
    }
}

#[derive(Default)]
struct InodeLocks {
    flocks: Vec<Entry>,
    records: Vec<Entry>,
}

/// Every lock of every inode, keyed by `(st_dev, st_ino)`.
pub(crate) struct LockTable {
    inodes: SpinLock<BTreeMap<(DeviceId, u64), InodeLocks>>,
}

fn address(file: &Arc<dyn File>) -> usize {
    Arc::as_ptr(file) as *const () as usize
}

fn key(file: &Arc<dyn File>) -> Result<(DeviceId, u64), Errno> {
    let meta = file.metadata()?;
    Ok((meta.dev, meta.ino))
}

fn holder(file: &Arc<dyn File>, owner: LockOwner) -> Holder {
    match owner {
        LockOwner::Process(pid) => Holder::Process(pid),
        LockOwner::Description => Holder::Description(address(file)),
    }
}

impl LockTable {
    /// No locks.
    pub fn new() -> Self {
        Self {
            inodes: SpinLock::new(BTreeMap::new()),
        }
    }

    /// Runs `op` on the live locks of `file`'s inode; forgets inodes left without locks.
    fn with<R>(
        &self,
        file: &Arc<dyn File>,
        op: impl FnOnce(&mut InodeLocks) -> R,
    ) -> Result<R, Errno> {
        let key = key(file)?;
        let mut inodes = self.inodes.lock();
        let locks = inodes.entry(key).or_default();
        locks.flocks.retain(Entry::alive);
        locks.records.retain(Entry::alive);
        let result = op(locks);
        if locks.flocks.is_empty() && locks.records.is_empty() {
            inodes.remove(&key);
        }
        Ok(result)
    }

    /// `flock`: `EAGAIN` while another description holds a conflicting lock.
    pub fn flock(&self, file: &Arc<dyn File>, kind: LockKind) -> Result<(), Errno> {
        let me = Holder::Description(address(file));
        self.with(file, |locks| {
            let exclusive = match kind {
                LockKind::Unlock => {
                    locks.flocks.retain(|entry| entry.holder != me);
                    return Ok(());
                }
                LockKind::Read => false,
                LockKind::Write => true,
            };
            let conflict = locks
                .flocks
                .iter()
                .any(|entry| entry.holder != me && (entry.exclusive || exclusive));
            if conflict {
                return Err(Errno::EAGAIN);
            }
            locks.flocks.retain(|entry| entry.holder != me);
            locks.flocks.push(Entry {
                holder: me,
                description: Arc::downgrade(file),
                exclusive,
                start: 0,
                end: u64::MAX,
            });
            Ok(())
        })?
    }

    /// `F_GETLK`: the first lock of another holder conflicting with `lock`.
    pub fn test(
        &self,
        file: &Arc<dyn File>,
        owner: LockOwner,
        lock: RecordLock,
    ) -> Result<Option<RecordLock>, Errno> {
        let me = holder(file, owner);
        self.with(file, |locks| {
            conflict(&locks.records, me, &lock).map(Entry::as_record)
        })
    }

    /// `F_SETLK`: `EAGAIN` on a conflict; otherwise the holder's locks in the range are
    /// replaced (split where they stick out) by `lock`, or removed for `Unlock`.
    pub fn set(
        &self,
        file: &Arc<dyn File>,
        owner: LockOwner,
        lock: RecordLock,
    ) -> Result<(), Errno> {
        let me = holder(file, owner);
        let (start, end) = (lock.start, lock.end());
        self.with(file, |locks| {
            if lock.kind != LockKind::Unlock && conflict(&locks.records, me, &lock).is_some() {
                return Err(Errno::EAGAIN);
            }
            let mut kept = Vec::with_capacity(locks.records.len() + 1);
            for entry in locks.records.drain(..) {
                if entry.holder != me || !entry.overlaps(start, end) {
                    kept.push(entry);
                    continue;
                }
                if entry.start < start {
                    kept.push(Entry {
                        end: start - 1,
                        description: entry.description.clone(),
                        ..entry
                    });
                }
                if entry.end > end {
                    kept.push(Entry {
                        start: end + 1,
                        ..entry
                    });
                }
            }
            if lock.kind != LockKind::Unlock {
                kept.push(Entry {
                    holder: me,
                    description: Arc::downgrade(file),
                    exclusive: lock.kind == LockKind::Write,
                    start,
                    end,
                });
            }
            locks.records = kept;
            Ok(())
        })?
    }
}

fn conflict<'a>(records: &'a [Entry], me: Holder, lock: &RecordLock) -> Option<&'a Entry> {
    let exclusive = lock.kind == LockKind::Write;
    records.iter().find(|entry| {
        entry.holder != me
            && entry.overlaps(lock.start, lock.end())
            && (entry.exclusive || exclusive)
    })
}
