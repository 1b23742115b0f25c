//! The inodes of `/proc`: directories, generated files and computed links.

mod content;
mod fd_dir;
mod nodes;
mod pid_dir;
mod root;
mod sys;

pub(crate) use root::RootDirectory;
pub(crate) use sys::SysctlValues;

use crate::source::ProcSource;
use alloc::sync::Arc;
use kernel_core::services::process::ProcessService;
use kernel_core::services::vfs::DeviceId;

/// What every inode of one procfs reaches.
pub(crate) struct Shared {
    /// The process table.
    pub(crate) processes: Arc<dyn ProcessService>,
    /// Everything else.
    pub(crate) source: Arc<dyn ProcSource>,
    /// `st_dev`.
    pub(crate) device: DeviceId,
    /// The values of `/proc/sys` files.
    pub(crate) sysctl: sys::SysctlValues,
}

/// A directory entry's name as a number: decimal, no sign, no leading zero (Linux's
/// `name_to_int`); `None` otherwise or on overflow.
pub(crate) fn parse_number(name: &[u8]) -> Option<u32> {
    if name.is_empty() || (name[0] == b'0' && name.len() > 1) {
        return None;
    }
    let mut value: u32 = 0;
    for &byte in name {
        if !byte.is_ascii_digit() {
            return None;
        }
        value = value.checked_mul(10)?.checked_add(u32::from(byte - b'0'))?;
    }
    Some(value)
}

use kernel_core::services::vfs::{DirEntry, DirSink, FileType};

/// One entry of a directory's fixed part: inode number, type, name.
pub(crate) type FixedEntry<'a> = (u64, FileType, &'a [u8]);

/// Lists `entries` from `cursor` (an index into them); returns the cursor after the last
/// entry consumed and whether the sink stopped early.
pub(crate) fn list_fixed(
    entries: &[FixedEntry<'_>],
    mut cursor: u64,
    sink: &mut DirSink<'_>,
) -> (u64, bool) {
    while let Some(&(ino, file_type, name)) = usize::try_from(cursor)
        .ok()
        .and_then(|index| entries.get(index))
    {
        let entry = DirEntry {
            ino,
            file_type,
            name,
            next_cursor: cursor + 1,
        };
        if !sink(&entry) {
            return (cursor, true);
        }
        cursor += 1;
    }
    (cursor, false)
}

/// Lists numbered entries (pids, descriptors) at cursors `base + number`, from `cursor`, in
/// increasing order; returns the cursor after the last entry consumed. An entry that appears
/// or goes mid-listing never disturbs the others' cursors.
pub(crate) fn list_numbered(
    numbers: impl Iterator<Item = (u32, u64, FileType)>,
    base: u64,
    cursor: u64,
    sink: &mut DirSink<'_>,
) -> u64 {
    let mut cursor = cursor.max(base);
    for (number, ino, file_type) in numbers {
        let at = base + u64::from(number);
        if at < cursor {
            continue;
        }
        let name = alloc::format!("{number}");
        let entry = DirEntry {
            ino,
            file_type,
            name: name.as_bytes(),
            next_cursor: at + 1,
        };
        if !sink(&entry) {
            return cursor;
        }
        cursor = at + 1;
    }
    cursor
}
