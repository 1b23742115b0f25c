//! The auxiliary vector: its keys and the order Linux 6.1 writes them on arm64.

use alloc::vec::Vec;

use crate::elf::PlacedImage;
use crate::linux::{CLOCKS_PER_SEC, ELF64_PHDR_SIZE, ELF_PLATFORM, PAGE_SIZE};

/// End of the vector.
pub const AT_NULL: u64 = 0;
/// Entry to be ignored (Linux writes it instead of a zero `AT_MINSIGSTKSZ`).
pub const AT_IGNORE: u64 = 1;
/// Address of the program headers.
pub const AT_PHDR: u64 = 3;
/// Size of one program header.
pub const AT_PHENT: u64 = 4;
/// Number of program headers.
pub const AT_PHNUM: u64 = 5;
/// Page size.
pub const AT_PAGESZ: u64 = 6;
/// Load bias of the interpreter (0 without one).
pub const AT_BASE: u64 = 7;
/// Flags (`AT_FLAGS_PRESERVE_ARGV0` for binfmt_misc only).
pub const AT_FLAGS: u64 = 8;
/// Program entry point.
pub const AT_ENTRY: u64 = 9;
/// Real user id.
pub const AT_UID: u64 = 11;
/// Effective user id.
pub const AT_EUID: u64 = 12;
/// Real group id.
pub const AT_GID: u64 = 13;
/// Effective group id.
pub const AT_EGID: u64 = 14;
/// Address of the platform string.
pub const AT_PLATFORM: u64 = 15;
/// `HWCAP` bits.
pub const AT_HWCAP: u64 = 16;
/// Clock ticks per second for `times`.
pub const AT_CLKTCK: u64 = 17;
/// Secure mode (setuid-like exec).
pub const AT_SECURE: u64 = 23;
/// Address of the 16 random bytes.
pub const AT_RANDOM: u64 = 25;
/// `HWCAP2` bits.
pub const AT_HWCAP2: u64 = 26;
/// Address of the executed filename string.
pub const AT_EXECFN: u64 = 31;
/// Base of the vDSO.
pub const AT_SYSINFO_EHDR: u64 = 33;
/// Minimal signal stack size.
pub const AT_MINSIGSTKSZ: u64 = 51;

/// The values the kernel supplies for the auxv (addresses of the strings and random bytes on
/// the stack are filled in by [`crate::stack::build_initial_stack`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuxValues {
    /// `AT_SYSINFO_EHDR`: the vDSO base; `None` while Lichen maps no vDSO (the entry is then
    /// left out; Linux always has one).
    pub vdso_base: Option<u64>,
    /// `AT_MINSIGSTKSZ`: Linux's `signal_minsigstksz` (the arm64 signal frame with all
    /// records, plus a frame record and 16 bytes of alignment). 0 writes `AT_IGNORE` as Linux
    /// does when it has none.
    pub minsigstksz: u64,
    /// `AT_HWCAP`.
    pub hwcap: u64,
    /// `AT_HWCAP2`.
    pub hwcap2: u64,
    /// `AT_PHDR` of the program (not of the interpreter).
    pub phdr: u64,
    /// `AT_PHNUM` of the program.
    pub phnum: u64,
    /// `AT_BASE`: the interpreter's load bias, 0 without an interpreter.
    pub interp_base: u64,
    /// `AT_FLAGS`: 0 (Linux sets bit 0 only for binfmt_misc's preserve-argv0).
    pub flags: u64,
    /// `AT_ENTRY`: the program's entry (not the interpreter's).
    pub entry: u64,
    /// `AT_UID`.
    pub uid: u32,
    /// `AT_EUID`.
    pub euid: u32,
    /// `AT_GID`.
    pub gid: u32,
    /// `AT_EGID`.
    pub egid: u32,
    /// `AT_SECURE`.
    pub secure: bool,
    /// The `AT_PLATFORM` string, copied to the stack: `Some(b"aarch64")` as on Linux arm64.
    pub platform: Option<&'static [u8]>,
}

impl AuxValues {
    /// Values for `program` placed as given, no interpreter, root credentials, no vDSO, the
    /// platform string Linux passes, and zero `HWCAP`s and `AT_MINSIGSTKSZ` (the caller fills
    /// the CPU-dependent fields).
    pub fn for_program(program: &PlacedImage) -> Self {
        Self {
            vdso_base: None,
            minsigstksz: 0,
            hwcap: 0,
            hwcap2: 0,
            phdr: program.phdr,
            phnum: program.phnum,
            interp_base: 0,
            flags: 0,
            entry: program.entry,
            uid: 0,
            euid: 0,
            gid: 0,
            egid: 0,
            secure: false,
            platform: Some(ELF_PLATFORM),
        }
    }

    /// The (key, value) pairs in Linux 6.1's order for arm64, ending with `AT_NULL`:
    /// `ARCH_DLINFO` (`AT_SYSINFO_EHDR`, `AT_MINSIGSTKSZ`), then `create_elf_tables`' list.
    pub(crate) fn pairs(
        &self,
        random_address: u64,
        execfn_address: u64,
        platform_address: Option<u64>,
    ) -> Vec<(u64, u64)> {
        let mut pairs = Vec::with_capacity(24);
        if let Some(base) = self.vdso_base {
            pairs.push((AT_SYSINFO_EHDR, base));
        }
        if self.minsigstksz != 0 {
            pairs.push((AT_MINSIGSTKSZ, self.minsigstksz));
        } else {
            pairs.push((AT_IGNORE, 0));
        }
        pairs.extend([
            (AT_HWCAP, self.hwcap),
            (AT_PAGESZ, PAGE_SIZE),
            (AT_CLKTCK, CLOCKS_PER_SEC),
            (AT_PHDR, self.phdr),
            (AT_PHENT, ELF64_PHDR_SIZE),
            (AT_PHNUM, self.phnum),
            (AT_BASE, self.interp_base),
            (AT_FLAGS, self.flags),
            (AT_ENTRY, self.entry),
            (AT_UID, u64::from(self.uid)),
            (AT_EUID, u64::from(self.euid)),
            (AT_GID, u64::from(self.gid)),
            (AT_EGID, u64::from(self.egid)),
            (AT_SECURE, u64::from(self.secure)),
            (AT_RANDOM, random_address),
            (AT_HWCAP2, self.hwcap2),
            (AT_EXECFN, execfn_address),
        ]);
        if let Some(address) = platform_address {
            pairs.push((AT_PLATFORM, address));
        }
        pairs.push((AT_NULL, 0));
        pairs
    }
}
