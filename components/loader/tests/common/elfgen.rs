//! Hand-built ELF64 AArch64 files for the malformed-input tests.
#![allow(dead_code)]

/// Loadable segment.
pub const PT_LOAD: u32 = 1;
/// Interpreter path.
pub const PT_INTERP: u32 = 3;
/// The program header table itself.
pub const PT_PHDR: u32 = 6;
/// Stack rights.
pub const PT_GNU_STACK: u32 = 0x6474_e551;
/// Executable.
pub const PF_X: u32 = 1;
/// Writable.
pub const PF_W: u32 = 2;
/// Readable.
pub const PF_R: u32 = 4;

/// One program header to write.
#[derive(Clone, Copy)]
pub struct Ph {
    pub kind: u32,
    pub flags: u32,
    pub offset: u64,
    pub vaddr: u64,
    pub file_size: u64,
    pub mem_size: u64,
    pub align: u64,
}

/// A `PT_LOAD` header with 4 KiB alignment.
pub fn load(offset: u64, vaddr: u64, file_size: u64, mem_size: u64, flags: u32) -> Ph {
    Ph {
        kind: PT_LOAD,
        flags,
        offset,
        vaddr,
        file_size,
        mem_size,
        align: 0x1000,
    }
}

/// A little-endian ELF64 AArch64 file: header, program headers at 64, `size` bytes in all
/// (the interpreter path, if any, at 0x800).
pub fn build(e_type: u16, entry: u64, phdrs: &[Ph], interp: Option<&[u8]>, size: usize) -> Vec<u8> {
    let mut file = vec![0u8; size.max(64 + 56 * phdrs.len())];
    file[..4].copy_from_slice(b"\x7fELF");
    file[4] = 2; // ELFCLASS64
    file[5] = 1; // little-endian
    file[6] = 1; // EV_CURRENT
    file[16..18].copy_from_slice(&e_type.to_le_bytes());
    file[18..20].copy_from_slice(&183u16.to_le_bytes());
    file[20..24].copy_from_slice(&1u32.to_le_bytes());
    file[24..32].copy_from_slice(&entry.to_le_bytes());
    file[32..40].copy_from_slice(&64u64.to_le_bytes());
    file[52..54].copy_from_slice(&64u16.to_le_bytes());
    file[54..56].copy_from_slice(&56u16.to_le_bytes());
    file[56..58].copy_from_slice(&(phdrs.len() as u16).to_le_bytes());
    for (index, ph) in phdrs.iter().enumerate() {
        let at = 64 + 56 * index;
        file[at..at + 4].copy_from_slice(&ph.kind.to_le_bytes());
        file[at + 4..at + 8].copy_from_slice(&ph.flags.to_le_bytes());
        file[at + 8..at + 16].copy_from_slice(&ph.offset.to_le_bytes());
        file[at + 16..at + 24].copy_from_slice(&ph.vaddr.to_le_bytes());
        file[at + 24..at + 32].copy_from_slice(&ph.vaddr.to_le_bytes());
        file[at + 32..at + 40].copy_from_slice(&ph.file_size.to_le_bytes());
        file[at + 40..at + 48].copy_from_slice(&ph.mem_size.to_le_bytes());
        file[at + 48..at + 56].copy_from_slice(&ph.align.to_le_bytes());
    }
    if let Some(path) = interp {
        file[0x800..0x800 + path.len()].copy_from_slice(path);
    }
    file
}

/// A valid static executable: text at 0x400000 from offset 0, data+bss at 0x401000.
pub fn good_segments() -> Vec<Ph> {
    vec![
        load(0, 0x40_0000, 0x1000, 0x1000, PF_R | PF_X),
        load(0x1000, 0x40_1000, 0x100, 0x3000, PF_R | PF_W),
    ]
}

/// The valid file of `good_segments` (entry 0x400100, 0x1100 bytes).
pub fn good() -> Vec<u8> {
    build(2, 0x40_0100, &good_segments(), None, 0x1100)
}

/// The valid file plus a `PT_INTERP` of `size` bytes at `offset`, with `path` written at 0x800.
pub fn interp_file(size: u64, offset: u64, path: &[u8]) -> Vec<u8> {
    let mut phdrs = good_segments();
    phdrs.insert(
        0,
        Ph {
            kind: PT_INTERP,
            flags: PF_R,
            offset,
            vaddr: 0x40_0800,
            file_size: size,
            mem_size: size,
            align: 1,
        },
    );
    build(2, 0x40_0100, &phdrs, Some(path), 0x1100)
}
