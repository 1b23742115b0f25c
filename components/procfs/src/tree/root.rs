//! `/proc` itself: the fixed files, `self`, and one directory per process.

use super::content::Content;
use super::nodes::{ino, metadata, ComputedLink, GeneratedFile, Identity, LinkTarget};
use super::pid_dir::ProcessDirectory;
use super::{list_fixed, list_numbered, parse_number, FixedEntry, Shared};
use alloc::sync::{Arc, Weak};
use core::any::Any;
use kernel_core::services::process::Pid;
use kernel_core::services::vfs::{mode, DirSink, FileType, Inode, Metadata};
use kernel_core::Errno;

/// The fixed entries after `.` and `..`, with their inode numbers.
const FIXED: [(u64, FileType, &[u8]); 9] = [
    (2, FileType::Regular, b"cmdline"),
    (3, FileType::Regular, b"cpuinfo"),
    (4, FileType::Regular, b"loadavg"),
    (5, FileType::Regular, b"meminfo"),
    (6, FileType::Symlink, b"mounts"),
    (7, FileType::Regular, b"stat"),
    (8, FileType::Regular, b"uptime"),
    (9, FileType::Symlink, b"self"),
    (0x100, FileType::Directory, b"sys"),
];

/// Cursor of process `pid`'s entry: `PID_CURSOR_BASE + pid` (after every fixed entry).
const PID_CURSOR_BASE: u64 = 256;

/// The root directory.
pub(crate) struct RootDirectory {
    shared: Arc<Shared>,
    this: Weak<RootDirectory>,
}

impl RootDirectory {
    /// The root of a procfs over `shared`.
    pub(crate) fn new(shared: Arc<Shared>) -> Arc<RootDirectory> {
        Arc::new_cyclic(|this| RootDirectory {
            shared,
            this: this.clone(),
        })
    }

    fn this(&self) -> Result<Arc<RootDirectory>, Errno> {
        self.this.upgrade().ok_or(Errno::ENOENT)
    }
}

impl Inode for RootDirectory {
    fn metadata(&self) -> Metadata {
        let identity = Identity {
            ino: ino::ROOT,
            mode: mode::S_IFDIR | 0o555,
            owner: (0, 0),
        };
        metadata(&self.shared, identity, 2, 0)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn lookup(&self, name: &[u8]) -> Result<Arc<dyn Inode>, Errno> {
        let shared = &self.shared;
        if name == b".." {
            return Ok(self.this()?);
        }
        if let Some(pid) = parse_number(name).and_then(|n| Pid::new(n as i32)) {
            let info = shared.processes.process_info(pid).ok_or(Errno::ENOENT)?;
            return Ok(ProcessDirectory::new(shared.clone(), self.this()?, &info));
        }
        let &(number, _, _) = FIXED
            .iter()
            .find(|(_, _, fixed)| *fixed == name)
            .ok_or(Errno::ENOENT)?;
        let content = match name {
            b"sys" => {
                let this: Arc<dyn Inode> = self.this()?;
                return Ok(super::sys::SysDirectory::new(shared.clone(), this, false));
            }
            b"self" | b"mounts" => {
                let target = if name == b"self" {
                    LinkTarget::SelfProcess
                } else {
                    LinkTarget::SelfMounts
                };
                let link = ComputedLink::new(shared.clone(), number, 0o777, (0, 0), target);
                return Ok(Arc::new(link));
            }
            b"cmdline" => Content::KernelCommandLine,
            b"cpuinfo" => Content::CpuInfo,
            b"loadavg" => Content::LoadAverage,
            b"meminfo" => Content::MemInfo,
            b"stat" => Content::SystemStat,
            _ => Content::Uptime,
        };
        Ok(Arc::new(GeneratedFile::new(
            shared.clone(),
            number,
            (0, 0),
            content,
        )))
    }

    fn read_dir(&self, cursor: u64, sink: &mut DirSink<'_>) -> Result<u64, Errno> {
        let mut entries: [FixedEntry<'_>; 11] = [(ino::ROOT, FileType::Directory, b"."); 11];
        entries[1] = (ino::ROOT, FileType::Directory, b"..");
        entries[2..].copy_from_slice(&FIXED);
        let (cursor, stopped) = list_fixed(&entries, cursor, sink);
        if stopped {
            return Ok(cursor);
        }
        let pids = self.shared.processes.process_ids();
        let numbered = pids.iter().map(|pid| {
            (
                pid.as_raw() as u32,
                ino::of(pid.as_raw(), ino::PID_DIR),
                FileType::Directory,
            )
        });
        Ok(list_numbered(numbered, PID_CURSOR_BASE, cursor, sink))
    }
}
