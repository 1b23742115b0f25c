//! Parsing `getdents64` output.

use kernel_core::services::vfs::File;
use kernel_core::Errno;
use std::string::String;
use std::sync::Arc;
use std::vec::Vec;

/// One parsed `linux_dirent64`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dirent {
    pub ino: u64,
    pub offset: i64,
    pub kind: u8,
    pub name: String,
}

/// Parses getdents64 output.
pub fn parse_dirents(bytes: &[u8]) -> Vec<Dirent> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let ino = u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap());
        let offset = i64::from_le_bytes(bytes[at + 8..at + 16].try_into().unwrap());
        let length = u16::from_le_bytes([bytes[at + 16], bytes[at + 17]]) as usize;
        let kind = bytes[at + 18];
        let name_bytes = &bytes[at + 19..at + length];
        let end = name_bytes.iter().position(|byte| *byte == 0).unwrap();
        out.push(Dirent {
            ino,
            offset,
            kind,
            name: String::from_utf8(name_bytes[..end].to_vec()).unwrap(),
        });
        assert_eq!(length % 8, 0, "records are 8-byte aligned");
        at += length;
    }
    out
}

/// Every entry of an open directory, reading with a buffer of `buffer_size`.
pub fn entries(dir: &Arc<dyn File>, buffer_size: usize) -> Result<Vec<Dirent>, Errno> {
    let mut out = Vec::new();
    let mut buffer = vec![0u8; buffer_size];
    loop {
        let used = dir.getdents64(&mut buffer)?;
        if used == 0 {
            return Ok(out);
        }
        out.extend(parse_dirents(&buffer[..used]));
    }
}
