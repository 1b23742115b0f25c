//! Linux 6.1 (arm64) constants that program loading must match, each with where it comes from.
//!
//! Read from Debian's `linux-source-6.1` 6.1.192-2, the source of the oracle kernel
//! (`linux-image-6.1.0-56-arm64`); paths below are in that tree.

/// Page size of an ELF mapping and of `AT_PAGESZ`: `ELF_EXEC_PAGESIZE = PAGE_SIZE`
/// (`arch/arm64/include/asm/elf.h`), 4 KiB in Debian's arm64 kernel and in Lichen.
pub const PAGE_SIZE: u64 = kernel_core::PAGE_SIZE as u64;

/// End of the user address space: `TASK_SIZE_64 = 1 << vabits_actual`
/// (`arch/arm64/include/asm/processor.h`), 48-bit VA. An address at or above it is
/// `BAD_ADDR` in `fs/binfmt_elf.c`.
pub const TASK_SIZE: u64 = 1 << 48;

/// Where Linux puts a PIE that has an interpreter (before randomisation):
/// `ELF_ET_DYN_BASE = 2 * DEFAULT_MAP_WINDOW_64 / 3` with
/// `DEFAULT_MAP_WINDOW_64 = 1 << VA_BITS_MIN = 1 << 48` (`arch/arm64/include/asm/elf.h`,
/// `processor.h`, `memory.h`): `0xaaaa_aaaa_aaaa`. `load_elf_binary` adds `arch_mmap_rnd()`
/// when randomising, aligns down to the largest `PT_LOAD` alignment, and subtracts the first
/// segment's page. A static PIE (no `PT_INTERP`) is instead placed wherever `mmap` puts it,
/// and its brk is moved to `ELF_ET_DYN_BASE`.
pub const ELF_ET_DYN_BASE: u64 = 2 * (1u64 << 48) / 3;

/// Size of one ELF64 program header, the only `e_phentsize` Linux accepts.
pub const ELF64_PHDR_SIZE: u64 = 56;

/// Most program headers Linux reads: `load_elf_phdrs` rejects a table larger than
/// `ELF_MIN_ALIGN` (one page): `4096 / 56 = 73` entries.
pub const MAX_PROGRAM_HEADERS: u64 = PAGE_SIZE / ELF64_PHDR_SIZE;

/// `PATH_MAX` (`include/uapi/linux/limits.h`): the largest `PT_INTERP` size, cpio name size and
/// cpio symlink target size Linux accepts.
pub const PATH_MAX: usize = 4096;

/// `AT_PLATFORM` string on arm64: `ELF_PLATFORM = "aarch64"` (`arch/arm64/include/asm/elf.h`).
/// arm64 does pass it; `create_elf_tables` copies it to the stack above `AT_RANDOM`'s bytes.
pub const ELF_PLATFORM: &[u8] = b"aarch64";

/// `AT_CLKTCK`: `CLOCKS_PER_SEC = USER_HZ = 100`.
pub const CLOCKS_PER_SEC: u64 = 100;

/// Longest single argument or environment string including its NUL:
/// `MAX_ARG_STRLEN = PAGE_SIZE * 32` (`include/uapi/linux/binfmts.h`); longer gives `E2BIG`.
pub const MAX_ARG_STRLEN: usize = 32 * PAGE_SIZE as usize;

/// Most argument or environment strings: `MAX_ARG_STRINGS = 0x7FFFFFFF`; more gives `E2BIG`.
pub const MAX_ARG_STRINGS: usize = 0x7FFF_FFFF;

/// `ARG_MAX` (`include/uapi/linux/limits.h`): the argument space is never smaller than 128 KiB.
pub const ARG_MAX: u64 = 131_072;

/// `_STK_LIM` (`include/uapi/linux/resource.h`): the default `RLIMIT_STACK`, 8 MiB. The
/// argument space is at most `_STK_LIM / 4 * 3` = 6 MiB (`bprm_stack_limits` in `fs/exec.c`).
pub const STK_LIM: u64 = 8 * 1024 * 1024;

/// `BINPRM_BUF_SIZE` (`include/uapi/linux/binfmts.h`): how much of a file's start the `#!`
/// parser sees.
pub const BINPRM_BUF_SIZE: usize = 256;

/// How many times a binary format may hand the exec on to an interpreter (`#!`): `exec_binprm`
/// in `fs/exec.c` loops `for (depth = 0;; depth++) { if (depth > 5) return -ELOOP; ... }`, so
/// five `#!` levels work and a sixth gives `ELOOP` (its comment says "4 levels", the code
/// allows 5).
pub const MAX_BINFMT_REWRITES: usize = 5;
