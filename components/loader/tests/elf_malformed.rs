//! Malformed ELF files: each defect gives its typed error and Linux's errno.

mod common;

use common::elfgen::*;
use kernel_core::Errno;
use loader::elf::{self, ElfError, ElfKind, GnuStack};
use loader::linux::TASK_SIZE;

fn error_of(file: &[u8]) -> ElfError {
    elf::parse(file).expect_err("the file must be refused")
}

#[test]
fn the_hand_built_file_is_valid() {
    let file = good();
    let plan = elf::parse(&file).expect("valid");
    assert_eq!(plan.kind, ElfKind::Executable);
    assert_eq!(plan.segments.len(), 2);
    assert_eq!(plan.phdr_vaddr, Some(0x40_0040));
    assert_eq!(plan.stack, GnuStack::Absent);
    assert!(
        !plan.stack.stack_is_executable(),
        "arm64: no PT_GNU_STACK, no exec stack"
    );
}

#[test]
fn header_defects_are_enoexec() {
    let short = &good()[..40];
    assert_eq!(error_of(short), ElfError::TooShort { size: 40 });
    assert!(matches!(error_of(b"\x7fEL"), ElfError::BadMagic { .. }));
    assert!(matches!(error_of(&[]), ElfError::BadMagic { .. }));

    type Check = fn(&ElfError) -> bool;
    let cases: [(usize, u8, Check); 5] = [
        (0, b'X', |e| matches!(e, ElfError::BadMagic { .. })),
        (4, 1, |e| matches!(e, ElfError::NotElf64 { class: 1 })),
        (4, 3, |e| matches!(e, ElfError::NotElf64 { class: 3 })),
        (5, 2, |e| matches!(e, ElfError::NotLittleEndian { data: 2 })),
        (6, 0, |e| matches!(e, ElfError::BadVersion { version: 0 })),
    ];
    for (offset, value, check) in cases {
        let mut file = good();
        file[offset] = value;
        let error = error_of(&file);
        assert!(check(&error), "byte {offset} = {value}: {error:?}");
        assert_eq!(error.errno(), Errno::ENOEXEC);
    }

    let mut file = good();
    file[18..20].copy_from_slice(&62u16.to_le_bytes()); // EM_X86_64
    assert_eq!(error_of(&file), ElfError::WrongMachine { machine: 62 });
    for e_type in [0u16, 1, 4, 0xfe00] {
        let mut file = good();
        file[16..18].copy_from_slice(&e_type.to_le_bytes());
        assert_eq!(error_of(&file), ElfError::WrongType { e_type });
        assert_eq!(error_of(&file).errno(), Errno::ENOEXEC);
    }
}

#[test]
fn program_header_table_limits() {
    let mut file = good();
    file[54..56].copy_from_slice(&32u16.to_le_bytes());
    assert_eq!(error_of(&file), ElfError::BadPhentsize { size: 32 });

    let mut file = good();
    file[56..58].copy_from_slice(&0u16.to_le_bytes());
    assert_eq!(error_of(&file), ElfError::BadPhnum { count: 0 });

    // 73 headers fit in a page (Linux's limit); 74 do not.
    let mut phdrs = good_segments();
    phdrs.resize(73, load(0, 0, 0, 0, 0));
    for ph in &mut phdrs[2..] {
        ph.kind = 0; // PT_NULL
    }
    let file = build(2, 0x40_0100, &phdrs, None, 0x1100);
    assert!(elf::parse(&file).is_ok(), "73 program headers are accepted");
    phdrs.push(phdrs[2]);
    let file = build(2, 0x40_0100, &phdrs, None, 0x1100);
    assert_eq!(error_of(&file), ElfError::BadPhnum { count: 74 });
    assert_eq!(error_of(&file).errno(), Errno::ENOEXEC);

    // 2 headers of 56 bytes from 0x109c end at 0x110c, past the 0x1100-byte file.
    for phoff in [0x109cu64, 0x1100, u64::MAX, u64::MAX - 60] {
        let mut file = good();
        file[32..40].copy_from_slice(&phoff.to_le_bytes());
        assert!(
            matches!(error_of(&file), ElfError::PhdrsBeyondFile { offset, .. } if offset == phoff),
            "phoff {phoff:#x}"
        );
        assert_eq!(error_of(&file).errno(), Errno::ENOEXEC);
    }
}

#[test]
fn interpreter_rules() {
    let path = b"/lib/ld-linux-aarch64.so.1\0";
    let file = interp_file(path.len() as u64, 0x800, path);
    let plan = elf::parse(&file).expect("valid PT_INTERP");
    assert_eq!(plan.interpreter, Some(&path[..path.len() - 1]));

    assert_eq!(
        error_of(&interp_file(1, 0x800, b"\0")),
        ElfError::BadInterpSize { size: 1 }
    );
    let too_long = error_of(&interp_file(4097, 0x800, path));
    assert_eq!(too_long, ElfError::BadInterpSize { size: 4097 });
    assert_eq!(too_long.errno(), Errno::ENOEXEC);
    // 4096 is allowed by the size rule; here it runs past the file: Linux's short read, EIO.
    let beyond = error_of(&interp_file(4096, 0x800, path));
    assert!(matches!(beyond, ElfError::InterpBeyondFile { .. }));
    assert_eq!(beyond.errno(), Errno::EIO);
    let unterminated = error_of(&interp_file(5, 0x800, b"/bin/sh"));
    assert_eq!(unterminated, ElfError::InterpNotTerminated);
    assert_eq!(unterminated.errno(), Errno::ENOEXEC);
}

#[test]
fn first_pt_interp_and_first_gnu_stack_win() {
    let mut phdrs = good_segments();
    let stack = |flags| Ph {
        kind: PT_GNU_STACK,
        flags,
        offset: 0,
        vaddr: 0,
        file_size: 0,
        mem_size: 0,
        align: 16,
    };
    phdrs.push(stack(PF_R | PF_W | PF_X));
    phdrs.push(stack(PF_R | PF_W));
    let interp = |offset, size| Ph {
        kind: PT_INTERP,
        flags: PF_R,
        offset,
        vaddr: 0x40_0800,
        file_size: size,
        mem_size: size,
        align: 1,
    };
    // The first PT_INTERP names "/a"; the second (which would be refused) is never read.
    phdrs.push(interp(0x800, 3));
    phdrs.push(interp(0x800, 1));
    let file = build(2, 0x40_0100, &phdrs, Some(b"/a\0"), 0x1100);
    let plan = elf::parse(&file).expect("valid");
    assert_eq!(plan.stack, GnuStack::Executable);
    assert_eq!(plan.interpreter, Some(&b"/a"[..]));
}

#[test]
fn segment_defects() {
    let with = |segments: Vec<Ph>| build(2, 0x40_0100, &segments, None, 0x1100);

    let mut segments = good_segments();
    segments[1].file_size = 0x3001;
    let error = error_of(&with(segments));
    assert!(matches!(
        error,
        ElfError::FileSizeExceedsMemSize { index: 1, .. }
    ));
    assert_eq!(error.errno(), Errno::EINVAL);

    for (vaddr, mem_size) in [
        (TASK_SIZE, 0x1000),
        (TASK_SIZE - 0x1000, 0x2000),
        (u64::MAX - 0xfff, 0x1000),
        (0x40_1000, u64::MAX),
    ] {
        let mut segments = good_segments();
        segments[1].vaddr = vaddr;
        segments[1].offset = 0x1000 + vaddr % 0x1000;
        segments[1].file_size = 0;
        segments[1].mem_size = mem_size;
        let error = error_of(&with(segments));
        assert!(
            matches!(error, ElfError::SegmentOutOfRange { index: 1, .. }),
            "{vaddr:#x}+{mem_size:#x}: {error:?}"
        );
        assert_eq!(error.errno(), Errno::EINVAL);
    }

    let mut segments = good_segments();
    segments[1].offset = 0x1008;
    let error = error_of(&with(segments));
    assert!(matches!(
        error,
        ElfError::MisalignedSegment { index: 1, .. }
    ));
    assert_eq!(error.errno(), Errno::EINVAL);

    let mut segments = good_segments();
    segments[1].file_size = 0x200; // 0x1000 + 0x200 > 0x1100 bytes of file
    let error = error_of(&with(segments));
    assert!(matches!(
        error,
        ElfError::SegmentBeyondFile { index: 1, .. }
    ));
    assert_eq!(error.errno(), Errno::ENOEXEC);
    let mut segments = good_segments();
    segments[1].offset = u64::MAX - 0xfff;
    segments[1].vaddr = 0x40_1000;
    assert!(matches!(
        error_of(&with(segments)),
        ElfError::SegmentBeyondFile { .. }
    ));

    let mut segments = good_segments();
    segments[1].vaddr = 0x40_0ff0;
    segments[1].offset = 0x0ff0;
    let error = error_of(&with(segments));
    assert_eq!(
        error,
        ElfError::OverlappingSegments {
            first: 0,
            second: 1
        }
    );

    // Sharing a page without sharing bytes is fine (linkers do it).
    let mut segments = good_segments();
    segments[0].file_size = 0x800;
    segments[0].mem_size = 0x800;
    segments[1].vaddr = 0x40_0800;
    segments[1].offset = 0x800;
    assert!(elf::parse(&with(segments)).is_ok());

    let none = build(
        2,
        0x40_0100,
        &[Ph {
            kind: PT_PHDR,
            ..good_segments()[0]
        }],
        None,
        0x1100,
    );
    assert_eq!(error_of(&none), ElfError::NoLoadSegments);
    assert_eq!(error_of(&none).errno(), Errno::EINVAL);

    let bad_entry = build(2, TASK_SIZE, &good_segments(), None, 0x1100);
    assert_eq!(
        error_of(&bad_entry),
        ElfError::BadEntry { entry: TASK_SIZE }
    );
}

#[test]
fn phdr_address_follows_linux() {
    // Two segments map file offset 64; Linux's loop keeps the last one.
    let segments = vec![
        load(0, 0x40_0000, 0x1000, 0x1000, PF_R | PF_X),
        load(0, 0x60_0000, 0x1000, 0x1000, PF_R),
    ];
    let file = build(2, 0x40_0100, &segments, None, 0x1100);
    assert_eq!(
        elf::parse(&file).expect("valid").phdr_vaddr,
        Some(0x60_0040)
    );
    // No segment maps the headers: AT_PHDR is just the bias.
    let segments = vec![load(0x1000, 0x40_1000, 0x100, 0x100, PF_R | PF_X)];
    let file = build(3, 0x40_1000, &segments, None, 0x1100);
    let plan = elf::parse(&file).expect("valid");
    assert_eq!(plan.phdr_vaddr, None);
    assert_eq!(plan.place(0x7000_0000).expect("placed").phdr, 0x7000_0000);
}

#[test]
fn dynamic_placement_checks() {
    let mut segments = good_segments();
    for segment in &mut segments {
        segment.vaddr -= 0x40_0000;
    }
    let file = build(3, 0x100, &segments, None, 0x1100);
    let plan = elf::parse(&file).expect("valid ET_DYN");
    assert_eq!(plan.max_align(), 0x1000);
    assert_eq!(plan.span(), (0, 0x4000));
    assert!(plan.place(0x1234).is_err(), "bias not page-aligned");
    let top = TASK_SIZE - 0x4000;
    assert_eq!(plan.place(top).expect("fits exactly").entry, top + 0x100);
    let error = plan.place(top + 0x1000).expect_err("past TASK_SIZE");
    assert!(matches!(error, ElfError::SegmentOutOfRange { .. }));
    assert!(plan.place(!0xfff).is_err(), "wrap-around");
}
