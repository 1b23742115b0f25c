//! Leaf inodes: files whose text is generated once, and links whose target is computed.

use super::content::{generate, Content};
use super::Shared;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::any::Any;
use kernel_core::services::process::Pid;
use kernel_core::services::vfs::{mode, Inode, Metadata};
use kernel_core::Errno;

/// Inode numbers: fixed entries count up from the root's 1; a process's entries carry its
/// pid in the upper half and a slot in the lower.
pub(crate) mod ino {
    /// The root directory.
    pub(crate) const ROOT: u64 = 1;
    /// A process's directory.
    pub(crate) const PID_DIR: u32 = 1;
    /// `/proc/<pid>/fd`.
    pub(crate) const FD_DIR: u32 = 2;
    /// `/proc/<pid>/fd/N` is `FD_BASE + N`.
    pub(crate) const FD_BASE: u32 = 0x1000_0000;

    /// The inode number of `slot` of process `pid`.
    pub(crate) fn of(pid: i32, slot: u32) -> u64 {
        (u64::from(pid as u32) << 32) | u64::from(slot)
    }
}

/// Identity of an inode: number, mode, owner.
#[derive(Clone, Copy)]
pub(crate) struct Identity {
    /// `st_ino`.
    pub(crate) ino: u64,
    /// `st_mode`.
    pub(crate) mode: u32,
    /// `st_uid`, `st_gid`.
    pub(crate) owner: (u32, u32),
}

/// The `stat` of a procfs inode: times are "now", as Linux stamps a proc inode when made.
pub(crate) fn metadata(shared: &Shared, identity: Identity, nlink: u32, size: u64) -> Metadata {
    let now = shared.source.now();
    Metadata {
        dev: shared.device,
        ino: identity.ino,
        mode: identity.mode,
        nlink,
        uid: identity.owner.0,
        gid: identity.owner.1,
        size,
        blksize: 1024,
        atime: now,
        mtime: now,
        ctime: now,
        ..Metadata::default()
    }
}

/// A read-only file whose text is generated at the first read and kept for this inode's
/// life (one lookup: one open, as with `seq_file`).
pub(crate) struct GeneratedFile {
    shared: Arc<Shared>,
    identity: Identity,
    content: Content,
    text: spin::Once<Result<Vec<u8>, Errno>>,
}

impl GeneratedFile {
    /// A file showing `content`.
    pub(crate) fn new(shared: Arc<Shared>, ino: u64, owner: (u32, u32), content: Content) -> Self {
        Self {
            shared,
            identity: Identity {
                ino,
                mode: mode::S_IFREG | 0o444,
                owner,
            },
            content,
            text: spin::Once::new(),
        }
    }
}

impl Inode for GeneratedFile {
    fn metadata(&self) -> Metadata {
        metadata(&self.shared, self.identity, 1, 0)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn read_at(&self, offset: u64, buffer: &mut [u8]) -> Result<usize, Errno> {
        let text = self
            .text
            .call_once(|| generate(&self.shared, self.content))
            .as_ref()
            .map_err(|errno| *errno)?;
        let start = usize::try_from(offset).map_or(text.len(), |o| o.min(text.len()));
        let count = buffer.len().min(text.len() - start);
        buffer[..count].copy_from_slice(&text[start..start + count]);
        Ok(count)
    }
}

/// What a link points to.
#[derive(Clone, Copy, Debug)]
pub(crate) enum LinkTarget {
    /// `/proc/self`: the caller's pid.
    SelfProcess,
    /// `/proc/mounts`: `self/mounts`.
    SelfMounts,
    /// `/proc/<pid>/exe`.
    Executable(Pid),
    /// `/proc/<pid>/fd/N`.
    Descriptor(Pid, u32),
    /// `/proc/<pid>/cwd`.
    WorkingDirectory(Pid),
}

/// A symbolic link computed at each `readlink`.
pub(crate) struct ComputedLink {
    shared: Arc<Shared>,
    identity: Identity,
    size: u64,
    target: LinkTarget,
}

impl ComputedLink {
    /// A link with permission bits `permissions`, owned by `owner`.
    pub(crate) fn new(
        shared: Arc<Shared>,
        ino: u64,
        permissions: u32,
        owner: (u32, u32),
        target: LinkTarget,
    ) -> Self {
        // proc_fd_instantiate gives descriptor links a size of 64; the others report 0.
        let size = if matches!(target, LinkTarget::Descriptor(..)) {
            64
        } else {
            0
        };
        Self {
            shared,
            identity: Identity {
                ino,
                mode: mode::S_IFLNK | permissions,
                owner,
            },
            size,
            target,
        }
    }
}

impl Inode for ComputedLink {
    fn metadata(&self) -> Metadata {
        metadata(&self.shared, self.identity, 1, self.size)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn readlink(&self) -> Result<Vec<u8>, Errno> {
        let source = &self.shared.source;
        match self.target {
            LinkTarget::SelfProcess => {
                let pid = source.current_process().ok_or(Errno::ENOENT)?;
                Ok(alloc::format!("{}", pid.as_raw()).into_bytes())
            }
            LinkTarget::SelfMounts => Ok(b"self/mounts".to_vec()),
            LinkTarget::Executable(pid) => source.executable(pid).ok_or(Errno::ENOENT),
            LinkTarget::WorkingDirectory(pid) => source.working_directory(pid).ok_or(Errno::ENOENT),
            LinkTarget::Descriptor(pid, fd) => source
                .open_descriptors(pid)
                .and_then(|all| all.into_iter().find(|open| open.fd == fd))
                .map(|open| open.target)
                .ok_or(Errno::ENOENT),
        }
    }
}
