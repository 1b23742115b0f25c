//! `/proc/<pid>`: one process's directory.

use super::content::Content;
use super::fd_dir::DescriptorDirectory;
use super::nodes::{ino, metadata, ComputedLink, GeneratedFile, Identity, LinkTarget};
use super::root::RootDirectory;
use super::{list_fixed, FixedEntry, Shared};
use alloc::sync::{Arc, Weak};
use core::any::Any;
use kernel_core::services::process::{Pid, ProcessInfo};
use kernel_core::services::vfs::{mode, DirSink, FileType, Inode, Metadata};
use kernel_core::Errno;

/// The entries after `.` and `..`, with their inode slots.
const ENTRIES: [(u32, FileType, &[u8]); 8] = [
    (3, FileType::Regular, b"cmdline"),
    (8, FileType::Regular, b"comm"),
    (9, FileType::Symlink, b"cwd"),
    (4, FileType::Symlink, b"exe"),
    (ino::FD_DIR, FileType::Directory, b"fd"),
    (5, FileType::Regular, b"mounts"),
    (6, FileType::Regular, b"stat"),
    (7, FileType::Regular, b"status"),
];

/// A process's directory, owned by its effective user and group (as `task_dump_owner`).
pub(crate) struct ProcessDirectory {
    shared: Arc<Shared>,
    parent: Arc<RootDirectory>,
    pid: Pid,
    owner: (u32, u32),
    this: Weak<ProcessDirectory>,
}

impl ProcessDirectory {
    /// The directory of the process `info` describes.
    pub(crate) fn new(
        shared: Arc<Shared>,
        parent: Arc<RootDirectory>,
        info: &ProcessInfo,
    ) -> Arc<ProcessDirectory> {
        Arc::new_cyclic(|this| ProcessDirectory {
            shared,
            parent,
            pid: info.pid,
            owner: (info.uids[1], info.gids[1]),
            this: this.clone(),
        })
    }

    fn ino(&self, slot: u32) -> u64 {
        ino::of(self.pid.as_raw(), slot)
    }

    /// The process's current facts; `ENOENT` once it has been reaped.
    fn alive(&self) -> Result<ProcessInfo, Errno> {
        self.shared
            .processes
            .process_info(self.pid)
            .ok_or(Errno::ENOENT)
    }
}

impl Inode for ProcessDirectory {
    fn metadata(&self) -> Metadata {
        let identity = Identity {
            ino: self.ino(ino::PID_DIR),
            mode: mode::S_IFDIR | 0o555,
            owner: self.owner,
        };
        metadata(&self.shared, identity, 3, 0)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn lookup(&self, name: &[u8]) -> Result<Arc<dyn Inode>, Errno> {
        if name == b".." {
            return Ok(self.parent.clone());
        }
        let &(slot, _, _) = ENTRIES
            .iter()
            .find(|(_, _, entry)| *entry == name)
            .ok_or(Errno::ENOENT)?;
        let info = self.alive()?;
        let owner = (info.uids[1], info.gids[1]);
        let (shared, pid) = (self.shared.clone(), self.pid);
        let content = match name {
            b"exe" => {
                let target = LinkTarget::Executable(pid);
                let link = ComputedLink::new(shared, self.ino(slot), 0o777, owner, target);
                return Ok(Arc::new(link));
            }
            b"cwd" => {
                let target = LinkTarget::WorkingDirectory(pid);
                let link = ComputedLink::new(shared, self.ino(slot), 0o777, owner, target);
                return Ok(Arc::new(link));
            }
            b"fd" => {
                let this = self.this.upgrade().ok_or(Errno::ENOENT)?;
                return Ok(DescriptorDirectory::new(shared, this, pid, owner));
            }
            b"cmdline" => Content::CommandLine(pid),
            b"comm" => Content::Comm(pid),
            b"mounts" => Content::Mounts(pid),
            b"stat" => Content::Stat(pid),
            _ => Content::Status(pid),
        };
        Ok(Arc::new(GeneratedFile::new(
            shared,
            self.ino(slot),
            owner,
            content,
        )))
    }

    fn read_dir(&self, cursor: u64, sink: &mut DirSink<'_>) -> Result<u64, Errno> {
        self.alive()?;
        let dir = self.ino(ino::PID_DIR);
        let mut entries: [FixedEntry<'_>; 10] = [(dir, FileType::Directory, b"."); 10];
        entries[1] = (ino::ROOT, FileType::Directory, b"..");
        for (index, &(slot, file_type, name)) in ENTRIES.iter().enumerate() {
            entries[index + 2] = (self.ino(slot), file_type, name);
        }
        Ok(list_fixed(&entries, cursor, sink).0)
    }
}

/// The inode number of `/proc/<pid>` (the fd directory lists it as `..`).
pub(crate) fn directory_ino(pid: Pid) -> u64 {
    ino::of(pid.as_raw(), ino::PID_DIR)
}
