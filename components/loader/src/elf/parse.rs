//! Reads and checks an ELF64 AArch64 file's header and program headers, as `load_elf_binary`.

use alloc::vec::Vec;

use elf::abi::{ET_DYN, ET_EXEC, PT_GNU_STACK, PT_INTERP, PT_LOAD, PT_PHDR};
use elf::endian::LittleEndian;
use elf::file::{Class, FileHeader};
use elf::segment::{ProgramHeader, SegmentTable};
use elf::ParseError;

use super::error::ElfError;
use super::plan::{ElfKind, GnuStack, LoadPlan, LoadSegment, SegmentFlags};
use crate::linux::{ELF64_PHDR_SIZE, MAX_PROGRAM_HEADERS, PAGE_SIZE, PATH_MAX, TASK_SIZE};

/// `e_machine` of AArch64.
pub const EM_AARCH64: u16 = 183;

/// Size of the ELF64 file header.
pub const ELF64_HEADER_SIZE: usize = 64;

/// Checks `file` (a whole ELF executable or interpreter) and returns its load plan.
///
/// The checks and their order follow Linux 6.1's `load_elf_binary`: magic, type, machine,
/// program header size and count, `PT_INTERP` (the first one), `PT_GNU_STACK` (the first one),
/// then every `PT_LOAD`. On top of Linux, Lichen also refuses a file that is not ELFCLASS64
/// little-endian version 1, segments whose file bytes lie beyond the file, and overlapping
/// segments (see [`ElfError`] for the errno of each). This is [`parse_prefix`] with the whole
/// file as the prefix.
pub fn parse(file: &[u8]) -> Result<LoadPlan<'_>, ElfError> {
    parse_prefix(file, file.len() as u64)
}

/// Checks an ELF file from its first bytes and its size, as [`parse`] checks a whole file.
///
/// `prefix` is the start of a file of `file_size` bytes (bytes past `file_size` are ignored).
/// Segments are checked against `file_size`, so the caller can map them from the file itself.
/// When the header, the program header table or the `PT_INTERP` path lies inside the file but
/// beyond `prefix`, the answer is [`ElfError::PrefixTooShort`] with the prefix length that
/// would do: read that much and call again. Every other answer is the one [`parse`] gives for
/// the whole file.
pub fn parse_prefix(prefix: &[u8], file_size: u64) -> Result<LoadPlan<'_>, ElfError> {
    let file = Window::new(prefix, file_size);
    let header = parse_header(&file)?;
    let phdrs = program_headers(&file, &header)?;

    let interpreter = find_interpreter(&file, &phdrs)?;
    let stack = phdrs
        .iter()
        .find(|ph| ph.p_type == PT_GNU_STACK)
        .map_or(GnuStack::Absent, |ph| {
            if ph.p_flags & elf::abi::PF_X != 0 {
                GnuStack::Executable
            } else {
                GnuStack::NotExecutable
            }
        });

    let mut segments = Vec::new();
    let mut phdr_vaddr = None;
    for (index, ph) in phdrs.iter().enumerate() {
        if ph.p_type != PT_LOAD {
            continue;
        }
        let segment = check_load_segment(file.file_size, index, ph)?;
        // `load_elf_binary`: the PT_LOAD whose file bytes cover e_phoff gives AT_PHDR; a later
        // one wins, as the loop there does not stop at the first.
        if ph.p_offset <= header.e_phoff && header.e_phoff < ph.p_offset + ph.p_filesz {
            phdr_vaddr = Some(header.e_phoff - ph.p_offset + ph.p_vaddr);
        }
        segments.push(segment);
    }
    if segments.is_empty() {
        return Err(ElfError::NoLoadSegments);
    }
    check_overlaps(&segments)?;

    let kind = if header.e_type == ET_EXEC {
        ElfKind::Executable
    } else {
        ElfKind::SharedObject
    };
    if kind == ElfKind::Executable && header.e_entry >= TASK_SIZE {
        return Err(ElfError::BadEntry {
            entry: header.e_entry,
        });
    }
    Ok(LoadPlan {
        kind,
        entry: header.e_entry,
        segments,
        interpreter,
        stack,
        phdr_vaddr,
        pt_phdr_vaddr: phdrs
            .iter()
            .find(|ph| ph.p_type == PT_PHDR)
            .map(|ph| ph.p_vaddr),
        phoff: header.e_phoff,
        phnum: header.e_phnum,
    })
}

/// Parses and checks the 64-byte file header.
fn parse_header(window: &Window<'_>) -> Result<FileHeader<LittleEndian>, ElfError> {
    let wanted = window.file_size.min(ELF64_HEADER_SIZE as u64);
    if (window.prefix.len() as u64) < wanted {
        return Err(ElfError::PrefixTooShort { needed: wanted });
    }
    let file = window.prefix;
    let mut magic = [0u8; 4];
    for (slot, byte) in magic.iter_mut().zip(file) {
        *slot = *byte;
    }
    if magic != elf::abi::ELFMAGIC {
        return Err(ElfError::BadMagic { found: magic });
    }
    let (ident, tail) = match (file.get(..16), file.get(16..ELF64_HEADER_SIZE)) {
        (Some(ident), Some(tail)) => (ident, tail),
        _ => {
            return Err(ElfError::TooShort {
                size: window.file_size,
            })
        }
    };
    let parsed_ident =
        elf::file::parse_ident::<LittleEndian>(ident).map_err(|error| match error {
            ParseError::UnsupportedVersion((version, _)) => ElfError::BadVersion {
                version: version as u8,
            },
            ParseError::UnsupportedElfClass(class) => ElfError::NotElf64 { class },
            _ => ElfError::NotLittleEndian {
                data: ident[elf::abi::EI_DATA],
            },
        })?;
    if parsed_ident.1 != Class::ELF64 {
        return Err(ElfError::NotElf64 {
            class: ident[elf::abi::EI_CLASS],
        });
    }
    let header = FileHeader::parse_tail(parsed_ident, tail).map_err(|_| ElfError::TooShort {
        size: window.file_size,
    })?;
    if header.e_type != ET_EXEC && header.e_type != ET_DYN {
        return Err(ElfError::WrongType {
            e_type: header.e_type,
        });
    }
    if header.e_machine != EM_AARCH64 {
        return Err(ElfError::WrongMachine {
            machine: header.e_machine,
        });
    }
    Ok(header)
}

/// Reads the program header table as `load_elf_phdrs` does: 56-byte entries, 1 to 73 of them,
/// all inside the file.
fn program_headers(
    file: &Window<'_>,
    header: &FileHeader<LittleEndian>,
) -> Result<Vec<ProgramHeader>, ElfError> {
    if u64::from(header.e_phentsize) != ELF64_PHDR_SIZE {
        return Err(ElfError::BadPhentsize {
            size: header.e_phentsize,
        });
    }
    let count = header.e_phnum;
    if count == 0 || u64::from(count) > MAX_PROGRAM_HEADERS {
        return Err(ElfError::BadPhnum { count });
    }
    let size = u64::from(count) * ELF64_PHDR_SIZE;
    let beyond = ElfError::PhdrsBeyondFile {
        offset: header.e_phoff,
        size,
        file_size: file.file_size,
    };
    let table = file.bytes(header.e_phoff, size)?.ok_or(beyond)?;
    let headers: Vec<ProgramHeader> = SegmentTable::new(LittleEndian, Class::ELF64, table)
        .iter()
        .collect();
    if headers.len() != usize::from(count) {
        return Err(ElfError::PhdrsBeyondFile {
            offset: header.e_phoff,
            size,
            file_size: file.file_size,
        });
    }
    Ok(headers)
}

/// The first `PT_INTERP`'s path without its NUL, checked as `load_elf_binary` checks it.
fn find_interpreter<'a>(
    file: &Window<'a>,
    phdrs: &[ProgramHeader],
) -> Result<Option<&'a [u8]>, ElfError> {
    let Some(ph) = phdrs.iter().find(|ph| ph.p_type == PT_INTERP) else {
        return Ok(None);
    };
    if ph.p_filesz > PATH_MAX as u64 || ph.p_filesz < 2 {
        return Err(ElfError::BadInterpSize { size: ph.p_filesz });
    }
    let bytes = file
        .bytes(ph.p_offset, ph.p_filesz)?
        .ok_or(ElfError::InterpBeyondFile {
            offset: ph.p_offset,
            size: ph.p_filesz,
        })?;
    match bytes.split_last() {
        Some((0, path)) => Ok(Some(path)),
        _ => Err(ElfError::InterpNotTerminated),
    }
}

/// Checks one `PT_LOAD` as `load_elf_binary` and `mmap` would, plus "its bytes are in the file".
fn check_load_segment(
    file_size: u64,
    index: usize,
    ph: &ProgramHeader,
) -> Result<LoadSegment, ElfError> {
    if ph.p_filesz > ph.p_memsz {
        return Err(ElfError::FileSizeExceedsMemSize {
            index,
            file_size: ph.p_filesz,
            mem_size: ph.p_memsz,
        });
    }
    // BAD_ADDR(k) || p_memsz > TASK_SIZE || TASK_SIZE - p_memsz < k
    if ph.p_vaddr >= TASK_SIZE || ph.p_memsz > TASK_SIZE || TASK_SIZE - ph.p_memsz < ph.p_vaddr {
        return Err(ElfError::SegmentOutOfRange {
            index,
            vaddr: ph.p_vaddr,
            mem_size: ph.p_memsz,
        });
    }
    if ph.p_offset % PAGE_SIZE != ph.p_vaddr % PAGE_SIZE {
        return Err(ElfError::MisalignedSegment {
            index,
            offset: ph.p_offset,
            vaddr: ph.p_vaddr,
        });
    }
    if end_of(ph.p_offset, ph.p_filesz).is_none_or(|end| end > file_size) {
        return Err(ElfError::SegmentBeyondFile {
            index,
            offset: ph.p_offset,
            file_size: ph.p_filesz,
        });
    }
    Ok(LoadSegment {
        index,
        vaddr: ph.p_vaddr,
        mem_size: ph.p_memsz,
        file_size: ph.p_filesz,
        file_offset: ph.p_offset,
        flags: SegmentFlags::from_p_flags(ph.p_flags),
        align: ph.p_align,
    })
}

/// Refuses two segments whose `[vaddr, vaddr + memsz)` ranges share a byte. Sharing a page is
/// allowed (linkers do it); the caller maps such a page once with both segments' contents.
fn check_overlaps(segments: &[LoadSegment]) -> Result<(), ElfError> {
    let mut sorted: Vec<&LoadSegment> = segments.iter().filter(|s| s.mem_size > 0).collect();
    sorted.sort_by_key(|s| s.vaddr);
    for pair in sorted.windows(2) {
        if let [low, high] = pair {
            // Both ends are below TASK_SIZE (checked), so the sum cannot overflow.
            if low.vaddr + low.mem_size > high.vaddr {
                return Err(ElfError::OverlappingSegments {
                    first: low.index,
                    second: high.index,
                });
            }
        }
    }
    Ok(())
}

/// `offset + size`, or `None` if it overflows.
fn end_of(offset: u64, size: u64) -> Option<u64> {
    offset.checked_add(size)
}

/// The part of a file the parser has: its first bytes, and its size.
struct Window<'a> {
    /// The file's first bytes (never more than `file_size`).
    prefix: &'a [u8],
    /// The file's size in bytes.
    file_size: u64,
}

impl<'a> Window<'a> {
    /// The window on a file of `file_size` bytes that starts with `prefix`.
    fn new(prefix: &'a [u8], file_size: u64) -> Self {
        let kept = usize::try_from(file_size).map_or(prefix.len(), |size| size.min(prefix.len()));
        Self {
            prefix: &prefix[..kept],
            file_size,
        }
    }

    /// `file[offset .. offset + size]`: `Ok(None)` if any of it lies beyond the file,
    /// [`ElfError::PrefixTooShort`] if it is in the file but not all in the prefix.
    fn bytes(&self, offset: u64, size: u64) -> Result<Option<&'a [u8]>, ElfError> {
        let Some(end) = end_of(offset, size).filter(|&end| end <= self.file_size) else {
            return Ok(None);
        };
        let range = usize::try_from(offset)
            .ok()
            .zip(usize::try_from(end).ok())
            .and_then(|(start, end)| self.prefix.get(start..end));
        range
            .map(Some)
            .ok_or(ElfError::PrefixTooShort { needed: end })
    }
}
