//! `getdents64`: record layout, `.` and `..`, small buffers, cursors that survive changes.

mod common;

use common::*;
use kernel_core::services::vfs::{DeviceId, OpenFlags, SeekWhence};
use kernel_core::Errno;

#[test]
fn lists_dot_dotdot_then_entries_with_types() {
    let world = World::new();
    let p = world.root();
    p.mkdir("/d").unwrap();
    p.create("/d/file", b"").unwrap();
    p.mkdir("/d/sub").unwrap();
    p.symlink("file", "/d/link").unwrap();
    p.mknod("/d/fifo", 0o010_644, DeviceId::default()).unwrap();
    p.mknod("/d/null", 0o020_666, DeviceId::new(1, 3)).unwrap();
    let dir = p.open("/d", RDONLY | OpenFlags::O_DIRECTORY).unwrap();
    let listed = entries(&dir, 4096).unwrap();
    let names: Vec<&str> = listed.iter().map(|entry| entry.name.as_str()).collect();
    assert_eq!(names, [".", "..", "file", "sub", "link", "fifo", "null"]);
    let kinds: Vec<u8> = listed.iter().map(|entry| entry.kind).collect();
    assert_eq!(
        kinds,
        [4, 4, 8, 4, 10, 1, 2],
        "DT_DIR, DT_REG, DT_LNK, DT_FIFO, DT_CHR"
    );
    assert_eq!(listed[0].ino, p.stat("/d").unwrap().ino);
    assert_eq!(listed[1].ino, p.stat("/").unwrap().ino);
    assert_eq!(listed[2].ino, p.stat("/d/file").unwrap().ino);
    let root_list = entries(&p.open("/", RDONLY).unwrap(), 4096).unwrap();
    assert_eq!(
        root_list[0].ino, root_list[1].ino,
        "the root's .. is itself"
    );
    assert_eq!(
        dir.getdents64(&mut [0u8; 64]).unwrap(),
        0,
        "end stays the end"
    );
}

#[test]
fn small_buffers() {
    let world = World::new();
    let p = world.root();
    p.mkdir("/d").unwrap();
    p.create("/d/a-rather-long-file-name", b"").unwrap();
    let dir = p.open("/d", RDONLY).unwrap();
    let mut tiny = [0u8; 8];
    assert_eq!(
        dir.getdents64(&mut tiny).errno(),
        Errno::EINVAL,
        "not even one record fits"
    );
    let mut small = [0u8; 24];
    let used = dir.getdents64(&mut small).unwrap();
    assert_eq!(parse_dirents(&small[..used])[0].name, ".");
    let used = dir.getdents64(&mut small).unwrap();
    assert_eq!(parse_dirents(&small[..used])[0].name, "..");
    assert_eq!(
        dir.getdents64(&mut small).errno(),
        Errno::EINVAL,
        "19 + 23 + 1 rounds to 48 bytes"
    );
    let mut exact = [0u8; 48];
    let used = dir.getdents64(&mut exact).unwrap();
    assert_eq!(used, 48);
    assert_eq!(
        parse_dirents(&exact[..used])[0].name,
        "a-rather-long-file-name"
    );
    assert_eq!(dir.getdents64(&mut exact).unwrap(), 0);
}

#[test]
fn cursors_survive_changes() {
    let world = World::new();
    let p = world.root();
    p.mkdir("/d").unwrap();
    for name in ["a", "b", "c", "d"] {
        p.create(&format!("/d/{name}"), b"").unwrap();
    }
    let dir = p.open("/d", RDONLY).unwrap();
    let mut buffer = [0u8; 24 * 3];
    let used = dir.getdents64(&mut buffer).unwrap();
    let first = parse_dirents(&buffer[..used]);
    assert_eq!(
        first.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(),
        [".", "..", "a"]
    );
    p.unlink("/d/a").unwrap();
    p.unlink("/d/c").unwrap();
    p.create("/d/e", b"").unwrap();
    let rest: Vec<String> = entries(&dir, 4096)
        .unwrap()
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(
        rest,
        ["b", "d", "e"],
        "removed entries vanish, new ones appear, none twice"
    );
    // d_off values restart the listing where they point.
    dir.seek(first[1].offset, SeekWhence::Set).unwrap();
    let again: Vec<String> = entries(&dir, 4096)
        .unwrap()
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(again, ["b", "d", "e"]);
    dir.seek(0, SeekWhence::Set).unwrap();
    assert_eq!(entries(&dir, 4096).unwrap().len(), 5);
}

#[test]
fn only_directories_list() {
    let world = World::new();
    let p = world.root();
    p.create("/f", b"").unwrap();
    let file = p.open("/f", RDONLY).unwrap();
    assert_eq!(file.getdents64(&mut [0u8; 256]).errno(), Errno::ENOTDIR);
    let path_only = p.open("/", OpenFlags::O_PATH).unwrap();
    assert_eq!(path_only.getdents64(&mut [0u8; 256]).errno(), Errno::EBADF);
    assert_eq!(p.list("/").unwrap(), [".", "..", "f"]);
}
