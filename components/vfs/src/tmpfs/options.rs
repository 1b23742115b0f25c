//! tmpfs mount options (`size=`, `nr_inodes=`, `mode=`, `uid=`, `gid=`), parsed as Linux does.

use super::data::PAGE;
use kernel_core::Errno;

/// How a tmpfs is set up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TmpFsOptions {
    /// Space limit in bytes, rounded up to pages; `None`: unlimited.
    pub size_bytes: Option<u64>,
    /// Inode limit; `None`: unlimited.
    pub max_inodes: Option<u64>,
    /// Permissions of the root directory (default `01777`).
    pub root_mode: u32,
    /// Owner of the root directory.
    pub root_uid: u32,
    /// Group of the root directory.
    pub root_gid: u32,
}

impl Default for TmpFsOptions {
    fn default() -> Self {
        Self {
            size_bytes: None,
            max_inodes: None,
            root_mode: 0o1777,
            root_uid: 0,
            root_gid: 0,
        }
    }
}

impl TmpFsOptions {
    /// Parses a comma-separated option string. Without `size=`, the limit is half of
    /// `memory_bytes` (none if that is 0). Unknown options are `EINVAL`, as in Linux; the
    /// generic superblock words (`rw`, `ro`, `sync`...) are accepted and ignored here (the
    /// mount flags carry them).
    pub fn parse(data: &[u8], memory_bytes: u64) -> Result<Self, Errno> {
        let mut options = Self {
            size_bytes: (memory_bytes > 0).then_some(memory_bytes / 2),
            ..Self::default()
        };
        for option in data
            .split(|byte| *byte == b',')
            .filter(|option| !option.is_empty())
        {
            let (key, value) = match option.iter().position(|byte| *byte == b'=') {
                Some(at) => (&option[..at], Some(&option[at + 1..])),
                None => (option, None),
            };
            match (key, value) {
                (b"size", Some(value)) => {
                    options.size_bytes = limit(parse_size(value, memory_bytes)?)
                }
                (b"nr_blocks", Some(value)) => {
                    let blocks = parse_size(value, 0)?;
                    options.size_bytes = limit(blocks.checked_mul(PAGE).ok_or(Errno::EINVAL)?);
                }
                (b"nr_inodes", Some(value)) => options.max_inodes = limit(parse_size(value, 0)?),
                (b"mode", Some(value)) => {
                    options.root_mode = parse_number(value, 8)? as u32 & 0o7777
                }
                (b"uid", Some(value)) => options.root_uid = parse_id(value)?,
                (b"gid", Some(value)) => options.root_gid = parse_id(value)?,
                (b"inode64" | b"inode32" | b"noswap", None) => {}
                (b"huge" | b"mpol", Some(_)) => {}
                (
                    b"rw" | b"ro" | b"sync" | b"async" | b"dirsync" | b"lazytime" | b"nolazytime"
                    | b"mand" | b"nomand" | b"silent",
                    None,
                ) => {}
                _ => return Err(Errno::EINVAL),
            }
        }
        Ok(options)
    }

    /// The space limit in pages (`u64::MAX`: none).
    pub(crate) fn size_pages(&self) -> u64 {
        self.size_bytes
            .map_or(u64::MAX, |bytes| bytes.div_ceil(PAGE))
    }
}

/// Linux treats a limit of 0 as "unlimited".
fn limit(value: u64) -> Option<u64> {
    (value != 0).then_some(value)
}

/// A number with an optional `k`/`m`/`g`/`t`/`p`/`e` suffix, or a percentage of `memory_bytes`.
fn parse_size(text: &[u8], memory_bytes: u64) -> Result<u64, Errno> {
    let (digits, suffix) = match text.last() {
        Some(last) if !last.is_ascii_digit() => {
            (&text[..text.len() - 1], Some(last.to_ascii_lowercase()))
        }
        _ => (text, None),
    };
    let number = parse_number(digits, 10)?;
    let shift = match suffix {
        None => 0,
        Some(b'k') => 10,
        Some(b'm') => 20,
        Some(b'g') => 30,
        Some(b't') => 40,
        Some(b'p') => 50,
        Some(b'e') => 60,
        Some(b'%') if memory_bytes > 0 => return Ok(memory_bytes / 100 * number),
        Some(_) => return Err(Errno::EINVAL),
    };
    number.checked_mul(1 << shift).ok_or(Errno::EINVAL)
}

fn parse_number(text: &[u8], radix: u32) -> Result<u64, Errno> {
    let text = core::str::from_utf8(text).map_err(|_| Errno::EINVAL)?;
    u64::from_str_radix(text, radix).map_err(|_| Errno::EINVAL)
}

fn parse_id(text: &[u8]) -> Result<u32, Errno> {
    u32::try_from(parse_number(text, 10)?).map_err(|_| Errno::EINVAL)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_linux_options() {
        let options =
            TmpFsOptions::parse(b"size=64m,mode=755,uid=1000,gid=100,nr_inodes=10", 0).unwrap();
        assert_eq!(options.size_bytes, Some(64 << 20));
        assert_eq!(options.root_mode, 0o755);
        assert_eq!((options.root_uid, options.root_gid), (1000, 100));
        assert_eq!(options.max_inodes, Some(10));
        assert_eq!(
            TmpFsOptions::parse(b"", 1 << 30).unwrap().size_bytes,
            Some(512 << 20)
        );
        assert_eq!(
            TmpFsOptions::parse(b"size=10%", 1000).unwrap().size_bytes,
            Some(100)
        );
        assert_eq!(
            TmpFsOptions::parse(b"size=0", 1000).unwrap().size_bytes,
            None
        );
        assert_eq!(
            TmpFsOptions::parse(b"rw,size=1k", 0).unwrap().size_pages(),
            1
        );
    }

    #[test]
    fn rejects_what_linux_rejects() {
        assert_eq!(TmpFsOptions::parse(b"bogus=1", 0), Err(Errno::EINVAL));
        assert_eq!(TmpFsOptions::parse(b"size=12q", 0), Err(Errno::EINVAL));
        assert_eq!(TmpFsOptions::parse(b"mode=9", 0), Err(Errno::EINVAL));
        assert_eq!(TmpFsOptions::parse(b"uid=-1", 0), Err(Errno::EINVAL));
    }
}
