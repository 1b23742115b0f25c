//! The load plan of an ELF file: its segments and what to map where.

use alloc::vec::Vec;

use bitflags::bitflags;

use crate::linux::PAGE_SIZE;

/// `ET_EXEC` or `ET_DYN`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ElfKind {
    /// `ET_EXEC`: linked at fixed addresses; the load bias is 0.
    Executable,
    /// `ET_DYN`: position-independent (PIE, static PIE, or `ld.so` itself); the caller picks a
    /// load bias.
    SharedObject,
}

/// What `PT_GNU_STACK` says about the stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GnuStack {
    /// No `PT_GNU_STACK`: on arm64 the stack is *not* executable (`elf_read_implies_exec` is
    /// false for 64-bit tasks; see the table in `arch/arm64/include/asm/elf.h`).
    Absent,
    /// `PT_GNU_STACK` without `PF_X`.
    NotExecutable,
    /// `PT_GNU_STACK` with `PF_X`: map the stack executable.
    Executable,
}

impl GnuStack {
    /// Whether the initial stack must be mapped executable (arm64 rule).
    pub fn stack_is_executable(self) -> bool {
        self == Self::Executable
    }
}

bitflags! {
    /// Access rights of a segment, from `p_flags`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct SegmentFlags: u8 {
        /// `PF_R`: readable.
        const READ = 1 << 0;
        /// `PF_W`: writable.
        const WRITE = 1 << 1;
        /// `PF_X`: executable.
        const EXECUTE = 1 << 2;
    }
}

impl SegmentFlags {
    /// Converts ELF `p_flags` (`PF_X = 1`, `PF_W = 2`, `PF_R = 4`); other bits are ignored.
    pub fn from_p_flags(p_flags: u32) -> Self {
        let mut flags = Self::empty();
        flags.set(Self::READ, p_flags & elf::abi::PF_R != 0);
        flags.set(Self::WRITE, p_flags & elf::abi::PF_W != 0);
        flags.set(Self::EXECUTE, p_flags & elf::abi::PF_X != 0);
        flags
    }
}

/// One checked `PT_LOAD` segment, with unbiased addresses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadSegment {
    /// Index of the program header in the file's table.
    pub index: usize,
    /// `p_vaddr`: where the segment starts before the load bias.
    pub vaddr: u64,
    /// `p_memsz`: bytes of memory; those past `file_size` are zero (bss).
    pub mem_size: u64,
    /// `p_filesz`: bytes taken from the file.
    pub file_size: u64,
    /// `p_offset`: where those bytes start in the file.
    pub file_offset: u64,
    /// Access rights.
    pub flags: SegmentFlags,
    /// `p_align` as written (not checked: Linux ignores a non-power-of-two value).
    pub align: u64,
}

impl LoadSegment {
    /// First byte of the page that holds the segment start, after `bias`.
    pub fn map_start(&self, bias: u64) -> u64 {
        page_start(self.vaddr.wrapping_add(bias))
    }

    /// End (exclusive, page-aligned) of the pages the segment occupies, after `bias`.
    pub fn map_end(&self, bias: u64) -> u64 {
        page_align(self.vaddr.wrapping_add(bias).saturating_add(self.mem_size))
    }

    /// The page-granular file window Linux maps (`elf_map`): `(file offset, length)` starting at
    /// the page that holds `p_offset`. Empty when `file_size` is 0. The window may run past the
    /// end of the file: bytes there read as zero (Linux maps a partial last page).
    pub fn file_window(&self) -> (u64, u64) {
        if self.file_size == 0 {
            return (page_start(self.file_offset), 0);
        }
        let in_page = self.vaddr % PAGE_SIZE;
        (
            self.file_offset - in_page,
            page_align(self.file_size + in_page),
        )
    }

    /// The bytes `[vaddr + file_size, end of the last page)` (after `bias`) that must read as
    /// zero when the segment has bss (`memsz > filesz`); empty otherwise, as in `elf_load`, which
    /// leaves the tail of the last file page alone when there is no bss.
    pub fn zero_range(&self, bias: u64) -> (u64, u64) {
        let start = self.vaddr.wrapping_add(bias).saturating_add(self.file_size);
        if self.mem_size > self.file_size {
            (start, self.map_end(bias))
        } else {
            (start, start)
        }
    }

    /// The segment's own file bytes, `file[p_offset .. p_offset + p_filesz]`.
    pub fn file_bytes<'f>(&self, file: &'f [u8]) -> &'f [u8] {
        let start = usize::try_from(self.file_offset).unwrap_or(usize::MAX);
        let size = usize::try_from(self.file_size).unwrap_or(usize::MAX);
        start
            .checked_add(size)
            .and_then(|end| file.get(start..end))
            .unwrap_or(&[])
    }
}

/// A checked ELF file: everything `execve` needs to map it and to build its auxv.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadPlan<'a> {
    /// `ET_EXEC` or `ET_DYN`.
    pub kind: ElfKind,
    /// `e_entry`, unbiased.
    pub entry: u64,
    /// The `PT_LOAD` segments in program header order.
    pub segments: Vec<LoadSegment>,
    /// The `PT_INTERP` path without its NUL (the kernel loads it with [`crate::elf::parse`] too).
    pub interpreter: Option<&'a [u8]>,
    /// `PT_GNU_STACK`.
    pub stack: GnuStack,
    /// Unbiased address of the program headers in memory as Linux computes `AT_PHDR`: from the
    /// `PT_LOAD` whose file bytes contain `e_phoff` (Linux 6.1 does not read `PT_PHDR`). `None`
    /// if no segment covers them; Linux then passes just the load bias.
    pub phdr_vaddr: Option<u64>,
    /// `p_vaddr` of `PT_PHDR`, if present (informative; it normally equals `phdr_vaddr`).
    pub pt_phdr_vaddr: Option<u64>,
    /// `e_phoff`.
    pub phoff: u64,
    /// `e_phnum` (`AT_PHNUM`).
    pub phnum: u16,
}

/// Rounds down to a page boundary (`ELF_PAGESTART`).
pub fn page_start(address: u64) -> u64 {
    address & !(PAGE_SIZE - 1)
}

/// Rounds up to a page boundary (`ELF_PAGEALIGN`); addresses here are below `TASK_SIZE`, so
/// this cannot overflow.
pub fn page_align(address: u64) -> u64 {
    address.saturating_add(PAGE_SIZE - 1) & !(PAGE_SIZE - 1)
}
