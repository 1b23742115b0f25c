//! Why an ELF file cannot be loaded, and the errno Linux gives for each reason.

use kernel_core::Errno;

/// A reason an ELF executable (or interpreter) is refused. Every malformed input ends here;
/// nothing in [`crate::elf`] panics on file contents.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ElfError {
    /// The file is shorter than the 64-byte ELF64 header.
    #[error("elf: file of {size} bytes is shorter than the 64-byte ELF header")]
    TooShort {
        /// File size in bytes.
        size: u64,
    },
    /// The first four bytes are not `\x7fELF`.
    #[error("elf: bad magic {found:02x?}")]
    BadMagic {
        /// The first four bytes.
        found: [u8; 4],
    },
    /// `EI_CLASS` is not `ELFCLASS64`.
    #[error("elf: class {class} is not ELFCLASS64")]
    NotElf64 {
        /// The `EI_CLASS` byte.
        class: u8,
    },
    /// `EI_DATA` is not `ELFDATA2LSB`.
    #[error("elf: data encoding {data} is not little-endian")]
    NotLittleEndian {
        /// The `EI_DATA` byte.
        data: u8,
    },
    /// `EI_VERSION` is not `EV_CURRENT`.
    #[error("elf: identification version {version} is not 1")]
    BadVersion {
        /// The `EI_VERSION` byte.
        version: u8,
    },
    /// `e_machine` is not `EM_AARCH64` (183).
    #[error("elf: machine {machine} is not EM_AARCH64")]
    WrongMachine {
        /// The `e_machine` field.
        machine: u16,
    },
    /// `e_type` is neither `ET_EXEC` nor `ET_DYN`.
    #[error("elf: type {e_type} is neither ET_EXEC nor ET_DYN")]
    WrongType {
        /// The `e_type` field.
        e_type: u16,
    },
    /// `e_phentsize` is not 56.
    #[error("elf: program header size {size} is not 56")]
    BadPhentsize {
        /// The `e_phentsize` field.
        size: u16,
    },
    /// `e_phnum` is 0 or the table is larger than a page (more than 73 entries).
    #[error("elf: {count} program headers (Linux reads 1 to 73)")]
    BadPhnum {
        /// The `e_phnum` field.
        count: u16,
    },
    /// The program header table lies (partly) beyond the end of the file.
    #[error("elf: program headers at {offset:#x} (+{size:#x}) lie beyond the file ({file_size:#x} bytes)")]
    PhdrsBeyondFile {
        /// `e_phoff`.
        offset: u64,
        /// Table size in bytes.
        size: u64,
        /// File size in bytes.
        file_size: u64,
    },
    /// `PT_INTERP` is shorter than 2 or longer than `PATH_MAX` bytes.
    #[error("elf: PT_INTERP of {size} bytes (Linux accepts 2 to 4096)")]
    BadInterpSize {
        /// `p_filesz` of `PT_INTERP`.
        size: u64,
    },
    /// `PT_INTERP` lies beyond the end of the file (Linux: a short read, `EIO`).
    #[error("elf: PT_INTERP at {offset:#x} (+{size:#x}) lies beyond the file")]
    InterpBeyondFile {
        /// `p_offset`.
        offset: u64,
        /// `p_filesz`.
        size: u64,
    },
    /// The `PT_INTERP` path does not end with its NUL.
    #[error("elf: PT_INTERP path is not NUL-terminated")]
    InterpNotTerminated,
    /// A `PT_LOAD` has `p_filesz > p_memsz`.
    #[error("elf: segment {index} has file size {file_size:#x} > memory size {mem_size:#x}")]
    FileSizeExceedsMemSize {
        /// Program header index.
        index: usize,
        /// `p_filesz`.
        file_size: u64,
        /// `p_memsz`.
        mem_size: u64,
    },
    /// A `PT_LOAD` reaches beyond the user address space or wraps around.
    #[error("elf: segment {index} at {vaddr:#x} (+{mem_size:#x}) leaves the user address space")]
    SegmentOutOfRange {
        /// Program header index.
        index: usize,
        /// `p_vaddr`.
        vaddr: u64,
        /// `p_memsz`.
        mem_size: u64,
    },
    /// A `PT_LOAD`'s file bytes lie beyond the end of the file (Linux maps them anyway and the
    /// program dies of `SIGBUS` when it touches them; Lichen refuses the exec).
    #[error(
        "elf: segment {index} file bytes at {offset:#x} (+{file_size:#x}) lie beyond the file"
    )]
    SegmentBeyondFile {
        /// Program header index.
        index: usize,
        /// `p_offset`.
        offset: u64,
        /// `p_filesz`.
        file_size: u64,
    },
    /// `p_offset` and `p_vaddr` of a `PT_LOAD` differ modulo the page size (`mmap` refuses it).
    #[error("elf: segment {index} offset {offset:#x} and address {vaddr:#x} differ within a page")]
    MisalignedSegment {
        /// Program header index.
        index: usize,
        /// `p_offset`.
        offset: u64,
        /// `p_vaddr`.
        vaddr: u64,
    },
    /// Two `PT_LOAD` segments claim the same virtual bytes.
    #[error("elf: segments {first} and {second} overlap")]
    OverlappingSegments {
        /// Index of the lower segment.
        first: usize,
        /// Index of the segment that starts inside it.
        second: usize,
    },
    /// There is no `PT_LOAD` segment.
    #[error("elf: no PT_LOAD segment")]
    NoLoadSegments,
    /// The entry point (after the load bias) is outside the user address space.
    #[error("elf: entry point {entry:#x} is outside the user address space")]
    BadEntry {
        /// The biased entry address.
        entry: u64,
    },
    /// The caller gave [`crate::elf::parse_prefix`] fewer bytes than the headers it must check
    /// occupy: they lie inside the file but beyond the prefix. Not a verdict on the file: read
    /// its first `needed` bytes and parse again.
    #[error("elf: the headers need the first {needed:#x} bytes of the file")]
    PrefixTooShort {
        /// How many bytes from the start of the file the next attempt needs.
        needed: u64,
    },
    /// The chosen load address is not aligned as the segments require.
    #[error("elf: load address {address:#x} is not aligned to {align:#x}")]
    MisalignedPlacement {
        /// The address the caller chose for the image.
        address: u64,
        /// The alignment it must have.
        align: u64,
    },
}

impl ElfError {
    /// The errno `execve` returns for this error, as Linux 6.1's `load_elf_binary` does.
    ///
    /// `ENOEXEC` for anything about the headers; `EIO` for a `PT_INTERP` Linux cannot read;
    /// `EINVAL` for segments `mmap` or the `TASK_SIZE` checks refuse (Linux finds those after the
    /// point of no return and kills the task; Lichen finds them before).
    pub fn errno(&self) -> Errno {
        match self {
            Self::InterpBeyondFile { .. } => Errno::EIO,
            Self::FileSizeExceedsMemSize { .. }
            | Self::SegmentOutOfRange { .. }
            | Self::MisalignedSegment { .. }
            | Self::NoLoadSegments
            | Self::BadEntry { .. }
            | Self::MisalignedPlacement { .. } => Errno::EINVAL,
            _ => Errno::ENOEXEC,
        }
    }

    /// The errno when this error is in the *interpreter* named by `PT_INTERP`.
    ///
    /// Linux answers `ELIBBAD` (80) for an interpreter whose magic, machine or program headers
    /// are wrong. `kernel_core::Errno` has no `ELIBBAD` yet, so this returns `ENOEXEC` for those
    /// until it does (see `docs/contracts/loader.md`); the other cases are as [`Self::errno`].
    pub fn interpreter_errno(&self) -> Errno {
        self.errno()
    }
}
