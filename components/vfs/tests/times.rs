//! Timestamps: which operations set atime, mtime and ctime, as Linux's tmpfs does.

mod common;

use common::*;
use kernel_core::services::vfs::{TimeChange, Timespec};

fn at(seconds_after_boot: i64) -> Timespec {
    Timespec::new(EPOCH_SECONDS + 5 + seconds_after_boot, 0)
}

#[test]
fn creation_sets_all_three_and_touches_the_directory() {
    let world = World::new();
    let p = world.root();
    p.mkdir("/d").unwrap();
    world.clock.advance_seconds(10);
    p.create("/d/f", b"").unwrap();
    let meta = p.stat("/d/f").unwrap();
    assert_eq!(
        (meta.atime, meta.mtime, meta.ctime),
        (at(10), at(10), at(10))
    );
    let dir = p.stat("/d").unwrap();
    assert_eq!(dir.mtime, at(10));
    assert_eq!(dir.ctime, at(10));
    assert_eq!(dir.atime, at(0), "creating does not read the directory");
}

#[test]
fn write_read_and_relatime() {
    let world = World::new();
    let p = world.root();
    p.create("/f", b"abc").unwrap();
    world.clock.advance_seconds(10);
    let file = p.open("/f", RDWR).unwrap();
    assert_eq!(file.write(b"").unwrap(), 0);
    assert_eq!(
        p.stat("/f").unwrap().mtime,
        at(0),
        "an empty write changes nothing"
    );
    file.write(b"x").unwrap();
    let meta = p.stat("/f").unwrap();
    assert_eq!(
        (meta.mtime, meta.ctime, meta.atime),
        (at(10), at(10), at(0))
    );
    world.clock.advance_seconds(10);
    let mut buffer = [0u8; 8];
    file.read_at(0, &mut buffer).unwrap();
    assert_eq!(
        p.stat("/f").unwrap().atime,
        at(20),
        "atime was not newer than mtime"
    );
    world.clock.advance_seconds(10);
    file.read_at(0, &mut buffer).unwrap();
    assert_eq!(
        p.stat("/f").unwrap().atime,
        at(20),
        "relatime: already newer, kept"
    );
    world.clock.advance_seconds(24 * 60 * 60);
    file.read_at(0, &mut buffer).unwrap();
    assert_eq!(
        p.stat("/f").unwrap().atime,
        at(30 + 24 * 60 * 60),
        "a day old: updated"
    );
    let meta = p.stat("/f").unwrap();
    assert_eq!(meta.mtime, at(10), "reads leave mtime");
    world.clock.advance_seconds(1);
    file.truncate(1).unwrap();
    let meta = p.stat("/f").unwrap();
    assert_eq!(meta.mtime, meta.ctime);
    assert_eq!(meta.mtime, at(31 + 24 * 60 * 60));
}

#[test]
fn attribute_changes_set_ctime_only() {
    let world = World::new();
    let p = world.root();
    p.create("/f", b"").unwrap();
    world.clock.advance_seconds(10);
    p.chmod("/f", 0o600).unwrap();
    let meta = p.stat("/f").unwrap();
    assert_eq!((meta.ctime, meta.mtime), (at(10), at(0)));
    world.clock.advance_seconds(10);
    p.chown("/f", Some(5), None).unwrap();
    assert_eq!(p.stat("/f").unwrap().ctime, at(20));
    world.clock.advance_seconds(10);
    p.utimens(
        "/f",
        TimeChange::Set(Timespec::new(100, 7)),
        TimeChange::Set(Timespec::new(200, 9)),
    )
    .unwrap();
    let meta = p.stat("/f").unwrap();
    assert_eq!(
        (meta.atime, meta.mtime, meta.ctime),
        (Timespec::new(100, 7), Timespec::new(200, 9), at(30))
    );
    world.clock.advance_seconds(10);
    p.utimens("/f", TimeChange::Now, TimeChange::Omit).unwrap();
    let meta = p.stat("/f").unwrap();
    assert_eq!((meta.atime, meta.mtime), (at(40), Timespec::new(200, 9)));
}

#[test]
fn links_unlinks_and_renames() {
    let world = World::new();
    let p = world.root();
    p.mkdir("/a").unwrap();
    p.mkdir("/b").unwrap();
    p.create("/a/f", b"").unwrap();
    world.clock.advance_seconds(10);
    p.link("/a/f", "/b/g").unwrap();
    assert_eq!(
        p.stat("/a/f").unwrap().ctime,
        at(10),
        "a new link changes the inode"
    );
    assert_eq!(p.stat("/a/f").unwrap().mtime, at(0));
    assert_eq!(p.stat("/b").unwrap().mtime, at(10));
    world.clock.advance_seconds(10);
    p.unlink("/b/g").unwrap();
    assert_eq!(p.stat("/a/f").unwrap().ctime, at(20));
    assert_eq!(p.stat("/b").unwrap().ctime, at(20));
    world.clock.advance_seconds(10);
    p.rename("/a/f", "/b/f").unwrap();
    assert_eq!(p.stat("/a").unwrap().mtime, at(30));
    assert_eq!(p.stat("/b").unwrap().mtime, at(30));
    assert_eq!(p.stat("/b/f").unwrap().ctime, at(30));
    assert_eq!(p.stat("/b/f").unwrap().mtime, at(0));
    world.clock.advance_seconds(10);
    p.list("/b").unwrap();
    assert_eq!(
        p.stat("/b").unwrap().atime,
        at(40),
        "listing reads the directory"
    );
}
