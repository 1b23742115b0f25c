//! What is wrong with an initramfs, and where.

use core::fmt;

use kernel_core::Errno;

/// The fault found, without its position (see [`InitramfsError`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Fault {
    /// Not `070701`/`070702`.
    #[error("cpio: bad magic {0:02x?}")]
    BadMagic([u8; 6]),
    /// The old binary/odc format `070707`: Linux wants `cpio -H newc`.
    #[error("cpio: old format 070707 (use cpio -H newc)")]
    OldFormat,
    /// A header field holds something other than 8 hex digits.
    #[error("cpio: field {0} is not 8 hex digits")]
    BadField(&'static str),
    /// The archive ends inside a header, name, file data or padding.
    #[error("cpio: truncated (needs {needed:#x} bytes, has {available:#x})")]
    Truncated {
        /// Offset of the end needed.
        needed: usize,
        /// Bytes available in the stream.
        available: usize,
    },
    /// `namesize` is 0.
    #[error("cpio: empty name")]
    EmptyName,
    /// `namesize` is above `PATH_MAX` (4096).
    #[error("cpio: name of {0} bytes exceeds PATH_MAX")]
    NameTooLong(usize),
    /// The name does not end with NUL, or has a NUL before its end.
    #[error("cpio: name is not one NUL-terminated string")]
    BadName,
    /// The mode's file type is none of the seven Linux knows.
    #[error("cpio: unknown file type in mode {0:#o}")]
    UnknownFileType(u32),
    /// A symlink target is empty, longer than `PATH_MAX`, or contains NUL.
    #[error("cpio: bad symlink target of {0} bytes")]
    BadSymlink(usize),
    /// A directory, device, FIFO or socket carries data.
    #[error("cpio: {0} bytes of data on an entry that is not a file")]
    DataOnNonFile(usize),
    /// A `070702` entry's data does not add up to its `check` field.
    #[error("cpio: bad data checksum (header {expected:#010x}, data {actual:#010x})")]
    BadChecksum {
        /// The header's `check` field.
        expected: u32,
        /// The sum of the data bytes.
        actual: u32,
    },
    /// Non-zero bytes at a position that is not 4-byte aligned after padding.
    #[error("cpio: broken padding")]
    BrokenPadding,
    /// Something other than a cpio header or zero padding inside a decompressed stream.
    #[error("initramfs: junk within compressed archive")]
    JunkInCompressed,
    /// Neither cpio, zero padding, nor a known compression magic.
    #[error("initramfs: invalid magic {0:02x?} (not cpio or a compressed archive)")]
    UnknownFormat([u8; 2]),
    /// A compression Linux knows but Lichen does not decode.
    #[error("initramfs: {0} compression is not supported (only gzip)")]
    UnsupportedCompression(&'static str),
    /// The gzip header is malformed (method not deflate, reserved flags, cut short).
    #[error("gzip: bad header")]
    GzipHeader,
    /// The deflate data is corrupt.
    #[error("gzip: corrupt deflate data")]
    GzipCorrupt,
    /// The gzip member ends early (deflate data or trailer missing).
    #[error("gzip: truncated")]
    GzipTruncated,
    /// The CRC-32 in the trailer does not match the data.
    #[error("gzip: CRC mismatch (trailer {expected:#010x}, data {actual:#010x})")]
    GzipCrc {
        /// From the trailer.
        expected: u32,
        /// Computed.
        actual: u32,
    },
    /// The size in the trailer does not match the data (mod 2^32).
    #[error("gzip: size mismatch (trailer {expected}, data {actual})")]
    GzipSize {
        /// From the trailer.
        expected: u32,
        /// Computed (mod 2^32).
        actual: u32,
    },
    /// Decompressed data would exceed the caller's budget.
    #[error("initramfs: decompressed data exceeds the limit of {limit} bytes")]
    TooLarge {
        /// The budget given.
        limit: usize,
    },
    /// The allocator refused memory for decompressed data.
    #[error("initramfs: out of memory for decompressed data")]
    OutOfMemory,
}

/// A fault and where it is: `offset` in the image, or, inside a gzip member, `offset` in the
/// member's decompressed data and `member` the member's offset in the image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InitramfsError {
    /// What is wrong.
    pub fault: Fault,
    /// Where: in the image, or in the decompressed member when `member` is `Some`.
    pub offset: usize,
    /// Offset of the gzip member in the image, when the fault is inside one.
    pub member: Option<usize>,
}

impl InitramfsError {
    /// The errno for callers that need one: `ENOMEM` for size and memory faults, `EINVAL`
    /// otherwise (Linux only logs "Initramfs unpacking failed").
    pub fn errno(&self) -> Errno {
        match self.fault {
            Fault::TooLarge { .. } | Fault::OutOfMemory => Errno::ENOMEM,
            _ => Errno::EINVAL,
        }
    }
}

impl fmt::Display for InitramfsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at offset {:#x}", self.fault, self.offset)?;
        if let Some(member) = self.member {
            write!(f, " of the gzip member at offset {member:#x}")?;
        }
        Ok(())
    }
}

impl core::error::Error for InitramfsError {}
