//! One cpio `newc` (`070701`) or `newc`+CRC (`070702`) record: header, name, data, padding.

use core::ops::Range;

use super::error::Fault;
use crate::linux::PATH_MAX;

/// Size of a `newc` header: 6 bytes of magic and 13 fields of 8 hex digits.
pub const HEADER_SIZE: usize = 110;

/// The name of the record that ends an archive.
pub const TRAILER: &[u8] = b"TRAILER!!!";

/// `S_IFMT` and the file types of `mode`.
pub mod mode {
    /// Mask of the type bits.
    pub const S_IFMT: u32 = 0o170000;
    /// Socket.
    pub const S_IFSOCK: u32 = 0o140000;
    /// Symbolic link.
    pub const S_IFLNK: u32 = 0o120000;
    /// Regular file.
    pub const S_IFREG: u32 = 0o100000;
    /// Block device.
    pub const S_IFBLK: u32 = 0o060000;
    /// Directory.
    pub const S_IFDIR: u32 = 0o040000;
    /// Character device.
    pub const S_IFCHR: u32 = 0o020000;
    /// FIFO.
    pub const S_IFIFO: u32 = 0o010000;
}

/// The header fields, in archive order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    /// Inode number (hard links share it).
    pub ino: u32,
    /// Type and permission bits.
    pub mode: u32,
    /// Owner.
    pub uid: u32,
    /// Group.
    pub gid: u32,
    /// Link count.
    pub nlink: u32,
    /// Modification time, seconds since the epoch.
    pub mtime: u32,
    /// Data size.
    pub filesize: u32,
    /// Major of the device holding the file (hard-link identity).
    pub devmajor: u32,
    /// Minor of the device holding the file.
    pub devminor: u32,
    /// Major of a device node.
    pub rdevmajor: u32,
    /// Minor of a device node.
    pub rdevminor: u32,
    /// Name size including its NUL.
    pub namesize: u32,
    /// Sum of the data bytes (`070702`), else unused.
    pub check: u32,
}

const FIELD_NAMES: [&str; 13] = [
    "ino",
    "mode",
    "uid",
    "gid",
    "nlink",
    "mtime",
    "filesize",
    "devmajor",
    "devminor",
    "rdevmajor",
    "rdevminor",
    "namesize",
    "check",
];

/// A parsed record: the header and where its parts are in the stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The fields.
    pub header: Header,
    /// Whether the magic was `070702` (data checksum present).
    pub has_checksum: bool,
    /// The name, without its NUL.
    pub name: Range<usize>,
    /// The data (file contents or symlink target).
    pub data: Range<usize>,
    /// Where the next record may start (after the 4-byte padding).
    pub next: usize,
}

/// `N_ALIGN` of `init/initramfs.c`: the name size padded so that header + name ends on a
/// 4-byte boundary.
fn name_span(namesize: usize) -> usize {
    ((namesize + 1) & !3) + 2
}

/// Parses the record at `at` (a 4-byte aligned offset of `stream`) and checks every field.
pub fn parse_record(stream: &[u8], at: usize) -> Result<Record, (Fault, usize)> {
    let truncated = |needed: usize| {
        (
            Fault::Truncated {
                needed,
                available: stream.len(),
            },
            at,
        )
    };
    let header_end = at
        .checked_add(HEADER_SIZE)
        .ok_or_else(|| truncated(usize::MAX))?;
    let raw = stream
        .get(at..header_end)
        .ok_or_else(|| truncated(header_end))?;
    let has_checksum = match &raw[..6] {
        b"070701" => false,
        b"070702" => true,
        b"070707" => return Err((Fault::OldFormat, at)),
        other => {
            let mut magic = [0u8; 6];
            magic.copy_from_slice(other);
            return Err((Fault::BadMagic(magic), at));
        }
    };
    let mut fields = [0u32; 13];
    for (index, field) in fields.iter_mut().enumerate() {
        let start = 6 + index * 8;
        *field = parse_hex(&raw[start..start + 8])
            .ok_or((Fault::BadField(FIELD_NAMES[index]), at + start))?;
    }
    let header = Header {
        ino: fields[0],
        mode: fields[1],
        uid: fields[2],
        gid: fields[3],
        nlink: fields[4],
        mtime: fields[5],
        filesize: fields[6],
        devmajor: fields[7],
        devminor: fields[8],
        rdevmajor: fields[9],
        rdevminor: fields[10],
        namesize: fields[11],
        check: fields[12],
    };
    let namesize = header.namesize as usize;
    if namesize == 0 {
        return Err((Fault::EmptyName, at));
    }
    if namesize > PATH_MAX {
        return Err((Fault::NameTooLong(namesize), at));
    }
    let name_start = header_end;
    let name_end = name_start + namesize;
    let name = stream
        .get(name_start..name_end)
        .ok_or_else(|| truncated(name_end))?;
    if name.iter().position(|&b| b == 0) != Some(namesize - 1) {
        return Err((Fault::BadName, name_start));
    }
    let data_start = name_start + name_span(namesize);
    let data_end = data_start
        .checked_add(header.filesize as usize)
        .ok_or_else(|| truncated(usize::MAX))?;
    let next = data_end
        .checked_add(3)
        .map(|end| end & !3)
        .ok_or_else(|| truncated(usize::MAX))?;
    if next > stream.len() {
        return Err(truncated(next));
    }
    let record = Record {
        header,
        has_checksum,
        name: name_start..name_end - 1,
        data: data_start..data_end,
        next,
    };
    check_kind(stream, &record, at)?;
    Ok(record)
}

/// Type-dependent checks: known type, symlink target, no data on non-files, checksum.
fn check_kind(stream: &[u8], record: &Record, at: usize) -> Result<(), (Fault, usize)> {
    let header = &record.header;
    if header.mode > 0o177777 {
        return Err((Fault::UnknownFileType(header.mode), at));
    }
    if stream.get(record.name.clone()) == Some(TRAILER)
        && header.mode & mode::S_IFMT != mode::S_IFLNK
    {
        return Ok(());
    }
    let data = stream.get(record.data.clone()).unwrap_or(&[]);
    match header.mode & mode::S_IFMT {
        mode::S_IFREG => {
            if record.has_checksum {
                let actual = data
                    .iter()
                    .fold(0u32, |sum, &b| sum.wrapping_add(u32::from(b)));
                if actual != header.check {
                    return Err((
                        Fault::BadChecksum {
                            expected: header.check,
                            actual,
                        },
                        at,
                    ));
                }
            }
            Ok(())
        }
        mode::S_IFLNK => {
            if data.is_empty() || data.len() > PATH_MAX || data.contains(&0) {
                return Err((Fault::BadSymlink(data.len()), at));
            }
            Ok(())
        }
        mode::S_IFDIR | mode::S_IFCHR | mode::S_IFBLK | mode::S_IFIFO | mode::S_IFSOCK => {
            if data.is_empty() {
                Ok(())
            } else {
                Err((Fault::DataOnNonFile(data.len()), at))
            }
        }
        _ => Err((Fault::UnknownFileType(header.mode), at)),
    }
}

/// Eight ASCII hex digits (either case) as a number.
fn parse_hex(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |value, &digit| {
        let nibble = char::from(digit).to_digit(16)?;
        Some((value << 4) | nibble)
    })
}
