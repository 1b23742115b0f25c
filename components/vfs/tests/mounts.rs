//! The mount tree: mount, umount and EBUSY, `..` across mounts, bind and read-only mounts,
//! the mount list.

mod common;

use common::*;
use kernel_core::services::vfs::{AtFlags, MountFlags, UnmountFlags, VfsService};
use kernel_core::Errno;

#[test]
fn mounting_covers_and_unmounting_uncovers() {
    let world = World::new();
    let p = world.root();
    p.mkdir("/mnt").unwrap();
    p.create("/mnt/under", b"").unwrap();
    p.mount("tmpfs", "/mnt", MountFlags::empty(), "mode=700")
        .unwrap();
    assert_eq!(p.stat("/mnt/under").errno(), Errno::ENOENT, "covered");
    assert_eq!(
        p.stat("/mnt").unwrap().permissions(),
        0o700,
        "the new root's mode"
    );
    assert_ne!(p.stat("/mnt").unwrap().dev, p.stat("/").unwrap().dev);
    assert_eq!(p.stat("/mnt").unwrap().ino, 1, "tmpfs roots are inode 1");
    p.create("/mnt/over", b"x").unwrap();
    assert_eq!(
        p.stat("/mnt/..").unwrap().ino,
        p.stat("/").unwrap().ino,
        "`..` leaves the mount"
    );
    assert_eq!(p.list("/mnt").unwrap(), [".", "..", "over"]);
    p.umount("/mnt", UnmountFlags::empty()).unwrap();
    assert!(p.stat("/mnt/under").is_ok());
    assert_eq!(p.stat("/mnt/over").errno(), Errno::ENOENT);
    assert_eq!(
        p.umount("/mnt", UnmountFlags::empty()).errno(),
        Errno::EINVAL,
        "not a mount point"
    );
}

#[test]
fn busy_mounts() {
    let world = World::new();
    let p = world.root();
    p.mkdir("/mnt").unwrap();
    p.mount("tmpfs", "/mnt", MountFlags::empty(), "").unwrap();
    p.create("/mnt/f", b"").unwrap();
    let open = p.open("/mnt/f", RDONLY).unwrap();
    assert_eq!(
        p.umount("/mnt", UnmountFlags::empty()).errno(),
        Errno::EBUSY,
        "an open file"
    );
    drop(open);
    let mut inside = world.root();
    inside.chdir("/mnt").unwrap();
    assert_eq!(
        p.umount("/mnt", UnmountFlags::empty()).errno(),
        Errno::EBUSY,
        "a working directory"
    );
    inside.chdir("/").unwrap();
    p.mkdir("/mnt/sub").unwrap();
    p.mount("tmpfs", "/mnt/sub", MountFlags::empty(), "")
        .unwrap();
    assert_eq!(
        p.umount("/mnt", UnmountFlags::empty()).errno(),
        Errno::EBUSY,
        "a mount inside"
    );
    assert_eq!(p.umount("/", UnmountFlags::empty()).errno(), Errno::EBUSY);
    // A lazy unmount detaches at once; open files keep working.
    let still = p.open("/mnt/f", RDWR).unwrap();
    p.umount("/mnt", UnmountFlags::DETACH).unwrap();
    assert_eq!(still.write(b"ok").unwrap(), 2);
    assert_eq!(p.stat("/mnt/f").errno(), Errno::ENOENT);
    assert_eq!(
        p.stat("/mnt/sub").errno(),
        Errno::ENOENT,
        "mounts inside went too"
    );
    assert_eq!(p.vfs.mounts().len(), 1);
}

#[test]
fn mount_errors() {
    let world = World::new();
    let p = world.root();
    p.mkdir("/mnt").unwrap();
    p.create("/file", b"").unwrap();
    assert_eq!(
        p.mount("tmpfs", "/file", MountFlags::empty(), "").errno(),
        Errno::ENOTDIR
    );
    assert_eq!(
        p.mount("nosuchfs", "/mnt", MountFlags::empty(), "").errno(),
        Errno::ENODEV
    );
    assert_eq!(
        p.mount("tmpfs", "/missing", MountFlags::empty(), "")
            .errno(),
        Errno::ENOENT
    );
    assert_eq!(
        p.mount("tmpfs", "/mnt", MountFlags::empty(), "bogus")
            .errno(),
        Errno::EINVAL
    );
    assert_eq!(
        p.mount("tmpfs", "/mnt", MountFlags::MOVE, "").errno(),
        Errno::EINVAL
    );
    let user = p.user(1000, 1000);
    assert_eq!(
        user.mount("tmpfs", "/mnt", MountFlags::empty(), "").errno(),
        Errno::EPERM
    );
    p.mount("tmpfs", "/mnt", MountFlags::empty(), "").unwrap();
    assert_eq!(
        user.umount("/mnt", UnmountFlags::empty()).errno(),
        Errno::EPERM
    );
    assert_eq!(
        p.umount("/mnt", UnmountFlags::EXPIRE | UnmountFlags::FORCE)
            .errno(),
        Errno::EINVAL
    );
}

#[test]
fn stacked_mounts_and_the_mount_list() {
    let world = World::new();
    let p = world.root();
    p.mkdir("/mnt").unwrap();
    p.mount("tmpfs", "/mnt", MountFlags::empty(), "").unwrap();
    p.create("/mnt/first", b"").unwrap();
    p.mount("tmpfs", "/mnt", MountFlags::RDONLY, "").unwrap();
    assert_eq!(
        p.stat("/mnt/first").errno(),
        Errno::ENOENT,
        "the newest mount is on top"
    );
    p.mkdir("/proc").unwrap();
    p.mkdir("/dev").unwrap();
    p.mount("devtmpfs", "/dev", MountFlags::NOSUID, "").unwrap();
    let mounts = p.vfs.mounts();
    let table: Vec<(String, String)> = mounts
        .iter()
        .map(|m| {
            (
                String::from_utf8(m.path.clone()).unwrap(),
                String::from_utf8(m.fs_type.clone()).unwrap(),
            )
        })
        .collect();
    assert_eq!(table[0], ("/".to_string(), "rootfs".to_string()));
    assert!(table.contains(&("/dev".to_string(), "devtmpfs".to_string())));
    assert_eq!(table.iter().filter(|(path, _)| path == "/mnt").count(), 2);
    let dev = mounts.iter().find(|m| m.path == b"/dev").unwrap();
    assert!(dev
        .flags
        .contains(MountFlags::NOSUID | MountFlags::RELATIME));
    p.umount("/mnt", UnmountFlags::empty()).unwrap();
    assert!(
        p.stat("/mnt/first").is_ok(),
        "unmounting the top uncovers the one below"
    );
}

#[test]
fn read_only_mounts_and_remount() {
    let world = World::new();
    let p = world.root();
    p.mkdir("/ro").unwrap();
    p.mount("tmpfs", "/ro", MountFlags::empty(), "").unwrap();
    p.create("/ro/f", b"data").unwrap();
    p.mkdir("/ro/d").unwrap();
    p.mount("tmpfs", "/ro", MountFlags::REMOUNT | MountFlags::RDONLY, "")
        .unwrap();
    // The remount above applies to the mount at /ro (its root).
    assert_eq!(p.open("/ro/f", WRONLY).errno(), Errno::EROFS);
    assert_eq!(p.open("/ro/g", WRONLY | CREAT).errno(), Errno::EROFS);
    assert_eq!(p.mkdir("/ro/x").errno(), Errno::EROFS);
    assert_eq!(
        p.mkdir("/ro/d").errno(),
        Errno::EEXIST,
        "EEXIST wins over EROFS"
    );
    assert_eq!(p.unlink("/ro/f").errno(), Errno::EROFS);
    assert_eq!(p.rename("/ro/f", "/ro/g").errno(), Errno::EROFS);
    assert_eq!(p.chmod("/ro/f", 0o600).errno(), Errno::EROFS);
    assert_eq!(p.vfs.truncate(&p.ctx(), b"/ro/f", 0).errno(), Errno::EROFS);
    assert_eq!(
        p.vfs
            .access(
                &p.ctx(),
                b"/ro/f",
                kernel_core::services::vfs::AccessCheck::WRITE,
                AtFlags::empty()
            )
            .errno(),
        Errno::EROFS
    );
    assert_eq!(p.read_all("/ro/f").unwrap(), b"data", "reading is fine");
    let stats = p.vfs.statfs(&p.ctx(), b"/ro").unwrap();
    assert_ne!(stats.flags & 1, 0, "ST_RDONLY");
    p.mount("tmpfs", "/ro", MountFlags::REMOUNT, "").unwrap();
    assert!(p.open("/ro/f", WRONLY).is_ok());
    assert_eq!(
        p.mount("tmpfs", "/ro/d", MountFlags::REMOUNT, "").errno(),
        Errno::EINVAL
    );
}

#[test]
fn bind_mounts() {
    let world = World::new();
    let p = world.root();
    p.mkdir("/src").unwrap();
    p.create("/src/f", b"shared").unwrap();
    p.mkdir("/view").unwrap();
    let ctx = p.ctx();
    p.vfs
        .mount(&ctx, b"/src", b"/view", b"", MountFlags::BIND, b"")
        .unwrap();
    assert_eq!(p.read_all("/view/f").unwrap(), b"shared");
    p.create("/view/g", b"").unwrap();
    assert!(p.stat("/src/g").is_ok(), "the same directory, seen twice");
    assert_eq!(p.stat("/view/..").unwrap().ino, p.stat("/").unwrap().ino);
    assert_eq!(
        p.rename("/view/g", "/src/h").errno(),
        Errno::EXDEV,
        "different mounts"
    );
    assert_eq!(
        p.vfs
            .mount(&ctx, b"/src/f", b"/view", b"", MountFlags::BIND, b"")
            .errno(),
        Errno::ENOTDIR
    );
    assert_eq!(p.rmdir("/src").errno(), Errno::ENOTEMPTY);
}
