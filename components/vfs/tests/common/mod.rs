//! Test fixture: a VFS with a controllable clock and console, and a "process" to call it as.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::string::String;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::vec::Vec;

use kernel_core::services::chardev::CharDevice;
use kernel_core::services::time::TimeService;
use kernel_core::services::vfs::{
    AtFlags, Credentials, DeviceId, File, Metadata, MountFlags, OpenFlags, PathContext,
    RenameFlags, SeekWhence, TimeChange, UnmountFlags, VfsService, Waker,
};
use kernel_core::testing::HostPagePool;
use kernel_core::Errno;
use vfs::{Vfs, VfsCaps};

mod dirents;
#[allow(unused_imports)]
pub use dirents::{entries, parse_dirents, Dirent};

/// Wall time at boot in the tests: 2024-01-01T00:00:00Z.
pub const EPOCH_SECONDS: i64 = 1_704_067_200;

/// A clock the test moves by hand.
pub struct FakeClock(pub AtomicU64);

impl FakeClock {
    pub fn advance_seconds(&self, seconds: u64) {
        self.0.fetch_add(seconds * 1_000_000_000, Ordering::SeqCst);
    }
}

impl TimeService for FakeClock {
    fn uptime_ns(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
    fn ticks_on(&self, _cpu: usize) -> u64 {
        0
    }
    fn tick_hz(&self) -> u32 {
        100
    }
}

/// A console: records output, serves queued input.
#[derive(Default)]
pub struct FakeConsole {
    pub output: Mutex<Vec<u8>>,
    pub input: Mutex<VecDeque<u8>>,
}

impl CharDevice for FakeConsole {
    fn name(&self) -> &str {
        "fake-console"
    }
    fn write(&self, bytes: &[u8]) {
        self.output.lock().unwrap().extend_from_slice(bytes);
    }
    fn try_read(&self) -> Option<u8> {
        self.input.lock().unwrap().pop_front()
    }
}

/// Counts wakes.
#[derive(Default)]
pub struct CountingWaker(pub AtomicUsize);

impl Waker for CountingWaker {
    fn wake(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

impl CountingWaker {
    pub fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

/// The world a test runs in.
pub struct World {
    pub vfs: Vfs,
    /// The page pool tmpfs keeps file data in.
    pub pages: Arc<HostPagePool>,
    pub clock: Arc<FakeClock>,
    pub console: Arc<FakeConsole>,
}

impl World {
    pub fn new() -> World {
        Self::with_memory(0)
    }

    pub fn with_memory(memory_bytes: u64) -> World {
        let clock = Arc::new(FakeClock(AtomicU64::new(5_000_000_000)));
        let console = Arc::new(FakeConsole::default());
        let pages = Arc::new(HostPagePool::new(1 << 20));
        let vfs = Vfs::new(VfsCaps {
            clock: clock.clone(),
            boot_epoch_ns: EPOCH_SECONDS as u64 * 1_000_000_000,
            console: Some(console.clone()),
            random_seed: [7; 32],
            memory_bytes,
            pages: pages.clone(),
        })
        .expect("vfs");
        World {
            vfs,
            pages,
            clock,
            console,
        }
    }

    /// Root's process at `/`.
    pub fn root(&self) -> Proc<'_> {
        let root = self.vfs.root_directory();
        Proc {
            vfs: &self.vfs,
            credentials: Credentials::root(),
            umask: 0o022,
            cwd: root.clone(),
            root,
        }
    }
}

/// A caller: credentials, umask, root and working directory.
pub struct Proc<'v> {
    pub vfs: &'v Vfs,
    pub credentials: Credentials,
    pub umask: u32,
    pub root: Arc<dyn File>,
    pub cwd: Arc<dyn File>,
}

pub const RDONLY: OpenFlags = OpenFlags::empty();
pub const WRONLY: OpenFlags = OpenFlags::O_WRONLY;
pub const RDWR: OpenFlags = OpenFlags::O_RDWR;
pub const CREAT: OpenFlags = OpenFlags::O_CREAT;
pub const NONE: AtFlags = AtFlags::empty();

impl<'v> Proc<'v> {
    pub fn ctx(&self) -> PathContext<'_> {
        PathContext {
            credentials: &self.credentials,
            umask: self.umask,
            root: &self.root,
            base: &self.cwd,
        }
    }

    pub fn at<'a>(&'a self, dir: &'a Arc<dyn File>) -> PathContext<'a> {
        PathContext {
            credentials: &self.credentials,
            umask: self.umask,
            root: &self.root,
            base: dir,
        }
    }

    /// The same process with other IDs.
    pub fn user(&self, uid: u32, gid: u32) -> Proc<'v> {
        Proc {
            vfs: self.vfs,
            credentials: Credentials::user(uid, gid),
            umask: self.umask,
            root: self.root.clone(),
            cwd: self.cwd.clone(),
        }
    }

    pub fn open(&self, path: &str, flags: OpenFlags) -> Result<Arc<dyn File>, Errno> {
        self.vfs.open(&self.ctx(), path.as_bytes(), flags, 0o666)
    }

    pub fn open_mode(
        &self,
        path: &str,
        flags: OpenFlags,
        mode: u32,
    ) -> Result<Arc<dyn File>, Errno> {
        self.vfs.open(&self.ctx(), path.as_bytes(), flags, mode)
    }

    pub fn create(&self, path: &str, data: &[u8]) -> Result<(), Errno> {
        let file = self.open(path, WRONLY | CREAT | OpenFlags::O_TRUNC)?;
        assert_eq!(file.write(data)?, data.len());
        Ok(())
    }

    pub fn read_all(&self, path: &str) -> Result<Vec<u8>, Errno> {
        let file = self.open(path, RDONLY)?;
        let mut out = Vec::new();
        let mut buffer = [0u8; 1000];
        loop {
            let count = file.read(&mut buffer)?;
            if count == 0 {
                return Ok(out);
            }
            out.extend_from_slice(&buffer[..count]);
        }
    }

    pub fn mkdir(&self, path: &str) -> Result<(), Errno> {
        self.vfs.mkdir(&self.ctx(), path.as_bytes(), 0o777)
    }

    pub fn mkdir_mode(&self, path: &str, mode: u32) -> Result<(), Errno> {
        self.vfs.mkdir(&self.ctx(), path.as_bytes(), mode)
    }

    pub fn mknod(&self, path: &str, mode: u32, device: DeviceId) -> Result<(), Errno> {
        self.vfs.mknod(&self.ctx(), path.as_bytes(), mode, device)
    }

    pub fn symlink(&self, target: &str, path: &str) -> Result<(), Errno> {
        self.vfs
            .symlink(&self.ctx(), target.as_bytes(), path.as_bytes())
    }

    pub fn link(&self, old: &str, new: &str) -> Result<(), Errno> {
        self.vfs.link(
            &self.ctx(),
            old.as_bytes(),
            &self.ctx(),
            new.as_bytes(),
            NONE,
        )
    }

    pub fn readlink(&self, path: &str) -> Result<String, Errno> {
        let target = self.vfs.readlink(&self.ctx(), path.as_bytes())?;
        Ok(String::from_utf8(target).expect("utf-8"))
    }

    pub fn unlink(&self, path: &str) -> Result<(), Errno> {
        self.vfs.unlink(&self.ctx(), path.as_bytes(), NONE)
    }

    pub fn rmdir(&self, path: &str) -> Result<(), Errno> {
        self.vfs
            .unlink(&self.ctx(), path.as_bytes(), AtFlags::AT_REMOVEDIR)
    }

    pub fn rename(&self, old: &str, new: &str) -> Result<(), Errno> {
        self.rename_flags(old, new, RenameFlags::empty())
    }

    pub fn rename_flags(&self, old: &str, new: &str, flags: RenameFlags) -> Result<(), Errno> {
        self.vfs.rename(
            &self.ctx(),
            old.as_bytes(),
            &self.ctx(),
            new.as_bytes(),
            flags,
        )
    }

    pub fn stat(&self, path: &str) -> Result<Metadata, Errno> {
        self.vfs.stat(&self.ctx(), path.as_bytes(), NONE)
    }

    pub fn lstat(&self, path: &str) -> Result<Metadata, Errno> {
        self.vfs
            .stat(&self.ctx(), path.as_bytes(), AtFlags::AT_SYMLINK_NOFOLLOW)
    }

    pub fn chmod(&self, path: &str, mode: u32) -> Result<(), Errno> {
        self.vfs.chmod(&self.ctx(), path.as_bytes(), mode, NONE)
    }

    pub fn chown(&self, path: &str, uid: Option<u32>, gid: Option<u32>) -> Result<(), Errno> {
        self.vfs.chown(&self.ctx(), path.as_bytes(), uid, gid, NONE)
    }

    pub fn utimens(&self, path: &str, atime: TimeChange, mtime: TimeChange) -> Result<(), Errno> {
        self.vfs
            .utimens(&self.ctx(), path.as_bytes(), atime, mtime, NONE)
    }

    pub fn chdir(&mut self, path: &str) -> Result<(), Errno> {
        let dir = self.vfs.open_directory(&self.ctx(), path.as_bytes())?;
        self.cwd = dir;
        Ok(())
    }

    pub fn getcwd(&self) -> Result<String, Errno> {
        let path = self.vfs.path_of(&self.ctx(), &self.cwd)?;
        Ok(String::from_utf8(path).expect("utf-8"))
    }

    pub fn mount(
        &self,
        fs_type: &str,
        target: &str,
        flags: MountFlags,
        data: &str,
    ) -> Result<(), Errno> {
        self.vfs.mount(
            &self.ctx(),
            fs_type.as_bytes(),
            target.as_bytes(),
            fs_type.as_bytes(),
            flags,
            data.as_bytes(),
        )
    }

    pub fn umount(&self, target: &str, flags: UnmountFlags) -> Result<(), Errno> {
        self.vfs.unmount(&self.ctx(), target.as_bytes(), flags)
    }

    /// Names in a directory, in listing order, via getdents64.
    pub fn list(&self, path: &str) -> Result<Vec<String>, Errno> {
        let dir = self.open(path, RDONLY | OpenFlags::O_DIRECTORY)?;
        Ok(entries(&dir, 4096)?
            .into_iter()
            .map(|entry| entry.name)
            .collect())
    }
}

/// Reads everything available from a file description until 0 or an error.
pub fn drain(file: &Arc<dyn File>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buffer = [0u8; 4096];
    while let Ok(count) = file.read(&mut buffer) {
        if count == 0 {
            break;
        }
        out.extend_from_slice(&buffer[..count]);
    }
    out
}

pub fn seek(file: &Arc<dyn File>, offset: i64, whence: SeekWhence) -> Result<u64, Errno> {
    file.seek(offset, whence)
}

/// `.errno()`: the error of a result that must have failed.
pub trait ErrnoOf {
    fn errno(self) -> Errno;
}

impl<T> ErrnoOf for Result<T, Errno> {
    #[track_caller]
    fn errno(self) -> Errno {
        match self {
            Ok(_) => panic!("expected an error, got success"),
            Err(error) => error,
        }
    }
}
