//! `struct linux_dirent64` records for `getdents64`.

use kernel_core::services::vfs::{DirEntry, Inode};
use kernel_core::Errno;

/// Bytes before the name: `d_ino` (8), `d_off` (8), `d_reclen` (2), `d_type` (1).
const HEADER: usize = 19;

/// The record length for a name: header, name, NUL, padded to 8 bytes.
pub(crate) fn record_len(name_len: usize) -> usize {
    (HEADER + name_len + 1).next_multiple_of(8)
}

/// Writes one record at the start of `out` (which must hold `record_len`).
fn encode(entry: &DirEntry<'_>, out: &mut [u8]) {
    let length = record_len(entry.name.len());
    out[..length].fill(0);
    out[0..8].copy_from_slice(&entry.ino.to_le_bytes());
    out[8..16].copy_from_slice(&(entry.next_cursor as i64).to_le_bytes());
    out[16..18].copy_from_slice(&(length as u16).to_le_bytes());
    out[18] = entry.file_type.dirent_type();
    out[HEADER..HEADER + entry.name.len()].copy_from_slice(entry.name);
}

/// Fills `buffer` with records of `dir` from `cursor`; returns (bytes used, new cursor).
/// `EINVAL` if an entry exists but not even it fits.
pub(crate) fn fill(dir: &dyn Inode, cursor: u64, buffer: &mut [u8]) -> Result<(usize, u64), Errno> {
    let mut used = 0;
    let mut refused = false;
    let next = dir.read_dir(cursor, &mut |entry| {
        let length = record_len(entry.name.len());
        if used + length > buffer.len() {
            refused = true;
            return false;
        }
        encode(entry, &mut buffer[used..]);
        used += length;
        true
    })?;
    if used == 0 && refused {
        return Err(Errno::EINVAL);
    }
    Ok((used, next))
}

#[cfg(test)]
mod tests {
    use super::*;
    use kernel_core::services::vfs::FileType;

    #[test]
    fn records_are_padded_to_eight_bytes() {
        assert_eq!(record_len(1), 24);
        assert_eq!(record_len(4), 24);
        assert_eq!(record_len(5), 32);
        let mut out = [0xffu8; 24];
        let entry = DirEntry {
            ino: 7,
            file_type: FileType::Regular,
            name: b"abc",
            next_cursor: 9,
        };
        encode(&entry, &mut out);
        assert_eq!(u64::from_le_bytes(out[0..8].try_into().unwrap()), 7);
        assert_eq!(i64::from_le_bytes(out[8..16].try_into().unwrap()), 9);
        assert_eq!(u16::from_le_bytes([out[16], out[17]]), 24);
        assert_eq!(out[18], 8);
        assert_eq!(&out[19..23], b"abc\0");
    }
}
