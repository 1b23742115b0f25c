//! procfs: `/proc` generated on lookup, its text formatted byte-exactly as Linux 6.1 prints it.
//!
//! [`ProcFsType`] is the `"proc"` [`FileSystemType`]; every mount shows the one [`ProcFs`].
//! Directories compute their entries at `lookup`/`read_dir`, files produce their text when first
//! read (and keep it, as Linux's `seq_file` keeps it for one open), links compute their target
//! at `readlink`. Facts come from the [`ProcessService`] contract and from [`ProcSource`], the
//! kernel's answer for what that contract lacks (scheduler, memory, descriptor and boot facts).
//!
//! Served: `/proc/{cmdline,cpuinfo,loadavg,meminfo,stat,uptime}`, `/proc/mounts` (a link to
//! `self/mounts`), `/proc/self`, `/proc/<pid>/{cmdline,exe,fd/N,mounts,stat,status}`.
//!
//! A component crate cannot mint capabilities:
//!
//! ```compile_fail
//! #![forbid(unsafe_code)]
//! let authority = unsafe { kernel_core::cap::MintAuthority::assume() };
//! ```
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod format;
mod source;
mod tree;

pub use source::{
    CapabilitySets, CpuStats, CpuTimes, MemoryInfo, MemoryLayout, MountEntry, OpenDescriptor,
    ProcSource, SchedState, SpeculationState, SystemStats, TaskDetails,
};

use alloc::sync::Arc;
use kernel_core::services::process::ProcessService;
use kernel_core::services::vfs::{
    DeviceId, FileSystem, FileSystemType, FsStats, Inode, MountFlags,
};
use kernel_core::Errno;
use tree::{RootDirectory, Shared, SysctlValues};

/// `PROC_SUPER_MAGIC`, what `statfs` reports for `/proc`.
pub const PROC_SUPER_MAGIC: u64 = 0x9fa0;

/// What procfs is given at construction.
pub struct ProcCaps {
    /// The process table.
    pub processes: Arc<dyn ProcessService>,
    /// Everything else procfs shows.
    pub source: Arc<dyn ProcSource>,
    /// The device number `stat` reports for every `/proc` inode (an anonymous `0:N`).
    pub device: DeviceId,
}

/// The proc file system.
pub struct ProcFs {
    root: Arc<RootDirectory>,
    device: DeviceId,
}

impl ProcFs {
    /// A proc file system over `caps`.
    pub fn new(caps: ProcCaps) -> Arc<ProcFs> {
        let device = caps.device;
        let shared = Arc::new(Shared {
            processes: caps.processes,
            source: caps.source,
            device,
            sysctl: SysctlValues::new(),
        });
        Arc::new(ProcFs {
            root: RootDirectory::new(shared),
            device,
        })
    }
}

impl FileSystem for ProcFs {
    fn name(&self) -> &str {
        "proc"
    }

    fn root(&self) -> Arc<dyn Inode> {
        self.root.clone()
    }

    fn device(&self) -> DeviceId {
        self.device
    }

    fn stats(&self) -> FsStats {
        // simple_statfs: the page size as block size, NAME_MAX, everything else 0.
        FsStats {
            magic: PROC_SUPER_MAGIC,
            block_size: 4096,
            name_max: 255,
            ..FsStats::default()
        }
    }
}

/// The `"proc"` type for `mount -t proc`: every mount shows the same [`ProcFs`].
pub struct ProcFsType {
    instance: Arc<ProcFs>,
}

impl ProcFsType {
    /// The type, serving `instance`.
    pub fn new(instance: Arc<ProcFs>) -> ProcFsType {
        ProcFsType { instance }
    }
}

impl FileSystemType for ProcFsType {
    fn name(&self) -> &str {
        "proc"
    }

    fn mount(
        &self,
        _source: &[u8],
        _flags: MountFlags,
        _data: &[u8],
    ) -> Result<Arc<dyn FileSystem>, Errno> {
        Ok(self.instance.clone())
    }
}
