//! The procfs extension point: a file system whose inodes are generated, registered as a
//! type and mounted like any other.

mod common;

use common::*;
use kernel_core::services::vfs::{
    mode, DeviceId, DirEntry, DirSink, FileSystem, FileSystemType, FileType, FsStats, Inode,
    Metadata, MountFlags, UnmountFlags, VfsService,
};
use kernel_core::Errno;
use std::any::Any;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

const DEVICE: DeviceId = DeviceId::new(0, 99);

fn metadata(ino: u64, mode_value: u32, size: u64) -> Metadata {
    Metadata {
        dev: DEVICE,
        ino,
        mode: mode_value,
        nlink: 1,
        size,
        blksize: 1024,
        ..Metadata::default()
    }
}

/// `/uptime`: its text is fixed when it is looked up (as procfs's `seq_file` fixes it at open).
struct Counter(u64);

impl Inode for Counter {
    fn metadata(&self) -> Metadata {
        metadata(2, mode::S_IFREG | 0o444, 0)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn read_at(&self, offset: u64, buffer: &mut [u8]) -> Result<usize, Errno> {
        let text = format!("{}\n", self.0);
        let start = (offset as usize).min(text.len());
        let count = buffer.len().min(text.len() - start);
        buffer[..count].copy_from_slice(&text.as_bytes()[start..start + count]);
        Ok(count)
    }
}

/// `/self`: a link computed at each readlink.
struct SelfLink;

impl Inode for SelfLink {
    fn metadata(&self) -> Metadata {
        metadata(3, mode::S_IFLNK | 0o777, 0)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn readlink(&self) -> Result<Vec<u8>, Errno> {
        Ok(b"42".to_vec())
    }
}

struct Root {
    counter: Arc<AtomicU64>,
    this: std::sync::Weak<Root>,
}

impl Inode for Root {
    fn metadata(&self) -> Metadata {
        Metadata {
            nlink: 2,
            ..metadata(1, mode::S_IFDIR | 0o555, 0)
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn lookup(&self, name: &[u8]) -> Result<Arc<dyn Inode>, Errno> {
        match name {
            b"uptime" => Ok(Arc::new(Counter(
                self.counter.fetch_add(1, Ordering::SeqCst),
            ))),
            b"self" => Ok(Arc::new(SelfLink)),
            b".." => Ok(self.this.upgrade().ok_or(Errno::ENOENT)?),
            _ => Err(Errno::ENOENT),
        }
    }
    fn read_dir(&self, cursor: u64, sink: &mut DirSink<'_>) -> Result<u64, Errno> {
        let all: [(u64, FileType, &[u8]); 4] = [
            (1, FileType::Directory, b"."),
            (1, FileType::Directory, b".."),
            (2, FileType::Regular, b"uptime"),
            (3, FileType::Symlink, b"self"),
        ];
        let mut cursor = cursor;
        while let Some((ino, file_type, name)) = all.get(cursor as usize) {
            let entry = DirEntry {
                ino: *ino,
                file_type: *file_type,
                name,
                next_cursor: cursor + 1,
            };
            if !sink(&entry) {
                break;
            }
            cursor += 1;
        }
        Ok(cursor)
    }
}

struct Generated(Arc<Root>);

impl FileSystem for Generated {
    fn name(&self) -> &str {
        "fakeproc"
    }
    fn root(&self) -> Arc<dyn Inode> {
        self.0.clone()
    }
    fn device(&self) -> DeviceId {
        DEVICE
    }
    fn stats(&self) -> FsStats {
        FsStats {
            magic: 0x9fa0,
            block_size: 4096,
            name_max: 255,
            ..FsStats::default()
        }
    }
}

struct GeneratedType;

impl FileSystemType for GeneratedType {
    fn name(&self) -> &str {
        "fakeproc"
    }
    fn mount(
        &self,
        _source: &[u8],
        _flags: MountFlags,
        _data: &[u8],
    ) -> Result<Arc<dyn FileSystem>, Errno> {
        let root = Arc::new_cyclic(|this| Root {
            counter: Arc::new(AtomicU64::new(100)),
            this: this.clone(),
        });
        Ok(Arc::new(Generated(root)))
    }
}

#[test]
fn a_generated_file_system_mounts_and_serves() {
    let world = World::new();
    world.vfs.register_filesystem_type(Arc::new(GeneratedType));
    let p = world.root();
    p.mkdir("/proc").unwrap();
    p.mount("fakeproc", "/proc", MountFlags::empty(), "")
        .unwrap();
    assert_eq!(p.read_all("/proc/uptime").unwrap(), b"100\n");
    assert_eq!(
        p.read_all("/proc/uptime").unwrap(),
        b"101\n",
        "generated at each lookup"
    );
    assert_eq!(p.readlink("/proc/self").unwrap(), "42");
    assert_eq!(p.list("/proc").unwrap(), [".", "..", "uptime", "self"]);
    assert_eq!(p.stat("/proc/uptime").unwrap().dev, DEVICE);
    assert_eq!(p.stat("/proc/..").unwrap().ino, p.stat("/").unwrap().ino);
    assert_eq!(p.stat("/proc/nope").errno(), Errno::ENOENT);
    assert_eq!(p.vfs.statfs(&p.ctx(), b"/proc").unwrap().magic, 0x9fa0);
    // What the generated tree does not support fails as on Linux.
    assert_eq!(p.mkdir("/proc/x").errno(), Errno::EPERM);
    assert_eq!(p.open("/proc/new", WRONLY | CREAT).errno(), Errno::EACCES);
    assert_eq!(p.unlink("/proc/uptime").errno(), Errno::EPERM);
    assert_eq!(p.rename("/proc/uptime", "/proc/up").errno(), Errno::EPERM);
    assert_eq!(p.chmod("/proc/uptime", 0o600).errno(), Errno::EPERM);
    let file = p.open("/proc/uptime", WRONLY).unwrap();
    assert_eq!(
        file.write(b"1").errno(),
        Errno::EINVAL,
        "no write operation"
    );
    drop(file);
    let mounts = p.vfs.mounts();
    assert_eq!(mounts.last().unwrap().fs_type, b"fakeproc");
    p.umount("/proc", UnmountFlags::empty()).unwrap();
    assert_eq!(p.stat("/proc/uptime").errno(), Errno::ENOENT);
}
