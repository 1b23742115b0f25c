//! `/proc/<pid>/fd`: one link per open descriptor.

use super::nodes::{ino, metadata, ComputedLink, Identity, LinkTarget};
use super::pid_dir::{directory_ino, ProcessDirectory};
use super::{list_fixed, list_numbered, parse_number, Shared};
use alloc::sync::Arc;
use core::any::Any;
use kernel_core::services::process::Pid;
use kernel_core::services::vfs::{mode, DirSink, FileType, Inode, Metadata};
use kernel_core::Errno;

/// Cursor of descriptor `n`: `2 + n` (after `.` and `..`).
const FD_CURSOR_BASE: u64 = 2;

/// The descriptor directory of one process: `dr-x------`, owned by the process.
pub(crate) struct DescriptorDirectory {
    shared: Arc<Shared>,
    parent: Arc<ProcessDirectory>,
    pid: Pid,
    owner: (u32, u32),
}

impl DescriptorDirectory {
    /// The descriptor directory of `pid`, below `parent`.
    pub(crate) fn new(
        shared: Arc<Shared>,
        parent: Arc<ProcessDirectory>,
        pid: Pid,
        owner: (u32, u32),
    ) -> Arc<DescriptorDirectory> {
        Arc::new(DescriptorDirectory {
            shared,
            parent,
            pid,
            owner,
        })
    }

    fn ino(&self, slot: u32) -> u64 {
        ino::of(self.pid.as_raw(), slot)
    }
}

impl Inode for DescriptorDirectory {
    fn metadata(&self) -> Metadata {
        let identity = Identity {
            ino: self.ino(ino::FD_DIR),
            mode: mode::S_IFDIR | 0o500,
            owner: self.owner,
        };
        metadata(&self.shared, identity, 2, 0)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn lookup(&self, name: &[u8]) -> Result<Arc<dyn Inode>, Errno> {
        if name == b".." {
            return Ok(self.parent.clone());
        }
        let fd = parse_number(name).ok_or(Errno::ENOENT)?;
        let open = self
            .shared
            .source
            .open_descriptors(self.pid)
            .and_then(|all| all.into_iter().find(|open| open.fd == fd))
            .ok_or(Errno::ENOENT)?;
        // tid_fd_update_inode: r-x for a readable description, w for a writable one.
        let permissions =
            if open.readable { 0o500 } else { 0 } | if open.writable { 0o200 } else { 0 };
        let slot = ino::FD_BASE.saturating_add(fd);
        Ok(Arc::new(ComputedLink::new(
            self.shared.clone(),
            self.ino(slot),
            permissions,
            self.owner,
            LinkTarget::Descriptor(self.pid, fd),
        )))
    }

    fn read_dir(&self, cursor: u64, sink: &mut DirSink<'_>) -> Result<u64, Errno> {
        let parent = directory_ino(self.pid);
        let dots = [
            (self.ino(ino::FD_DIR), FileType::Directory, &b"."[..]),
            (parent, FileType::Directory, &b".."[..]),
        ];
        let (cursor, stopped) = list_fixed(&dots, cursor, sink);
        if stopped {
            return Ok(cursor);
        }
        // A zombie has no descriptor table: only the dots (proc_readfd_common).
        let open = self
            .shared
            .source
            .open_descriptors(self.pid)
            .unwrap_or_default();
        let numbered = open.iter().map(|open| {
            (
                open.fd,
                self.ino(ino::FD_BASE.saturating_add(open.fd)),
                FileType::Symlink,
            )
        });
        Ok(list_numbered(numbered, FD_CURSOR_BASE, cursor, sink))
    }
}
