//! procfs mounted in the real VFS: links followed by the path walk, reads through open files.

mod common;

use common::*;
use kernel_core::services::time::TimeService;
use kernel_core::services::vfs::{
    AtFlags, Credentials, File, MountFlags, OpenFlags, PathContext, VfsService,
};
use kernel_core::Errno;
use procfs::ProcFsType;
use std::sync::Arc;
use vfs::{Vfs, VfsCaps};

struct StillClock;

impl TimeService for StillClock {
    fn uptime_ns(&self) -> u64 {
        1_000_000_000
    }
    fn ticks_on(&self, _cpu: usize) -> u64 {
        0
    }
    fn tick_hz(&self) -> u32 {
        100
    }
}

fn read_all(file: &Arc<dyn File>) -> Vec<u8> {
    let mut all = Vec::new();
    let mut buffer = [0u8; 100];
    loop {
        let count = file.read(&mut buffer).expect("readable");
        if count == 0 {
            return all;
        }
        all.extend_from_slice(&buffer[..count]);
    }
}

#[test]
fn mount_t_proc_serves_self_mounts_and_pid_files() {
    let (_fake, fs) = world();
    let vfs = Vfs::new(VfsCaps {
        clock: Arc::new(StillClock),
        boot_epoch_ns: 0,
        console: None,
        random_seed: [1; 32],
        memory_bytes: 0,
        pages: Arc::new(kernel_core::testing::HostPagePool::new(1 << 20)),
    })
    .expect("vfs");
    vfs.register_filesystem_type(Arc::new(ProcFsType::new(fs)));
    let root = vfs.root_directory();
    let credentials = Credentials::root();
    let ctx = PathContext {
        credentials: &credentials,
        umask: 0o022,
        root: &root,
        base: &root,
    };
    vfs.mkdir(&ctx, b"/proc", 0o555).unwrap();
    vfs.mount(&ctx, b"proc", b"/proc", b"proc", MountFlags::empty(), b"")
        .unwrap();
    assert_eq!(vfs.readlink(&ctx, b"/proc/self").unwrap(), b"1");
    let status = vfs
        .open(&ctx, b"/proc/self/status", OpenFlags::empty(), 0)
        .unwrap();
    assert!(read_all(&status).starts_with(b"Name:\tsh\nUmask:\t0022\n"));
    // /proc/mounts -> self/mounts -> 1/mounts.
    let mounts = vfs
        .open(&ctx, b"/proc/mounts", OpenFlags::empty(), 0)
        .unwrap();
    assert!(read_all(&mounts).ends_with(b"proc /proc proc rw,relatime 0 0\n"));
    assert_eq!(
        vfs.readlink(&ctx, b"/proc/self/fd/10").unwrap(),
        b"pipe:[4711]"
    );
    let stat = vfs.stat(&ctx, b"/proc/1/stat", AtFlags::empty()).unwrap();
    assert_eq!(stat.dev, kernel_core::services::vfs::DeviceId::new(0, 21));
    assert_eq!(
        vfs.open(&ctx, b"/proc/2/stat", OpenFlags::empty(), 0).err(),
        Some(Errno::ENOENT)
    );
    assert_eq!(
        vfs.open(
            &ctx,
            b"/proc/new",
            OpenFlags::O_CREAT | OpenFlags::O_WRONLY,
            0o644
        )
        .err(),
        Some(Errno::EACCES)
    );
    // A second `mount -t proc` shows the same tree.
    vfs.mkdir(&ctx, b"/p2", 0o555).unwrap();
    vfs.mount(&ctx, b"proc", b"/p2", b"proc", MountFlags::empty(), b"")
        .unwrap();
    assert_eq!(vfs.readlink(&ctx, b"/p2/1/exe").unwrap(), b"/bin/busybox");
    assert_eq!(vfs.statfs(&ctx, b"/proc").unwrap().magic, 0x9fa0);
    assert_eq!(
        directory_names(&vfs, &ctx, b"/proc/1"),
        [".", "..", "cmdline", "comm", "cwd", "exe", "fd", "mounts", "stat", "status"]
    );
    let names = directory_names(&vfs, &ctx, b"/proc");
    assert_eq!(names[names.len() - 3..], ["sys", "1", "42"]);
}

/// The names `getdents64` returns for `path`, read with a small buffer.
fn directory_names(vfs: &Vfs, ctx: &PathContext<'_>, path: &[u8]) -> Vec<String> {
    let dir = vfs.open(ctx, path, OpenFlags::O_DIRECTORY, 0).unwrap();
    let mut names = Vec::new();
    let mut buffer = [0u8; 64];
    loop {
        let used = dir.getdents64(&mut buffer).unwrap();
        if used == 0 {
            return names;
        }
        let mut at = 0;
        while at < used {
            // struct linux_dirent64: d_ino u64, d_off i64, d_reclen u16, d_type u8, d_name.
            let record_length = u16::from_ne_bytes([buffer[at + 16], buffer[at + 17]]) as usize;
            let name = &buffer[at + 19..at + record_length];
            let end = name.iter().position(|&b| b == 0).unwrap();
            names.push(String::from_utf8_lossy(&name[..end]).into_owned());
            at += record_length;
        }
    }
}
