//! Tests of the newc writer: a small reader checks every field, and the `cpio` tool agrees.

use super::*;
use std::io::Write;
use std::process::{Command, Stdio};

/// One member read back: name, mode, link count, rdev, data.
#[derive(Debug, PartialEq, Eq)]
struct Member {
    name: String,
    mode: u32,
    link_count: u32,
    rdev: (u32, u32),
    data: Vec<u8>,
}

fn field(bytes: &[u8], offset: usize, index: usize) -> u32 {
    let start = offset + 6 + index * 8;
    let text = std::str::from_utf8(&bytes[start..start + 8]).expect("hex field");
    u32::from_str_radix(text, 16).expect("hex")
}

fn align(value: usize) -> usize {
    value.div_ceil(4) * 4
}

/// Reads every member, checking the magic and the four-byte alignment on the way.
fn read_back(bytes: &[u8]) -> Vec<Member> {
    let mut members = Vec::new();
    let mut offset = 0;
    loop {
        assert_eq!(offset % 4, 0, "members start aligned");
        assert_eq!(&bytes[offset..offset + 6], MAGIC.as_bytes());
        let name_size = field(bytes, offset, 11) as usize;
        let file_size = field(bytes, offset, 6) as usize;
        let name_start = offset + 110;
        let name = std::str::from_utf8(&bytes[name_start..name_start + name_size - 1])
            .expect("name")
            .to_string();
        assert_eq!(
            bytes[name_start + name_size - 1],
            0,
            "name is NUL-terminated"
        );
        let data_start = align(name_start + name_size);
        let data = bytes[data_start..data_start + file_size].to_vec();
        assert_eq!(field(bytes, offset, 5), 0, "mtime is zero");
        assert_eq!(field(bytes, offset, 2), 0, "owned by root");
        let member = Member {
            name,
            mode: field(bytes, offset, 1),
            link_count: field(bytes, offset, 4),
            rdev: (field(bytes, offset, 9), field(bytes, offset, 10)),
            data,
        };
        offset = align(data_start + file_size);
        if member.name == TRAILER {
            assert_eq!(offset, bytes.len(), "nothing after the trailer");
            return members;
        }
        members.push(member);
    }
}

fn sample() -> Vec<Entry> {
    vec![
        Entry::directory("bin", 0o755),
        Entry::file("bin/busybox", 0o755, b"\x7fELF...".to_vec()),
        Entry::symlink("bin/sh", "busybox"),
        Entry {
            path: "dev/console".into(),
            permissions: 0o600,
            body: Body::CharDevice { major: 5, minor: 1 },
        },
        Entry::file("init", 0o755, b"#!/bin/sh\n".to_vec()),
    ]
}

#[test]
fn members_read_back_with_types_modes_and_data() {
    let bytes = archive(&sample()).expect("archive");
    let members = read_back(&bytes);
    assert_eq!(members.len(), 5);
    assert_eq!(members[0].name, "bin");
    assert_eq!(members[0].mode, 0o040755);
    assert_eq!(members[0].link_count, 2);
    assert_eq!(members[1].mode, 0o100755);
    assert_eq!(members[1].data, b"\x7fELF...");
    assert_eq!(members[2].mode, 0o120777);
    assert_eq!(members[2].data, b"busybox");
    assert_eq!(members[3].mode, 0o020600);
    assert_eq!(members[3].rdev, (5, 1));
    assert!(members[3].data.is_empty());
    assert_eq!(members[4].data, b"#!/bin/sh\n");
}

#[test]
fn archives_are_reproducible() {
    assert_eq!(
        archive(&sample()).expect("first"),
        archive(&sample()).expect("second")
    );
}

#[test]
fn bad_paths_are_refused() {
    for path in ["", "/init", "a\0b"] {
        let entries = [Entry::file(path, 0o644, Vec::new())];
        assert_eq!(archive(&entries), Err(NewcError::BadPath(path.into())));
    }
}

#[test]
fn the_cpio_tool_lists_the_same_members() {
    let bytes = archive(&sample()).expect("archive");
    let mut child = Command::new("cpio")
        .args(["-it", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("cpio is installed by `cargo xtask setup`");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&bytes)
        .expect("write");
    let output = child.wait_with_output().expect("cpio runs");
    assert!(output.status.success());
    let listing = String::from_utf8(output.stdout).expect("utf-8");
    assert_eq!(
        listing.lines().collect::<Vec<_>>(),
        ["bin", "bin/busybox", "bin/sh", "dev/console", "init"]
    );
}
