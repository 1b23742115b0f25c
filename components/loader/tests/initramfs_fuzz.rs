//! Seeded corruption of raw and gzip initramfs images: never a panic, every entry
//! self-consistent, every fault located inside the data.

mod common;

use common::newc::{archive, Record};
use common::{run, Rng, TempDir};
use loader::initramfs::{self, EntryKind};

fn linked(name: &str, mode: u32, ino: u32, data: &[u8]) -> Record {
    let mut record = Record::new(name, mode, data);
    record.ino = ino;
    record.nlink = 2;
    record
}

/// Unpacks a mutated image: no panic, every entry self-consistent, faults located in range.
fn unpack_consistently(image: &[u8]) -> bool {
    let unpacked = initramfs::unpack(image, 1 << 20);
    for entry in unpacked.entries() {
        assert!(entry.path.len() < 4096);
        assert!(!entry.path.contains(&0));
        if let EntryKind::Symlink { target } = entry.kind {
            assert!(!target.is_empty() && !target.contains(&0));
        }
        if entry.member.is_none() {
            assert!(entry.offset < image.len());
        }
    }
    match unpacked.error() {
        None => true,
        Some(error) => {
            if error.member.is_none() {
                assert!(error.offset <= image.len(), "{error}");
            }
            let _ = error.to_string();
            false
        }
    }
}

#[test]
fn fuzz_raw_and_gzip_archives() {
    let dir = TempDir::new("fuzz");
    let mut tty = Record::new("dev/tty", 0o020666, b"");
    tty.rdev = (5, 0);
    let seed = archive(&[
        Record::new("dev", 0o040755, b""),
        tty,
        Record::new("bin/sh", 0o120777, b"busybox"),
        linked("a", 0o100644, 3, b""),
        linked("b", 0o100755, 3, b"#!/bin/sh\necho hi\n"),
        // "abcd" sums to 97 + 98 + 99 + 100 = 0x18a.
        Record {
            magic: "070702",
            check: 0x18a,
            ..Record::new("c", 0o100600, b"abcd")
        },
    ]);
    assert!(unpack_consistently(&seed), "the seed is valid");
    std::fs::write(dir.path().join("seed.cpio"), &seed).expect("write");
    let gz = run("gzip", &["-c", "seed.cpio"], dir.path());
    assert!(unpack_consistently(&gz), "the gzip seed is valid");

    let mut rng = Rng::new(0xc910_0001);
    let mut accepted = 0;
    for round in 0..6_000 {
        let (base, hot) = if round % 3 == 0 {
            (&gz, gz.len())
        } else {
            (&seed, seed.len())
        };
        let mut image = base.clone();
        for _ in 0..1 + rng.below(3) {
            rng.mutate(&mut image, hot);
        }
        accepted += usize::from(unpack_consistently(&image));
    }
    assert!(
        (100..5_900).contains(&accepted),
        "{accepted} of 6000 accepted"
    );
}
