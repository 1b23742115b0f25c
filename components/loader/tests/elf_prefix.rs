//! Parsing from a prefix of the file plus its size, as exec does: the same verdicts as parsing
//! the whole file, segments checked against the size, and "read more" when headers lie beyond.

mod common;

use common::elfgen::*;
use common::{busybox, Rng};
use kernel_core::Errno;
use loader::elf::{self, ElfError, LoadPlan};

/// What exec does: start with `first` bytes, read more while the parser asks, never more than
/// the file.
fn parse_growing(file: &[u8], first: usize) -> Result<LoadPlan<'_>, ElfError> {
    let mut length = first.min(file.len());
    loop {
        match elf::parse_prefix(&file[..length], file.len() as u64) {
            Err(ElfError::PrefixTooShort { needed }) => {
                let needed = usize::try_from(needed).expect("needed fits");
                assert!(
                    needed > length && needed <= file.len(),
                    "asked for {needed} with {length} of {} bytes",
                    file.len()
                );
                length = needed;
            }
            other => return other,
        }
    }
}

/// `good()` with its program header table moved to `phoff` in a file of `size` bytes.
fn with_phdrs_at(phoff: usize, size: usize) -> Vec<u8> {
    let mut file = good();
    let table_len = 56 * good_segments().len();
    let table = file[64..64 + table_len].to_vec();
    file.resize(size, 0);
    file[phoff..phoff + table_len].copy_from_slice(&table);
    file[32..40].copy_from_slice(&(phoff as u64).to_le_bytes());
    file
}

#[test]
fn a_prefix_holding_the_headers_gives_the_whole_file_plan() {
    let file = good();
    let whole = elf::parse(&file).expect("valid");
    let headers_end = 64 + 56 * good_segments().len();
    // Segment bytes (0..0x1100) are not in the prefix; only the size says they are in the file.
    let plan = elf::parse_prefix(&file[..headers_end], file.len() as u64).expect("valid");
    assert_eq!(plan, whole);
    assert_eq!(parse_growing(&file, 4096), Ok(whole.clone()));
    // Bytes past the stated size are not part of the file.
    assert_eq!(
        elf::parse_prefix(&file, 40),
        Err(ElfError::TooShort { size: 40 })
    );
    assert!(matches!(
        elf::parse_prefix(&[], 0),
        Err(ElfError::BadMagic { .. })
    ));
}

#[test]
fn a_prefix_shorter_than_the_header_asks_for_it() {
    let file = good();
    for length in [0, 3, 4, 63] {
        assert_eq!(
            elf::parse_prefix(&file[..length], file.len() as u64),
            Err(ElfError::PrefixTooShort { needed: 64 }),
            "prefix of {length} bytes"
        );
    }
    // A 40-byte file has no more to give: the verdict is the whole file's.
    assert_eq!(
        elf::parse_prefix(&file[..40], 40),
        Err(ElfError::TooShort { size: 40 })
    );
}

#[test]
fn program_headers_beyond_the_prefix_ask_for_more() {
    let file = with_phdrs_at(0x1800, 0x2000);
    let needed = 0x1800 + 56 * good_segments().len() as u64;
    assert_eq!(
        elf::parse_prefix(&file[..0x1000], file.len() as u64),
        Err(ElfError::PrefixTooShort { needed })
    );
    // One byte short still asks; the exact length parses.
    let short = &file[..needed as usize - 1];
    assert_eq!(
        elf::parse_prefix(short, file.len() as u64),
        Err(ElfError::PrefixTooShort { needed })
    );
    let plan = elf::parse_prefix(&file[..needed as usize], file.len() as u64).expect("valid");
    assert_eq!(plan, elf::parse(&file).expect("valid"));
    assert_eq!(parse_growing(&file, 0x1000), elf::parse(&file));
}

#[test]
fn program_headers_beyond_the_file_are_refused_not_asked_for() {
    let file = with_phdrs_at(0x1800, 0x2000);
    // The file is said to end at 0x1810: the table (0x1800 + 0x70) is past it.
    let error = elf::parse_prefix(&file[..0x1000], 0x1810).expect_err("beyond the file");
    assert!(
        matches!(
            error,
            ElfError::PhdrsBeyondFile {
                offset: 0x1800,
                file_size: 0x1810,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.errno(), Errno::ENOEXEC);
}

#[test]
fn an_interpreter_path_beyond_the_prefix_asks_for_more() {
    let path = b"/lib/ld-linux-aarch64.so.1\0";
    let file = interp_file(path.len() as u64, 0x800, path);
    let needed = 0x800 + path.len() as u64;
    assert_eq!(
        elf::parse_prefix(&file[..0x800], file.len() as u64),
        Err(ElfError::PrefixTooShort { needed })
    );
    let plan = elf::parse_prefix(&file[..needed as usize], file.len() as u64).expect("valid");
    assert_eq!(plan.interpreter, Some(&path[..path.len() - 1]));
    // Past the file's end it is Linux's short read, EIO, whatever the prefix.
    let beyond = elf::parse_prefix(&file[..0x800], 0x810).expect_err("beyond the file");
    assert!(matches!(beyond, ElfError::InterpBeyondFile { .. }));
    assert_eq!(beyond.errno(), Errno::EIO);
}

#[test]
fn segments_are_checked_against_the_file_size_not_the_prefix() {
    let file = good();
    let headers = &file[..0x100];
    // The data segment's file bytes end at 0x1100.
    assert!(elf::parse_prefix(headers, 0x1100).is_ok());
    assert!(elf::parse_prefix(headers, 0x10_0000).is_ok());
    let error = elf::parse_prefix(headers, 0x10ff).expect_err("segment 1 is cut");
    assert!(
        matches!(error, ElfError::SegmentBeyondFile { index: 1, .. }),
        "{error:?}"
    );
    assert_eq!(error.errno(), Errno::ENOEXEC);
    let mut segments = good_segments();
    // Offset + size wraps around: beyond any file, even one of u64::MAX bytes.
    segments[1].offset = u64::MAX - 0xfff;
    segments[1].file_size = 0x1001;
    let wrapping = build(2, 0x40_0100, &segments, None, 0x1100);
    assert!(matches!(
        elf::parse_prefix(&wrapping[..0x100], u64::MAX),
        Err(ElfError::SegmentBeyondFile { index: 1, .. })
    ));
}

#[test]
fn busybox_from_its_first_page_is_busybox() {
    let file = busybox();
    let whole = elf::parse(&file).expect("BusyBox parses");
    let plan = elf::parse_prefix(&file[..4096], file.len() as u64).expect("first page suffices");
    assert_eq!(plan, whole);
}

#[test]
fn growing_prefixes_agree_with_the_whole_file_on_mutated_inputs() {
    let seeds = [
        good(),
        with_phdrs_at(0x1800, 0x2000),
        busybox()[..0x3000].to_vec(),
    ];
    let mut rng = Rng::new(0x5eed_cafe);
    for round in 0..3000 {
        let mut file = seeds[round % seeds.len()].clone();
        for _ in 0..=rng.below(3) {
            rng.mutate(&mut file, 0x200);
        }
        let first = [0, 64, 0x100, 0x1000][rng.below(4)];
        assert_eq!(
            parse_growing(&file, first),
            elf::parse(&file),
            "round {round}, first {first}"
        );
    }
}
