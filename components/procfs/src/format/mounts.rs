//! `/proc/<pid>/mounts` (`fs/proc_namespace.c` `show_vfsmnt`).

use super::text::Text;
use crate::source::MountEntry;
use alloc::vec::Vec;
use kernel_core::services::vfs::MountFlags;

/// Bytes `mangle` escapes as `\ooo`.
const SPECIAL: &[u8] = b" \t\n\\";

/// Superblock flags in `show_sb_opts` order.
const SUPERBLOCK_OPTIONS: [(MountFlags, &[u8]); 4] = [
    (MountFlags::SYNCHRONOUS, b",sync"),
    (MountFlags::DIRSYNC, b",dirsync"),
    (MountFlags::MANDLOCK, b",mand"),
    (MountFlags::LAZYTIME, b",lazytime"),
];

/// Per-mount flags in `show_mnt_opts` order.
const MOUNT_OPTIONS: [(MountFlags, &[u8]); 7] = [
    (MountFlags::NOSUID, b",nosuid"),
    (MountFlags::NODEV, b",nodev"),
    (MountFlags::NOEXEC, b",noexec"),
    (MountFlags::NOATIME, b",noatime"),
    (MountFlags::NODIRATIME, b",nodiratime"),
    (MountFlags::RELATIME, b",relatime"),
    (MountFlags::NOSYMFOLLOW, b",nosymfollow"),
];

/// One line per mount: `source path type rw|ro[,flags][,fs options] 0 0`, with spaces, tabs,
/// newlines and backslashes in the first three written as octal escapes; an empty source is
/// `none`.
pub fn mounts(entries: &[MountEntry]) -> Vec<u8> {
    let mut text = Text::default();
    for entry in entries {
        let source: &[u8] = if entry.source.is_empty() {
            b"none"
        } else {
            &entry.source
        };
        text.octal_escaped(source, SPECIAL);
        text.bytes(b" ");
        text.octal_escaped(&entry.path, SPECIAL);
        text.bytes(b" ");
        text.octal_escaped(&entry.fs_type, SPECIAL);
        text.bytes(if entry.flags.contains(MountFlags::RDONLY) {
            b" ro"
        } else {
            b" rw"
        });
        for (flag, name) in SUPERBLOCK_OPTIONS.iter().chain(MOUNT_OPTIONS.iter()) {
            if entry.flags.contains(*flag) {
                text.bytes(name);
            }
        }
        if !entry.options.is_empty() {
            text.bytes(b",");
            text.bytes(&entry.options);
        }
        text.bytes(b" 0 0\n");
    }
    text.0
}
