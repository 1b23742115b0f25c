//! Hand-written `newc` records: device nodes, hard-link scope, every refused field with its
//! offset, and the framing between records, archives and gzip members.

mod common;

use common::newc::{archive, Record};
use common::{run, TempDir};
use loader::initramfs::{self, DeviceNumber, EntryKind, Fault, InitramfsError};

const BUDGET: usize = 16 << 20;

fn first_error(image: &[u8]) -> InitramfsError {
    *initramfs::unpack(image, BUDGET).error().expect("a fault")
}

#[test]
fn device_nodes_fifos_and_sockets() {
    let mut tty = Record::new("dev/tty", 0o020666, b"");
    tty.rdev = (5, 0);
    let mut sda = Record::new("dev/sda", 0o060660, b"");
    sda.rdev = (8, 0x123);
    let image = archive(&[
        Record::new("dev", 0o040755, b""),
        tty,
        sda,
        Record::new("run/fifo", 0o010644, b""),
        Record::new("run/sock", 0o140755, b""),
    ]);
    let unpacked = initramfs::unpack(&image, BUDGET);
    assert_eq!(unpacked.error(), None);
    let kinds: Vec<EntryKind<'_>> = unpacked.entries().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            EntryKind::Directory,
            EntryKind::CharDevice {
                rdev: DeviceNumber { major: 5, minor: 0 }
            },
            EntryKind::BlockDevice {
                rdev: DeviceNumber {
                    major: 8,
                    minor: 0x123
                }
            },
            EntryKind::Fifo,
            EntryKind::Socket,
        ]
    );
    // st_rdev as Linux reports it: (minor & 0xff) | major << 8 | (minor & !0xff) << 12.
    let rdev = DeviceNumber {
        major: 8,
        minor: 0x123,
    };
    assert_eq!(rdev.linux_encoded(), 0x23 | (8 << 8) | (0x100 << 12));
    assert_eq!(DeviceNumber { major: 5, minor: 1 }.linux_encoded(), 0x501);
}

fn linked(name: &str, mode: u32, ino: u32, data: &[u8]) -> Record {
    let mut record = Record::new(name, mode, data);
    record.ino = ino;
    record.nlink = 2;
    record.dev = (0, 42);
    record
}

#[test]
fn hard_links_by_inode_device_and_type_within_an_archive() {
    let mut image = Vec::new();
    for record in [
        linked("a", 0o100644, 7, b""),
        linked("fifo-same-ino", 0o010644, 7, b""),
        linked("b", 0o100644, 7, b"data"),
        Record {
            ino: 7,
            ..Record::new("single", 0o100644, b"x")
        },
        Record {
            dev: (0, 43),
            ..linked("other-dev", 0o100644, 7, b"y")
        },
        linked("null1", 0o020666, 9, b""),
        linked("null2", 0o020666, 9, b""),
        Record::trailer(),
        // A new archive: the same identity starts a new group.
        linked("c", 0o100644, 7, b""),
        linked("d", 0o100644, 7, b"more"),
    ] {
        record.write(&mut image);
    }
    let unpacked = initramfs::unpack(&image, BUDGET);
    assert_eq!(unpacked.error(), None);
    let links: Vec<(&[u8], Option<&[u8]>)> = unpacked
        .entries()
        .map(|e| (e.path, e.hard_link_to))
        .collect();
    assert_eq!(
        links,
        [
            (&b"a"[..], None),
            (b"fifo-same-ino", None),
            (b"b", Some(&b"a"[..])),
            (b"single", None),
            (b"other-dev", None),
            (b"null1", None),
            (b"null2", Some(&b"null1"[..])),
            (b"c", None),
            (b"d", Some(&b"c"[..])),
        ]
    );
}

#[test]
fn fields_are_validated_with_offsets() {
    let good = archive(&[
        Record::new("etc", 0o040755, b""),
        Record::new("f", 0o100600, b"abc"),
    ]);
    // The second record starts after "etc": 110 + 4 name bytes = 0x72 -> 0x74.
    let second = 0x74;
    assert_eq!(&good[second..second + 6], b"070701");

    let mut bad = good.clone();
    bad[second + 6 + 8 * 6 + 3] = b'g'; // filesize
    let error = first_error(&bad);
    assert_eq!(error.fault, Fault::BadField("filesize"));
    assert_eq!(error.offset, second + 6 + 8 * 6);
    assert_eq!(
        error.to_string(),
        "cpio: field filesize is not 8 hex digits at offset 0xaa"
    );

    let mut bad = good.clone();
    bad[second..second + 6].copy_from_slice(b"070703");
    let error = first_error(&bad);
    assert_eq!(error.fault, Fault::BadMagic(*b"070703"));
    assert_eq!(error.offset, second);
    assert!(error.to_string().starts_with("cpio: bad magic"));
    assert!(error.to_string().ends_with("at offset 0x74"));
    let unpacked = initramfs::unpack(&bad, BUDGET);
    assert_eq!(
        unpacked.entries().count(),
        1,
        "the entry before the fault is kept"
    );

    let cut = &good[..second + 50];
    assert!(matches!(first_error(cut).fault, Fault::Truncated { .. }));
    let cut = &good[..second + 112];
    assert!(matches!(first_error(cut).fault, Fault::Truncated { .. }));
}

#[test]
fn names_symlinks_types_and_data() {
    let mut nameless = Vec::new();
    Record::new("", 0o100644, b"").write(&mut nameless);
    // An empty name still has its NUL: namesize 1 is fine for the parser but is no path; a
    // namesize of 0 is refused.
    let mut zero = nameless.clone();
    zero[6 + 8 * 11..6 + 8 * 12].copy_from_slice(b"00000000");
    assert_eq!(first_error(&zero).fault, Fault::EmptyName);

    let mut long = Vec::new();
    Record::new(&"n".repeat(4096), 0o100644, b"").write(&mut long);
    assert_eq!(first_error(&long).fault, Fault::NameTooLong(4097));

    let mut unterminated = Vec::new();
    Record::new("abc", 0o100644, b"").write(&mut unterminated);
    unterminated[110 + 3] = b'd';
    assert_eq!(first_error(&unterminated).fault, Fault::BadName);
    assert_eq!(first_error(&unterminated).offset, 110);

    for target in [&b""[..], b"a\0b"] {
        let image = archive(&[Record::new("l", 0o120777, target)]);
        assert_eq!(first_error(&image).fault, Fault::BadSymlink(target.len()));
    }
    let image = archive(&[Record::new("l", 0o120777, &[b'x'; 4097])]);
    assert_eq!(first_error(&image).fault, Fault::BadSymlink(4097));
    let image = archive(&[Record::new("l", 0o120777, &[b'x'; 4096])]);
    assert_eq!(
        initramfs::unpack(&image, BUDGET).error(),
        None,
        "PATH_MAX itself is fine"
    );

    let image = archive(&[Record::new("d", 0o040755, b"data")]);
    assert_eq!(first_error(&image).fault, Fault::DataOnNonFile(4));
    let image = archive(&[Record::new("x", 0o070644, b"")]);
    assert_eq!(first_error(&image).fault, Fault::UnknownFileType(0o070644));
    let image = archive(&[Record::new("x", 0o1100644, b"")]);
    assert_eq!(first_error(&image).fault, Fault::UnknownFileType(0o1100644));
}

#[test]
fn framing_between_records_and_archives() {
    let one = archive(&[Record::new("f", 0o100644, b"1")]);
    // Zero padding between archives is skipped.
    let mut image = one.clone();
    image.extend_from_slice(&[0; 512]);
    image.extend_from_slice(&one);
    let unpacked = initramfs::unpack(&image, BUDGET);
    assert_eq!(unpacked.error(), None);
    assert_eq!(unpacked.entries().count(), 2);
    assert_eq!(
        unpacked.entries().nth(1).map(|e| e.offset),
        Some(one.len() + 512)
    );

    // Zeros then a record at an unaligned offset: "broken padding".
    let mut image = one.clone();
    image.extend_from_slice(&[0; 3]);
    image.extend_from_slice(&one);
    let error = first_error(&image);
    assert_eq!(
        (error.fault, error.offset),
        (Fault::BrokenPadding, one.len() + 3)
    );

    let mut image = one.clone();
    image.extend_from_slice(b"junk");
    assert_eq!(first_error(&image).fault, Fault::UnknownFormat(*b"ju"));
    for (magic, name) in [
        ([0x42u8, 0x5a], "bzip2"),
        ([0x5d, 0x00], "lzma"),
        ([0xfd, 0x37], "xz"),
        ([0x89, 0x4c], "lzo"),
        ([0x02, 0x21], "lz4"),
        ([0x28, 0xb5], "zstd"),
        ([0x1f, 0x9e], "old gzip"),
    ] {
        let mut image = one.clone();
        image.extend_from_slice(&magic);
        image.extend_from_slice(&[1, 2, 3, 4]);
        let error = first_error(&image);
        assert_eq!(error.fault, Fault::UnsupportedCompression(name));
        assert_eq!(error.offset, one.len());
    }
}

#[test]
fn framing_inside_gzip_members() {
    let dir = TempDir::new("members");
    let one = archive(&[Record::new("f", 0o100644, b"12345")]);
    let gzip = |name: &str, data: &[u8]| {
        std::fs::write(dir.path().join(name), data).expect("write");
        run("gzip", &["-n", "-c", name], dir.path())
    };
    // Junk after the records inside the member.
    let mut junk = one.clone();
    junk.extend_from_slice(b"JUNK");
    let error = first_error(&gzip("junk", &junk));
    assert_eq!(error.fault, Fault::JunkInCompressed);
    assert_eq!((error.offset, error.member), (one.len(), Some(0)));
    assert!(error
        .to_string()
        .ends_with("of the gzip member at offset 0x0"));
    // The member ends inside a record.
    let error = first_error(&gzip("cut", &one[..one.len() - 20]));
    assert!(matches!(error.fault, Fault::Truncated { .. }));
    // A raw archive right after a member must start 4-byte aligned.
    let member = gzip("one", &one);
    let mut image = member.clone();
    while image.len() % 4 != 1 {
        image.push(0);
    }
    image.extend_from_slice(&one);
    assert!(matches!(first_error(&image).fault, Fault::UnknownFormat(_)));
    let mut image = member.clone();
    while !image.len().is_multiple_of(4) {
        image.push(0);
    }
    image.extend_from_slice(&one);
    assert_eq!(initramfs::unpack(&image, BUDGET).entries().count(), 2);

    // Every optional header field (RFC 1952): FHCRC, FEXTRA, FNAME, FCOMMENT, around the same
    // deflate data and trailer (`gzip -n` writes a bare 10-byte header).
    let mut full = member[..10].to_vec();
    full[3] = 0x02 | 0x04 | 0x08 | 0x10;
    full.extend_from_slice(&[3, 0, b'x', b'y', b'z']);
    full.extend_from_slice(b"name\0comment\0");
    full.extend_from_slice(&[0xab, 0xcd]);
    full.extend_from_slice(&member[10..]);
    let unpacked = initramfs::unpack(&full, BUDGET);
    assert_eq!(unpacked.error(), None);
    assert_eq!(
        unpacked.entries().map(|e| e.path).collect::<Vec<_>>(),
        [&b"f"[..]]
    );
    full[3] |= 0x20;
    assert_eq!(first_error(&full).fault, Fault::GzipHeader, "reserved flag");
    let unterminated = [&member[..3], &[0x08], &member[4..10], b"name-without-nul"].concat();
    assert_eq!(first_error(&unterminated).fault, Fault::GzipHeader);
}
