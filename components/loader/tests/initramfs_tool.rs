//! Archives made by GNU `cpio` and `gzip` from real directory trees, compared with the trees.

mod common;

use std::collections::HashMap;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::Path;

use common::{busybox, run, shell, TempDir};
use loader::initramfs::{self, Entry, EntryKind, Fault};

const BUDGET: usize = 64 << 20;

/// A tree with every kind `cpio` can archive without root: dirs, files, an empty file, a
/// symlink, a hard-linked pair and a FIFO, with chosen modes and mtimes.
fn make_tree(root: &Path) {
    let tree = root.join("tree");
    std::fs::create_dir_all(tree.join("bin")).expect("mkdir");
    std::fs::create_dir_all(tree.join("etc/deep")).expect("mkdir");
    std::fs::write(tree.join("bin/hello"), b"hello\n").expect("write");
    let big: Vec<u8> = (0..100_003u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    std::fs::write(tree.join("etc/big"), big).expect("write");
    std::fs::write(tree.join("empty"), b"").expect("write");
    std::fs::write(tree.join("bin/a"), b"shared data").expect("write");
    std::fs::hard_link(tree.join("bin/a"), tree.join("bin/b")).expect("link");
    std::os::unix::fs::symlink("hello", tree.join("bin/sh")).expect("symlink");
    run("mkfifo", &["tree/fifo"], root);
    let mode = |path: &str, bits: u32| {
        std::fs::set_permissions(tree.join(path), std::fs::Permissions::from_mode(bits))
            .expect("chmod")
    };
    mode("bin/hello", 0o4755);
    mode("etc", 0o700);
    mode("etc/big", 0o640);
    mode("empty", 0o1600);
    shell(
        "touch -h -d @1700000000 tree/bin/hello tree/bin/sh tree/etc/big && \
         touch -d @1234567890 tree/etc/deep tree/etc",
        root,
    );
}

/// `find . | sort | cpio -o -H <format>` in the tree, owned by 1234:567.
fn archive(root: &Path, format: &str) -> Vec<u8> {
    shell(
        &format!("cd tree && find . | sort | cpio --quiet -o -H {format} --owner=1234:567"),
        root,
    )
}

/// Checks each entry against the file it came from.
fn assert_matches_tree(root: &Path, entries: &[Entry<'_>]) {
    let tree = root.join("tree");
    let mut seen = HashMap::new();
    for entry in entries {
        let path = std::str::from_utf8(entry.path).expect("utf-8 names");
        let on_disk = tree.join(path);
        let meta = std::fs::symlink_metadata(&on_disk).expect("the file exists");
        assert_eq!(entry.mode, meta.mode(), "{path}: mode");
        assert_eq!(entry.permissions(), meta.mode() & 0o7777);
        assert_eq!(
            (entry.uid, entry.gid),
            (1234, 567),
            "{path}: owner from --owner"
        );
        assert_eq!(entry.mtime, meta.mtime() as u64, "{path}: mtime");
        assert_eq!(entry.nlink, meta.nlink() as u32, "{path}: nlink");
        match entry.kind {
            EntryKind::File { data } => {
                assert!(meta.is_file());
                let contents = std::fs::read(&on_disk).expect("read");
                if entry.nlink >= 2 && data.is_empty() {
                    assert_eq!(entry.hard_link_to, None, "{path}: first of the links");
                } else {
                    assert_eq!(data, contents.as_slice(), "{path}: contents");
                }
            }
            EntryKind::Directory => assert!(meta.is_dir()),
            EntryKind::Symlink { target } => {
                let expected = std::fs::read_link(&on_disk).expect("readlink");
                assert_eq!(target, expected.as_os_str().as_encoded_bytes());
            }
            EntryKind::Fifo => assert!(meta.file_type().is_fifo()),
            other => panic!("{path}: unexpected {other:?}"),
        }
        seen.insert(path.to_string(), entry.hard_link_to);
    }
    // GNU cpio drops the "./" of find's names and stores a hard-linked file's data with its last link.
    assert_eq!(seen.get("bin/a"), Some(&None));
    assert_eq!(seen.get("bin/b"), Some(&Some(&b"bin/a"[..])));
    assert_eq!(
        seen.len(),
        11,
        "., bin, bin/{{a,b,hello,sh}}, empty, etc, etc/big, etc/deep, fifo"
    );
}

#[test]
fn newc_archive_from_a_tree() {
    let dir = TempDir::new("newc");
    make_tree(dir.path());
    let image = archive(dir.path(), "newc");
    let unpacked = initramfs::unpack(&image, BUDGET);
    assert_eq!(unpacked.error(), None);
    let entries: Vec<Entry<'_>> = unpacked.entries().collect();
    assert_matches_tree(dir.path(), &entries);
    assert_eq!(unpacked.decompressed_bytes(), 0);
    assert!(entries.iter().all(|e| e.member.is_none()));
    assert_eq!(entries[0].path, b".");
    assert_eq!(entries[0].offset, 0);
}

#[test]
fn crc_archive_and_a_bad_checksum() {
    let dir = TempDir::new("crc");
    make_tree(dir.path());
    let mut image = archive(dir.path(), "crc");
    assert_eq!(&image[..6], b"070702");
    let unpacked = initramfs::unpack(&image, BUDGET);
    assert_eq!(unpacked.error(), None);
    assert_matches_tree(dir.path(), &unpacked.entries().collect::<Vec<_>>());

    let hello = unpacked
        .entries()
        .find(|e| e.path == b"bin/hello")
        .expect("bin/hello");
    let at = image
        .windows(6)
        .position(|w| w == b"hello\n")
        .expect("data in the archive");
    let (offset, count) = (hello.offset, unpacked.entries().count());
    image[at] = b'j';
    let broken = initramfs::unpack(&image, BUDGET);
    let error = broken.error().expect("checksum fault");
    assert!(matches!(error.fault, Fault::BadChecksum { .. }));
    assert_eq!(error.offset, offset);
    assert!(
        broken.entries().count() < count,
        "entries before the fault are kept"
    );
    assert!(error.to_string().starts_with("cpio: bad data checksum"));
}

#[test]
fn odc_archive_is_refused_with_the_linux_hint() {
    let dir = TempDir::new("odc");
    make_tree(dir.path());
    let image = archive(dir.path(), "odc");
    let unpacked = initramfs::unpack(&image, BUDGET);
    let error = unpacked.error().expect("refused");
    assert_eq!(error.fault, Fault::OldFormat);
    assert_eq!(
        error.to_string(),
        "cpio: old format 070707 (use cpio -H newc) at offset 0x0"
    );
    assert_eq!(unpacked.entries().count(), 0);
}

#[test]
fn gzip_and_concatenated_archives() {
    let dir = TempDir::new("gzip");
    make_tree(dir.path());
    let raw = archive(dir.path(), "newc");
    std::fs::write(dir.path().join("a.cpio"), &raw).expect("write");
    let gz = run("gzip", &["-9", "-n", "-c", "a.cpio"], dir.path());
    let unpacked = initramfs::unpack(&gz, BUDGET);
    assert_eq!(unpacked.error(), None);
    assert_eq!(unpacked.decompressed_bytes(), raw.len());
    let plain = initramfs::unpack(&raw, BUDGET);
    let strip = |e: Entry<'_>| (e.path.to_vec(), e.kind.to_owned_kind(), e.mode, e.mtime);
    let from_gz: Vec<_> = unpacked.entries().map(strip).collect();
    let from_raw: Vec<_> = plain.entries().map(strip).collect();
    assert_eq!(from_gz, from_raw);
    assert!(unpacked.entries().all(|e| e.member == Some(0)));

    // raw + gzip (with a file name in its header) + zero padding + gzip: all entries, in order.
    let named = run("gzip", &["-c", "a.cpio"], dir.path());
    assert_ne!(named[3] & 0x08, 0, "FNAME set");
    let mut image = raw.clone();
    let second = image.len();
    image.extend_from_slice(&named);
    image.extend_from_slice(&[0; 13]);
    let third = image.len();
    image.extend_from_slice(&gz);
    let all = initramfs::unpack(&image, BUDGET);
    assert_eq!(all.error(), None);
    assert_eq!(all.entries().count(), 3 * from_raw.len());
    let members: Vec<Option<usize>> = all.entries().map(|e| e.member).collect();
    assert_eq!(members[0], None);
    assert_eq!(members[from_raw.len()], Some(second));
    assert_eq!(members[2 * from_raw.len()], Some(third));
    // Each archive ended with TRAILER!!!, so hard links never cross archives.
    let links: Vec<_> = all.entries().filter_map(|e| e.hard_link_to).collect();
    assert_eq!(links, vec![&b"bin/a"[..]; 3]);
}

/// Owned copy of an entry kind, to compare entries from different buffers.
trait OwnedKind {
    fn to_owned_kind(self) -> (u8, Vec<u8>);
}

impl OwnedKind for EntryKind<'_> {
    fn to_owned_kind(self) -> (u8, Vec<u8>) {
        match self {
            EntryKind::File { data } => (0, data.to_vec()),
            EntryKind::Directory => (1, Vec::new()),
            EntryKind::Symlink { target } => (2, target.to_vec()),
            EntryKind::CharDevice { rdev } => (3, rdev.linux_encoded().to_le_bytes().to_vec()),
            EntryKind::BlockDevice { rdev } => (4, rdev.linux_encoded().to_le_bytes().to_vec()),
            EntryKind::Fifo => (5, Vec::new()),
            EntryKind::Socket => (6, Vec::new()),
        }
    }
}

#[test]
fn busybox_initramfs() {
    let dir = TempDir::new("busybox");
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(tree.join("bin")).expect("mkdir");
    let binary = busybox();
    std::fs::write(tree.join("bin/busybox"), &binary).expect("write");
    std::os::unix::fs::symlink("busybox", tree.join("bin/sh")).expect("symlink");
    std::fs::write(tree.join("init"), b"#!/bin/sh\nexec /bin/sh\n").expect("write");
    shell(
        "cd tree && find . | cpio --quiet -o -H newc | gzip -9 > ../initramfs.cpio.gz",
        dir.path(),
    );
    let image = std::fs::read(dir.path().join("initramfs.cpio.gz")).expect("read");
    let unpacked = initramfs::unpack(&image, BUDGET);
    assert_eq!(unpacked.error(), None);
    let busybox_entry = unpacked
        .entries()
        .find(|e| e.path == b"bin/busybox")
        .expect("busybox archived");
    assert_eq!(busybox_entry.kind, EntryKind::File { data: &binary });
    let init = unpacked
        .entries()
        .find(|e| e.path == b"init")
        .expect("init");
    let EntryKind::File { data } = init.kind else {
        panic!("init is a file");
    };
    assert_eq!(
        loader::parse_shebang(data)
            .expect("valid")
            .expect("script")
            .interpreter,
        b"/bin/sh"
    );
    // A budget below the archive's size stops with a clear error.
    let small = initramfs::unpack(&image, 1 << 20);
    let error = small.error().expect("too large");
    assert_eq!(error.fault, Fault::TooLarge { limit: 1 << 20 });
    assert_eq!(
        error.to_string(),
        "initramfs: decompressed data exceeds the limit of 1048576 bytes at offset 0xa"
    );
    assert_eq!(error.errno(), kernel_core::Errno::ENOMEM);
}

#[test]
fn gzip_bomb_is_bounded() {
    let dir = TempDir::new("bomb");
    // 256 MiB of zeros compress to about 256 KiB with gzip -9.
    shell(
        "head -c 268435456 /dev/zero | gzip -9 > bomb.gz",
        dir.path(),
    );
    let image = std::fs::read(dir.path().join("bomb.gz")).expect("read");
    assert!(image.len() < 1 << 20);
    let unpacked = initramfs::unpack(&image, 8 << 20);
    let error = unpacked.error().expect("refused");
    assert_eq!(error.fault, Fault::TooLarge { limit: 8 << 20 });
    assert_eq!(unpacked.entries().count(), 0);
}

#[test]
fn damaged_gzip_members() {
    let dir = TempDir::new("damaged");
    make_tree(dir.path());
    let raw = archive(dir.path(), "newc");
    std::fs::write(dir.path().join("a.cpio"), &raw).expect("write");
    let gz = run("gzip", &["-n", "-c", "a.cpio"], dir.path());

    let cut = &gz[..gz.len() - 3];
    let error = *initramfs::unpack(cut, BUDGET)
        .error()
        .expect("truncated trailer");
    assert_eq!(error.fault, Fault::GzipTruncated);
    let cut = &gz[..gz.len() / 2];
    assert_eq!(
        initramfs::unpack(cut, BUDGET).error().map(|e| e.fault),
        Some(Fault::GzipTruncated)
    );

    let mut bad_crc = gz.clone();
    let crc_at = gz.len() - 8;
    bad_crc[crc_at] ^= 0x55;
    let error = *initramfs::unpack(&bad_crc, BUDGET).error().expect("crc");
    assert!(matches!(error.fault, Fault::GzipCrc { .. }));
    assert_eq!(error.offset, crc_at);

    let mut bad_size = gz.clone();
    let size_at = gz.len() - 4;
    bad_size[size_at] ^= 1;
    let error = *initramfs::unpack(&bad_size, BUDGET).error().expect("size");
    assert!(matches!(error.fault, Fault::GzipSize { .. }));

    let mut bad_method = gz.clone();
    bad_method[2] = 7;
    assert_eq!(
        initramfs::unpack(&bad_method, BUDGET)
            .error()
            .map(|e| e.fault),
        Some(Fault::GzipHeader)
    );
}
