//! The 40-byte DTB header: checked before anyone builds a slice of `totalsize` bytes.
//!
//! # The kernel's one unsafe step
//!
//! The boot loader hands the kernel a physical address in `x0`. To turn it into `&[u8]` the kernel
//! (the board/arch code, not this crate) does:
//!
//! 1. [`check_dtb_address`]`(addr)`: non-null and 8-byte aligned (arm64 `booting.rst`).
//! 2. Map at least [`HEADER_SIZE`] bytes at `addr` readable, build `&[u8; 40]` from them. Sound
//!    because the bytes are mapped, readable, not written by anyone while borrowed, and any bit
//!    pattern is a valid `u8`.
//! 3. [`dtb_total_size`]`(header)`: checks the magic, the version, `40 <= totalsize <= 2 MiB` and
//!    that every block the header names lies inside `totalsize`. Only then
//! 4. map `totalsize` bytes at `addr` (at most [`MAX_DTB_SIZE`], so a 2 MiB window plus the
//!    alignment slack is always enough) and build `&[u8]` of `totalsize` bytes. The length is
//!    known and bounded, so the slice never covers unmapped memory, which is the condition
//!    `core::slice::from_raw_parts` asks for together with the read-only, unaliased borrow.
//!
//! Everything after that ([`crate::Fdt::new`], [`crate::parse_platform`]) is safe code that
//! checks every offset against the slice again; a lying header gives an error, never a read
//! outside the slice.

use crate::error::{Block, DtbError};

/// Size of the version-17 header in bytes.
pub const HEADER_SIZE: usize = 40;

/// The DTB magic number (big-endian in the blob).
pub const FDT_MAGIC: u32 = 0xd00d_feed;

/// Linux's arm64 limit on the size of the DTB (`MAX_FDT_SIZE`, 2 MiB).
pub const MAX_DTB_SIZE: usize = 2 * 1024 * 1024;

/// Required alignment of the DTB's address (arm64 boot protocol).
pub const DTB_ALIGN: usize = 8;

/// Size of one memory reservation entry (two big-endian u64).
pub(crate) const RESERVATION_ENTRY_SIZE: usize = 16;

/// The oldest format version read (v16 lacks `size_dt_struct`).
const MIN_VERSION: u32 = 16;
/// The newest format whose readers can read this blob must be at most v17.
const MAX_LAST_COMPATIBLE: u32 = 17;

/// The header fields, native-endian, after validation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DtbHeader {
    /// `totalsize`: bytes of the whole blob.
    pub total_size: usize,
    /// `off_dt_struct`.
    pub structure_offset: usize,
    /// `size_dt_struct` (v17), or up to `totalsize` for v16 blobs.
    pub structure_size: usize,
    /// `off_dt_strings`.
    pub strings_offset: usize,
    /// `size_dt_strings`.
    pub strings_size: usize,
    /// `off_mem_rsvmap`.
    pub reservations_offset: usize,
    /// `version`.
    pub version: u32,
    /// `last_comp_version`.
    pub last_compatible_version: u32,
    /// `boot_cpuid_phys`.
    pub boot_cpu_id: u32,
}

/// Reads the big-endian word at byte `at`, if the slice holds it.
pub(crate) fn be_u32(bytes: &[u8], at: usize) -> Option<u32> {
    let end = at.checked_add(4)?;
    let word: [u8; 4] = bytes.get(at..end)?.try_into().ok()?;
    Some(u32::from_be_bytes(word))
}

/// Reads the big-endian double word at byte `at`, if the slice holds it.
pub(crate) fn be_u64(bytes: &[u8], at: usize) -> Option<u64> {
    let end = at.checked_add(8)?;
    let word: [u8; 8] = bytes.get(at..end)?.try_into().ok()?;
    Some(u64::from_be_bytes(word))
}

/// Checks the address the boot loader passed: not null and 8-byte aligned.
pub fn check_dtb_address(address: usize) -> Result<(), DtbError> {
    if address == 0 {
        return Err(DtbError::NullAddress);
    }
    if !address.is_multiple_of(DTB_ALIGN) {
        return Err(DtbError::Misaligned { address });
    }
    Ok(())
}

/// Validates the header at the start of `dtb` and returns its fields.
///
/// Only the first [`HEADER_SIZE`] bytes are read; `dtb` may be just the header. Checks: length
/// at least 40, magic, `version >= 16` and `last_comp_version <= 17`, `40 <= totalsize <= 2 MiB`,
/// and that the structure, strings and memory reservation blocks start after the header and end
/// inside `totalsize`. It does not check that `dtb` holds `totalsize` bytes: [`crate::Fdt::new`]
/// does.
pub fn validate_header(dtb: &[u8]) -> Result<DtbHeader, DtbError> {
    let field = |index: usize| be_u32(dtb, index * 4);
    // A short buffer with the wrong magic is "not a DTB" rather than "truncated".
    if let Some(found) = field(0) {
        if found != FDT_MAGIC {
            return Err(DtbError::BadMagic { found });
        }
    }
    let truncated = DtbError::Truncated {
        needed: HEADER_SIZE,
        available: dtb.len(),
    };
    if dtb.len() < HEADER_SIZE {
        return Err(truncated);
    }
    let [total, off_struct, off_strings, off_rsv, version, last_comp, boot_cpu, size_strings, size_struct] =
        [1, 2, 3, 4, 5, 6, 7, 8, 9].map(|i| field(i).unwrap_or(0));

    if version < MIN_VERSION || last_comp > MAX_LAST_COMPATIBLE {
        return Err(DtbError::UnsupportedVersion {
            version,
            last_compatible: last_comp,
        });
    }
    let total_size = total as usize;
    if !(HEADER_SIZE..=MAX_DTB_SIZE).contains(&total_size) {
        return Err(DtbError::BadTotalSize { size: total });
    }
    // v16 has no size_dt_struct: the structure block may run to the end of the blob.
    let size_struct = if version >= 17 {
        size_struct
    } else {
        total.saturating_sub(off_struct)
    };
    check_block(Block::Structure, off_struct, size_struct, total)?;
    check_block(Block::Strings, off_strings, size_strings, total)?;
    check_block(
        Block::MemoryReservation,
        off_rsv,
        RESERVATION_ENTRY_SIZE as u32,
        total,
    )?;

    Ok(DtbHeader {
        total_size,
        structure_offset: off_struct as usize,
        structure_size: size_struct as usize,
        strings_offset: off_strings as usize,
        strings_size: size_strings as usize,
        reservations_offset: off_rsv as usize,
        version,
        last_compatible_version: last_comp,
        boot_cpu_id: boot_cpu,
    })
}

/// The validated `totalsize` of the DTB whose header is `header`: how many bytes the kernel may
/// then turn into a slice (see the module documentation).
pub fn dtb_total_size(header: &[u8; HEADER_SIZE]) -> Result<usize, DtbError> {
    validate_header(header).map(|h| h.total_size)
}

/// A block must start after the header and end inside the blob (64-bit sums: no overflow).
fn check_block(block: Block, offset: u32, size: u32, total_size: u32) -> Result<(), DtbError> {
    let end = u64::from(offset) + u64::from(size);
    if (offset as usize) < HEADER_SIZE || end > u64::from(total_size) {
        return Err(DtbError::BlockOutOfBounds {
            block,
            offset,
            size,
            total_size,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(fields: [u32; 10]) -> [u8; HEADER_SIZE] {
        let mut out = [0u8; HEADER_SIZE];
        for (chunk, value) in out.chunks_exact_mut(4).zip(fields) {
            chunk.copy_from_slice(&value.to_be_bytes());
        }
        out
    }

    const GOOD: [u32; 10] = [FDT_MAGIC, 0x200, 0x40, 0x180, 0x28, 17, 16, 0, 0x80, 0x140];

    #[test]
    fn accepts_a_consistent_header() {
        let h = validate_header(&header(GOOD)).expect("valid");
        assert_eq!(h.total_size, 0x200);
        assert_eq!(h.structure_offset, 0x40);
        assert_eq!(h.structure_size, 0x140);
        assert_eq!(h.strings_offset, 0x180);
        assert_eq!(h.strings_size, 0x80);
        assert_eq!(h.reservations_offset, 0x28);
        assert_eq!(dtb_total_size(&header(GOOD)), Ok(0x200));
    }

    #[test]
    fn rejects_each_bad_field() {
        let with = |index: usize, value: u32| {
            let mut f = GOOD;
            f[index] = value;
            validate_header(&header(f))
        };
        assert_eq!(
            with(0, 0x1234_5678),
            Err(DtbError::BadMagic { found: 0x1234_5678 })
        );
        assert_eq!(
            with(5, 15),
            Err(DtbError::UnsupportedVersion {
                version: 15,
                last_compatible: 16
            })
        );
        assert_eq!(
            with(6, 18),
            Err(DtbError::UnsupportedVersion {
                version: 17,
                last_compatible: 18
            })
        );
        assert_eq!(with(1, 39), Err(DtbError::BadTotalSize { size: 39 }));
        assert_eq!(
            with(1, 2 * 1024 * 1024 + 1),
            Err(DtbError::BadTotalSize {
                size: 2 * 1024 * 1024 + 1
            })
        );
        assert!(matches!(
            with(9, 0x1c1),
            Err(DtbError::BlockOutOfBounds {
                block: Block::Structure,
                ..
            })
        ));
        assert!(matches!(
            with(2, 0x10),
            Err(DtbError::BlockOutOfBounds {
                block: Block::Structure,
                ..
            })
        ));
        assert!(matches!(
            with(3, u32::MAX),
            Err(DtbError::BlockOutOfBounds {
                block: Block::Strings,
                ..
            })
        ));
        assert!(matches!(
            with(4, 0x1f8),
            Err(DtbError::BlockOutOfBounds {
                block: Block::MemoryReservation,
                ..
            })
        ));
    }

    #[test]
    fn version_16_structure_runs_to_the_end() {
        let mut f = GOOD;
        f[5] = 16;
        f[9] = 0xdead_beef; // not a field in v16
        let h = validate_header(&header(f)).expect("valid v16");
        assert_eq!(h.structure_size, 0x200 - 0x40);
    }

    #[test]
    fn short_buffers() {
        let full = header(GOOD);
        assert_eq!(
            validate_header(&full[..39]),
            Err(DtbError::Truncated {
                needed: 40,
                available: 39
            })
        );
        assert_eq!(
            validate_header(&full[..2]),
            Err(DtbError::Truncated {
                needed: 40,
                available: 2
            })
        );
        assert_eq!(
            validate_header(&[0, 0, 0, 0]),
            Err(DtbError::BadMagic { found: 0 })
        );
    }

    #[test]
    fn address_checks() {
        assert_eq!(check_dtb_address(0), Err(DtbError::NullAddress));
        assert_eq!(
            check_dtb_address(0x4000_0004),
            Err(DtbError::Misaligned {
                address: 0x4000_0004
            })
        );
        assert_eq!(check_dtb_address(0x4800_0000), Ok(()));
    }
}
