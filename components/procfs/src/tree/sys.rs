//! `/proc/sys`: the sysctl files the boot scripts touch (`kernel/printk`, `kernel/pid_max`,
//! `kernel/ostype`...). Values are kept per procfs instance; writes replace them.

use super::nodes::{metadata, Identity};
use super::{list_fixed, FixedEntry, Shared};
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::any::Any;
use kernel_core::services::vfs::{mode, DirSink, FileType, Inode, Metadata};
use kernel_core::Errno;

/// Inode numbers of `/proc/sys` and below (after the root's fixed entries).
const SYS_INO: u64 = 0x100;
/// `/proc/sys/kernel`.
const KERNEL_INO: u64 = 0x101;

/// The files of `/proc/sys/kernel`: name and initial text (Linux 6.1 defaults).
pub(crate) const KERNEL_FILES: [(&[u8], &[u8]); 4] = [
    (b"ostype", b"Linux\n"),
    (b"pid_max", b"32768\n"),
    (b"printk", b"7\t4\t1\t7\n"),
    (b"threads-max", b"7710\n"),
];

/// The values of the sysctl files, by index into [`KERNEL_FILES`].
pub(crate) struct SysctlValues(spin::Mutex<Vec<Vec<u8>>>);

impl SysctlValues {
    /// Linux's defaults.
    pub(crate) fn new() -> Self {
        Self(spin::Mutex::new(
            KERNEL_FILES.iter().map(|(_, text)| text.to_vec()).collect(),
        ))
    }
}

/// `/proc/sys` (`kernel == false`) or `/proc/sys/kernel`.
pub(crate) struct SysDirectory {
    shared: Arc<Shared>,
    parent: Arc<dyn Inode>,
    kernel: bool,
    this: alloc::sync::Weak<SysDirectory>,
}

impl SysDirectory {
    /// A sysctl directory below `parent`.
    pub(crate) fn new(shared: Arc<Shared>, parent: Arc<dyn Inode>, kernel: bool) -> Arc<Self> {
        Arc::new_cyclic(|this| SysDirectory {
            shared,
            parent,
            kernel,
            this: this.clone(),
        })
    }

    fn ino(&self) -> u64 {
        if self.kernel {
            KERNEL_INO
        } else {
            SYS_INO
        }
    }
}

impl Inode for SysDirectory {
    fn metadata(&self) -> Metadata {
        let identity = Identity {
            ino: self.ino(),
            mode: mode::S_IFDIR | 0o555,
            owner: (0, 0),
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
        let this: Arc<dyn Inode> = self.this.upgrade().ok_or(Errno::ENOENT)?;
        if !self.kernel {
            return match name {
                b"kernel" => Ok(SysDirectory::new(self.shared.clone(), this, true)),
                _ => Err(Errno::ENOENT),
            };
        }
        let index = KERNEL_FILES
            .iter()
            .position(|(file, _)| *file == name)
            .ok_or(Errno::ENOENT)?;
        Ok(Arc::new(SysctlFile {
            shared: self.shared.clone(),
            index,
        }))
    }

    fn read_dir(&self, cursor: u64, sink: &mut DirSink<'_>) -> Result<u64, Errno> {
        let mut entries: Vec<FixedEntry<'_>> = alloc::vec![
            (self.ino(), FileType::Directory, b"."),
            (self.parent.metadata().ino, FileType::Directory, b".."),
        ];
        if self.kernel {
            for (index, (name, _)) in KERNEL_FILES.iter().enumerate() {
                entries.push((KERNEL_INO + 1 + index as u64, FileType::Regular, name));
            }
        } else {
            entries.push((KERNEL_INO, FileType::Directory, b"kernel"));
        }
        Ok(list_fixed(&entries, cursor, sink).0)
    }
}

/// One sysctl file: `rw-r--r--`, its text shared by every open.
struct SysctlFile {
    shared: Arc<Shared>,
    index: usize,
}

impl Inode for SysctlFile {
    fn metadata(&self) -> Metadata {
        let identity = Identity {
            ino: KERNEL_INO + 1 + self.index as u64,
            mode: mode::S_IFREG | 0o644,
            owner: (0, 0),
        };
        metadata(&self.shared, identity, 1, 0)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn read_at(&self, offset: u64, buffer: &mut [u8]) -> Result<usize, Errno> {
        let values = self.shared.sysctl.0.lock();
        let text = values.get(self.index).ok_or(Errno::EIO)?;
        let start = usize::try_from(offset).map_or(text.len(), |o| o.min(text.len()));
        let count = buffer.len().min(text.len() - start);
        buffer[..count].copy_from_slice(&text[start..start + count]);
        Ok(count)
    }

    fn write_at(&self, offset: u64, buffer: &[u8]) -> Result<usize, Errno> {
        // proc_dointvec: a write at offset 0 replaces the value; later pieces are accepted.
        if offset == 0 {
            let mut values = self.shared.sysctl.0.lock();
            let slot = values.get_mut(self.index).ok_or(Errno::EIO)?;
            *slot = buffer.to_vec();
            if slot.last() != Some(&b'\n') {
                slot.push(b'\n');
            }
        }
        Ok(buffer.len())
    }

    fn truncate(&self, _size: u64) -> Result<(), Errno> {
        Ok(())
    }
}
