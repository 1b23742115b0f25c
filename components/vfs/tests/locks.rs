//! Advisory locks: `flock` per description, record locks per process or description, and
//! release when the description goes away.

mod common;

use common::*;
use kernel_core::services::vfs::{LockKind, LockOwner, RecordLock, VfsService};
use kernel_core::Errno;

fn range(kind: LockKind, start: u64, len: u64) -> RecordLock {
    RecordLock {
        kind,
        start,
        len,
        pid: 0,
    }
}

#[test]
fn flock_conflicts_between_descriptions() {
    let world = World::new();
    let p = world.root();
    p.create("/f", b"x").unwrap();
    let a = p.open("/f", RDWR).unwrap();
    let b = p.open("/f", RDONLY).unwrap();
    let vfs = &world.vfs;
    vfs.flock(&a, LockKind::Read).unwrap();
    vfs.flock(&b, LockKind::Read).unwrap();
    assert_eq!(vfs.flock(&b, LockKind::Write).errno(), Errno::EAGAIN);
    vfs.flock(&a, LockKind::Unlock).unwrap();
    vfs.flock(&b, LockKind::Write).unwrap();
    assert_eq!(vfs.flock(&a, LockKind::Read).errno(), Errno::EAGAIN);
    drop(b);
    vfs.flock(&a, LockKind::Write).unwrap();
}

#[test]
fn record_locks_by_process() {
    let world = World::new();
    let p = world.root();
    p.create("/f", b"0123456789").unwrap();
    let parent = p.open("/f", RDWR).unwrap();
    let child = p.open("/f", RDWR).unwrap();
    let vfs = &world.vfs;
    let (one, two) = (LockOwner::Process(1), LockOwner::Process(2));
    vfs.set_record_lock(&parent, one, range(LockKind::Read, 0, 10))
        .unwrap();
    // The same owner converts its own lock.
    vfs.set_record_lock(&parent, one, range(LockKind::Write, 0, 10))
        .unwrap();
    vfs.set_record_lock(&parent, one, range(LockKind::Read, 0, 10))
        .unwrap();
    assert_eq!(
        vfs.set_record_lock(&child, two, range(LockKind::Write, 0, 10))
            .errno(),
        Errno::EAGAIN
    );
    vfs.set_record_lock(&child, two, range(LockKind::Read, 5, 0))
        .unwrap();
    // 10.. is only read-locked by 2 itself.
    vfs.set_record_lock(&child, two, range(LockKind::Write, 10, 10))
        .unwrap();
    let held = vfs
        .test_record_lock(&child, two, range(LockKind::Write, 0, 5))
        .unwrap()
        .unwrap();
    assert_eq!(
        held,
        RecordLock {
            kind: LockKind::Read,
            start: 0,
            len: 10,
            pid: 1
        }
    );
    // Unlocking the middle splits the range.
    vfs.set_record_lock(&parent, one, range(LockKind::Unlock, 3, 4))
        .unwrap();
    assert!(vfs
        .test_record_lock(&child, two, range(LockKind::Write, 3, 4))
        .unwrap()
        .is_none());
    assert!(vfs
        .test_record_lock(&child, two, range(LockKind::Write, 7, 1))
        .unwrap()
        .is_some());
    // Dropping the description releases what was taken through it.
    drop(child);
    let other = p.open("/f", RDWR).unwrap();
    assert!(vfs
        .test_record_lock(&other, one, range(LockKind::Write, 10, 100))
        .unwrap()
        .is_none());
}

#[test]
fn ofd_locks_belong_to_the_description() {
    let world = World::new();
    let p = world.root();
    p.create("/f", b"x").unwrap();
    let a = p.open("/f", RDWR).unwrap();
    let b = p.open("/f", RDWR).unwrap();
    let vfs = &world.vfs;
    vfs.set_record_lock(&a, LockOwner::Description, range(LockKind::Write, 0, 0))
        .unwrap();
    let held = vfs
        .test_record_lock(&b, LockOwner::Description, range(LockKind::Read, 0, 1))
        .unwrap()
        .unwrap();
    assert_eq!((held.pid, held.len), (-1, 0));
    assert_eq!(
        vfs.set_record_lock(&b, LockOwner::Description, range(LockKind::Read, 0, 1))
            .errno(),
        Errno::EAGAIN
    );
}
