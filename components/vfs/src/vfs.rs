//! The VFS: the mount tree, the registries (file-system types, devices, FIFOs) and helpers the
//! operations share.

use crate::anon::AnonDevices;
use crate::clock::WallClock;
use crate::devices::{self, ConsoleDevice, FullDevice, NullDevice, RandomDevice, ZeroDevice};
use crate::file::OpenFile;
use crate::mount::{Location, Mount, MountTable};
use crate::path::Resolver;
use crate::pipe::Pipe;
use crate::tmpfs::{TmpFs, TmpFsOptions, TmpFsType};
use alloc::collections::BTreeMap;
use alloc::sync::{Arc, Weak};
use alloc::vec::Vec;
use core::sync::atomic::{AtomicU64, Ordering};
use kernel_core::services::chardev::CharDevice;
use kernel_core::services::pagecache::PagePool;
use kernel_core::services::time::TimeService;
use kernel_core::services::vfs::{
    mode, AtFlags, CharDeviceOps, Credentials, DeviceId, File, FileSystem, FileSystemType, Inode,
    Metadata, MountFlags, NewNode, NodeKind, OpenFlags, PathContext,
};
use kernel_core::sync::SpinLock;
use kernel_core::Errno;

/// What the VFS may use.
pub struct VfsCaps {
    /// Uptime, for timestamps (with `boot_epoch_ns`) and seeding.
    pub clock: Arc<dyn TimeService>,
    /// Wall-clock time at boot, in nanoseconds since the Unix epoch (0 without an RTC).
    pub boot_epoch_ns: u64,
    /// The console device behind `/dev/console` and `/dev/tty` (none: no such nodes).
    pub console: Option<Arc<dyn CharDevice>>,
    /// Seed for `/dev/random` and `/dev/urandom` (e.g. `/chosen/rng-seed`).
    pub random_seed: [u8; 32],
    /// RAM size: tmpfs mounts default to half of it (0: no default limit).
    pub memory_bytes: u64,
    /// Frames for file data: the page cache that user mappings share.
    pub pages: Arc<dyn PagePool>,
}

/// An object named by an `*at` call: found by path, or the descriptor itself
/// (`AT_EMPTY_PATH`), which for pipes has no mount.
pub(crate) struct Object {
    pub inode: Arc<dyn Inode>,
    pub mount: Option<Arc<Mount>>,
}

impl Object {
    /// Whether writes are refused by a read-only mount.
    pub fn read_only(&self) -> bool {
        self.mount.as_ref().is_some_and(|mount| mount.read_only())
    }
}

/// The virtual file system.
pub struct Vfs {
    pub(crate) clock: WallClock,
    pub(crate) mounts: SpinLock<MountTable>,
    pub(crate) fs_types: SpinLock<BTreeMap<Vec<u8>, Arc<dyn FileSystemType>>>,
    pub(crate) devices: SpinLock<BTreeMap<DeviceId, Arc<dyn CharDeviceOps>>>,
    pub(crate) fifos: SpinLock<BTreeMap<(DeviceId, u64), Weak<Pipe>>>,
    pub(crate) pipe_device: DeviceId,
    pub(crate) next_pipe_ino: AtomicU64,
    devtmpfs: Arc<TmpFs>,
    console: Option<Arc<ConsoleDevice>>,
    random: Arc<RandomDevice>,
    pub(crate) locks: crate::locks::LockTable,
}

impl Vfs {
    /// A VFS whose root is an empty tmpfs (`rootfs`), with the `tmpfs` and `devtmpfs` types
    /// and the standard devices registered (devtmpfs holds their nodes; mount it on `/dev`).
    pub fn new(caps: VfsCaps) -> Result<Self, Errno> {
        let clock = WallClock::new(caps.clock, caps.boot_epoch_ns);
        let anon = Arc::new(AnonDevices::new());
        let root_options = TmpFsOptions::parse(b"", caps.memory_bytes)?;
        let rootfs = TmpFs::new(
            "rootfs",
            anon.allocate(),
            clock.clone(),
            caps.pages.clone(),
            &root_options,
        )?;
        let root_fs: Arc<dyn FileSystem> = rootfs;
        let root_mount = Arc::new(Mount::new(
            1,
            root_fs.clone(),
            root_fs.root(),
            None,
            b"rootfs".to_vec(),
            MountFlags::RELATIME,
        ));
        let dev_options = TmpFsOptions {
            root_mode: 0o755,
            ..root_options
        };
        let devtmpfs = TmpFs::new(
            "devtmpfs",
            anon.allocate(),
            clock.clone(),
            caps.pages.clone(),
            &dev_options,
        )?;
        let pipe_device = anon.allocate();
        let random = Arc::new(RandomDevice::new(caps.random_seed, clock.clone()));
        let vfs = Self {
            mounts: SpinLock::new(MountTable::new(root_mount)),
            fs_types: SpinLock::new(BTreeMap::new()),
            devices: SpinLock::new(BTreeMap::new()),
            fifos: SpinLock::new(BTreeMap::new()),
            pipe_device,
            next_pipe_ino: AtomicU64::new(1),
            devtmpfs: devtmpfs.clone(),
            console: caps
                .console
                .map(|device| Arc::new(ConsoleDevice::new(device))),
            random: random.clone(),
            clock: clock.clone(),
            locks: crate::locks::LockTable::new(),
        };
        vfs.register_filesystem_type(Arc::new(TmpFsType::new(
            clock,
            anon,
            caps.pages,
            caps.memory_bytes,
        )));
        vfs.register_filesystem_type(Arc::new(DevTmpFsType(devtmpfs)));
        vfs.register_char_device(b"null", devices::NULL, 0o666, Arc::new(NullDevice))?;
        vfs.register_char_device(b"zero", devices::ZERO, 0o666, Arc::new(ZeroDevice))?;
        vfs.register_char_device(b"full", devices::FULL, 0o666, Arc::new(FullDevice))?;
        vfs.register_char_device(b"random", devices::RANDOM, 0o666, random.clone())?;
        vfs.register_char_device(b"urandom", devices::URANDOM, 0o666, random)?;
        if let Some(console) = vfs.console.clone() {
            vfs.register_char_device(b"tty", devices::TTY, 0o666, console.clone())?;
            vfs.register_char_device(b"console", devices::CONSOLE, 0o600, console)?;
        }
        Ok(vfs)
    }

    /// Makes `mount -t NAME` able to create `fs_type` (procfs registers here).
    pub fn register_filesystem_type(&self, fs_type: Arc<dyn FileSystemType>) {
        let name = fs_type.name().as_bytes().to_vec();
        self.fs_types.lock().insert(name, fs_type);
    }

    /// Makes device nodes numbered `device` open `ops`, and adds `/dev/NAME` to devtmpfs
    /// (owned by root with `permissions`). A later registration of the same number replaces
    /// the driver (a terminal layer taking over `5:1` from the raw console).
    pub fn register_char_device(
        &self,
        name: &[u8],
        device: DeviceId,
        permissions: u32,
        ops: Arc<dyn CharDeviceOps>,
    ) -> Result<(), Errno> {
        self.devices.lock().insert(device, ops);
        let node = NewNode {
            permissions,
            uid: 0,
            gid: 0,
        };
        match self
            .devtmpfs
            .root()
            .create(name, NodeKind::CharDevice(device), node)
        {
            Ok(_) | Err(Errno::EEXIST) => Ok(()),
            Err(error) => Err(error),
        }
    }

    /// The console device, so the board can signal input from its receive interrupt.
    pub fn console(&self) -> Option<Arc<ConsoleDevice>> {
        self.console.clone()
    }

    /// The random generator (for `getrandom`).
    pub fn random(&self) -> Arc<RandomDevice> {
        self.random.clone()
    }

    /// The root of the mount tree.
    pub(crate) fn root_location(&self) -> Location {
        let root = self.mounts.lock().root().clone();
        let inode = root.root.clone();
        Location::new(root, inode)
    }

    /// A resolver for one call made with `ctx`.
    pub(crate) fn resolver<'a>(&'a self, ctx: &'a PathContext<'_>) -> Result<Resolver<'a>, Errno> {
        let root = location_of(ctx.root).ok_or(Errno::EINVAL)?;
        Ok(Resolver::new(
            &self.mounts,
            ctx.credentials,
            root,
            location_of(ctx.base),
        ))
    }

    /// The object an `*at` call names: `ctx.base` itself for an empty path with
    /// `AT_EMPTY_PATH`, else the resolved path.
    pub(crate) fn object(
        &self,
        ctx: &PathContext<'_>,
        path: &[u8],
        flags: AtFlags,
        follow: bool,
    ) -> Result<Object, Errno> {
        if path.is_empty() && flags.contains(AtFlags::AT_EMPTY_PATH) {
            return Ok(match location_of(ctx.base) {
                Some(location) => Object {
                    inode: location.inode,
                    mount: Some(location.mount),
                },
                None => Object {
                    inode: ctx.base.inode(),
                    mount: None,
                },
            });
        }
        let location = self.resolver(ctx)?.resolve(path, follow)?;
        Ok(Object {
            inode: location.inode,
            mount: Some(location.mount),
        })
    }

    /// A location-only description of `location`.
    pub(crate) fn path_description(&self, location: Location) -> Arc<dyn File> {
        Arc::new(OpenFile::new(
            location,
            OpenFlags::O_PATH | OpenFlags::O_DIRECTORY,
            None,
            None,
        ))
    }

    /// Whether `location`'s inode is covered by a mount anywhere.
    pub(crate) fn is_mountpoint(&self, location: &Location) -> bool {
        let meta = location.inode.metadata();
        self.mounts.lock().is_mountpoint((meta.dev, meta.ino))
    }
}

/// Ownership and permissions of a new node in `dir` (Linux's `inode_init_owner`): the
/// caller's IDs, or the directory's group when it is set-group-ID (subdirectories inherit the
/// bit); a non-member cannot create a set-group-ID executable.
pub(crate) fn new_node(
    credentials: &Credentials,
    dir: &Metadata,
    permissions: u32,
    is_dir: bool,
) -> NewNode {
    let mut permissions = permissions & mode::PERMISSION_MASK;
    let gid = if dir.mode & mode::S_ISGID != 0 {
        if is_dir {
            permissions |= mode::S_ISGID;
        }
        dir.gid
    } else {
        credentials.gid
    };
    let setgid_exec = mode::S_ISGID | mode::S_IXGRP;
    if !is_dir
        && permissions & setgid_exec == setgid_exec
        && !credentials.in_group(gid)
        && !credentials.is_root()
    {
        permissions &= !mode::S_ISGID;
    }
    NewNode {
        permissions,
        uid: credentials.uid,
        gid,
    }
}

/// The location behind one of our descriptions.
pub(crate) fn location_of(file: &Arc<dyn File>) -> Option<Location> {
    file.as_any()
        .downcast_ref::<OpenFile>()
        .map(|open| open.location().clone())
}

/// devtmpfs: one shared instance, whatever is mounted where.
struct DevTmpFsType(Arc<TmpFs>);

impl FileSystemType for DevTmpFsType {
    fn name(&self) -> &str {
        "devtmpfs"
    }

    fn mount(
        &self,
        _source: &[u8],
        _flags: MountFlags,
        _data: &[u8],
    ) -> Result<Arc<dyn FileSystem>, Errno> {
        Ok(self.0.clone())
    }
}

impl Vfs {
    /// A fresh pipefs inode number.
    pub(crate) fn allocate_pipe_ino(&self) -> u64 {
        self.next_pipe_ino.fetch_add(1, Ordering::Relaxed)
    }
}
