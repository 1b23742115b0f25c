//! mkdir, mknod, symlink, link, unlink, rmdir: link counts, sizes and errnos.

mod common;

use common::*;
use kernel_core::services::vfs::{mode, AtFlags, DeviceId, FileType, OpenFlags, VfsService};
use kernel_core::Errno;

#[test]
fn mkdir_rules_and_link_counts() {
    let world = World::new();
    let p = world.root();
    assert_eq!(p.stat("/").unwrap().nlink, 2);
    p.mkdir("/d").unwrap();
    let meta = p.stat("/d").unwrap();
    assert_eq!(meta.mode, mode::S_IFDIR | 0o755);
    assert_eq!(meta.nlink, 2, ". and the entry");
    assert_eq!(
        meta.size, 40,
        "tmpfs: 20 bytes per entry, 40 for an empty directory"
    );
    assert_eq!(p.stat("/").unwrap().nlink, 3, "the child's .. counts");
    p.mkdir("/d/e/").unwrap();
    assert_eq!(p.stat("/d").unwrap().nlink, 3);
    assert_eq!(p.stat("/d").unwrap().size, 60);
    assert_eq!(p.mkdir("/d").errno(), Errno::EEXIST);
    assert_eq!(p.mkdir("/").errno(), Errno::EEXIST);
    assert_eq!(p.mkdir("/d/.").errno(), Errno::EEXIST);
    assert_eq!(p.mkdir("/d/..").errno(), Errno::EEXIST);
    assert_eq!(p.mkdir("/x/y").errno(), Errno::ENOENT);
    p.create("/f", b"").unwrap();
    assert_eq!(p.mkdir("/f/y").errno(), Errno::ENOTDIR);
    p.symlink("/nowhere", "/dangling").unwrap();
    assert_eq!(
        p.mkdir("/dangling").errno(),
        Errno::EEXIST,
        "mkdir never follows"
    );
    p.mkdir_mode("/sticky", 0o1777).unwrap();
    assert_eq!(
        p.stat("/sticky").unwrap().permissions(),
        0o1755,
        "umask, sticky kept"
    );
}

#[test]
fn rmdir_rules() {
    let world = World::new();
    let p = world.root();
    p.mkdir("/d").unwrap();
    p.mkdir("/d/sub").unwrap();
    p.create("/d/f", b"").unwrap();
    assert_eq!(p.rmdir("/d").errno(), Errno::ENOTEMPTY);
    assert_eq!(p.rmdir("/d/f").errno(), Errno::ENOTDIR);
    assert_eq!(p.rmdir("/d/sub/.").errno(), Errno::EINVAL);
    assert_eq!(p.rmdir("/d/sub/..").errno(), Errno::ENOTEMPTY);
    assert_eq!(p.rmdir("/").errno(), Errno::EBUSY);
    assert_eq!(p.rmdir("/missing").errno(), Errno::ENOENT);
    p.symlink("/d/sub", "/link").unwrap();
    assert_eq!(
        p.rmdir("/link").errno(),
        Errno::ENOTDIR,
        "rmdir does not follow"
    );
    p.rmdir("/d/sub/").unwrap();
    assert_eq!(p.stat("/d").unwrap().nlink, 2);
    assert_eq!(p.stat("/d/sub").errno(), Errno::ENOENT);
    assert_eq!(
        p.vfs
            .unlink(&p.ctx(), b"/d/f", AtFlags::AT_SYMLINK_NOFOLLOW)
            .errno(),
        Errno::EINVAL,
        "unlinkat takes only AT_REMOVEDIR"
    );
}

#[test]
fn unlink_rules() {
    let world = World::new();
    let p = world.root();
    p.mkdir("/d").unwrap();
    p.create("/f", b"x").unwrap();
    assert_eq!(p.unlink("/d").errno(), Errno::EISDIR);
    assert_eq!(p.unlink("/f/").errno(), Errno::ENOTDIR);
    assert_eq!(p.unlink("/d/").errno(), Errno::EISDIR);
    assert_eq!(p.unlink("/").errno(), Errno::EISDIR);
    assert_eq!(p.unlink("/d/.").errno(), Errno::EISDIR);
    assert_eq!(p.unlink("/nothing").errno(), Errno::ENOENT);
    assert_eq!(p.unlink("/nothing/").errno(), Errno::ENOENT);
    p.symlink("/f", "/l").unwrap();
    p.unlink("/l").unwrap();
    assert!(
        p.stat("/f").is_ok(),
        "unlink removes the link, not its target"
    );
    p.unlink("/f").unwrap();
    assert_eq!(p.stat("/f").errno(), Errno::ENOENT);
}

#[test]
fn hard_links() {
    let world = World::new();
    let p = world.root();
    p.create("/f", b"shared").unwrap();
    p.link("/f", "/g").unwrap();
    assert_eq!(p.stat("/f").unwrap().nlink, 2);
    assert_eq!(p.stat("/g").unwrap().ino, p.stat("/f").unwrap().ino);
    p.create("/g", b"changed").unwrap();
    assert_eq!(p.read_all("/f").unwrap(), b"changed");
    p.unlink("/f").unwrap();
    assert_eq!(p.stat("/g").unwrap().nlink, 1);
    assert_eq!(p.link("/g", "/g").errno(), Errno::EEXIST);
    p.mkdir("/d").unwrap();
    assert_eq!(
        p.link("/d", "/d2").errno(),
        Errno::EPERM,
        "no hard links to directories"
    );
    assert_eq!(p.link("/missing", "/x").errno(), Errno::ENOENT);
    assert_eq!(p.link("/g", "/nodir/x").errno(), Errno::ENOENT);
    assert_eq!(
        p.link("/g", "/new/").errno(),
        Errno::ENOENT,
        "trailing slash on a new non-directory"
    );
    // linkat does not follow a symlink unless AT_SYMLINK_FOLLOW.
    p.symlink("/g", "/sl").unwrap();
    p.link("/sl", "/sl2").unwrap();
    assert_eq!(
        p.lstat("/sl2").unwrap().file_type(),
        Some(FileType::Symlink)
    );
    p.vfs
        .link(
            &p.ctx(),
            b"/sl",
            &p.ctx(),
            b"/g2",
            AtFlags::AT_SYMLINK_FOLLOW,
        )
        .unwrap();
    assert_eq!(p.stat("/g").unwrap().nlink, 2);
    assert_eq!(
        p.vfs
            .link(&p.ctx(), b"/g", &p.ctx(), b"/g3", AtFlags::AT_REMOVEDIR)
            .errno(),
        Errno::EINVAL
    );
    // Linking a descriptor (AT_EMPTY_PATH) needs privilege.
    let file = p.open("/g", RDONLY).unwrap();
    let user = p.user(1000, 1000);
    assert_eq!(
        user.vfs
            .link(
                &user.at(&file),
                b"",
                &user.ctx(),
                b"/g4",
                AtFlags::AT_EMPTY_PATH
            )
            .errno(),
        Errno::ENOENT
    );
    p.vfs
        .link(&p.at(&file), b"", &p.ctx(), b"/g4", AtFlags::AT_EMPTY_PATH)
        .unwrap();
    assert_eq!(p.stat("/g").unwrap().nlink, 3);
}

#[test]
fn symlink_and_readlink() {
    let world = World::new();
    let p = world.root();
    p.symlink("some/where", "/l").unwrap();
    assert_eq!(p.readlink("/l").unwrap(), "some/where");
    let meta = p.lstat("/l").unwrap();
    assert_eq!(
        meta.mode,
        mode::S_IFLNK | 0o777,
        "symlinks ignore the umask"
    );
    assert_eq!(meta.blocks, 0, "short targets live in the inode");
    let long_target = "t".repeat(200);
    p.symlink(&long_target, "/long").unwrap();
    assert_eq!(p.lstat("/long").unwrap().blocks, 8);
    assert_eq!(p.symlink("", "/empty").errno(), Errno::ENOENT);
    assert_eq!(p.symlink("x", "/l").errno(), Errno::EEXIST);
    assert_eq!(p.symlink("x", "/new/").errno(), Errno::ENOENT);
    assert_eq!(
        p.symlink(&"t".repeat(4096), "/huge").errno(),
        Errno::ENAMETOOLONG
    );
    p.create("/f", b"").unwrap();
    assert_eq!(p.readlink("/f").errno(), Errno::EINVAL);
    assert_eq!(p.readlink("/missing").errno(), Errno::ENOENT);
    assert_eq!(p.readlink("").errno(), Errno::ENOENT);
    let dir = p.open("/", RDONLY).unwrap();
    assert_eq!(
        p.vfs.readlink(&p.at(&dir), b"").errno(),
        Errno::ENOENT,
        "empty path on a non-link"
    );
}

#[test]
fn mknod_kinds() {
    let world = World::new();
    let p = world.root();
    p.mknod("/fifo", mode::S_IFIFO | 0o666, DeviceId::default())
        .unwrap();
    assert_eq!(p.stat("/fifo").unwrap().mode, mode::S_IFIFO | 0o644);
    p.mknod("/plain", 0o600, DeviceId::default()).unwrap();
    assert_eq!(
        p.stat("/plain").unwrap().file_type(),
        Some(FileType::Regular)
    );
    p.mknod("/char", mode::S_IFCHR | 0o600, DeviceId::new(4, 64))
        .unwrap();
    let meta = p.stat("/char").unwrap();
    assert_eq!(meta.rdev, DeviceId::new(4, 64));
    assert_eq!(meta.rdev.to_linux(), 0x440);
    assert_eq!(
        p.mknod("/dir", mode::S_IFDIR | 0o755, DeviceId::default())
            .errno(),
        Errno::EPERM
    );
    assert_eq!(
        p.mknod("/bad", 0o170_000, DeviceId::default()).errno(),
        Errno::EINVAL
    );
    assert_eq!(
        p.mknod("/fifo", mode::S_IFIFO, DeviceId::default()).errno(),
        Errno::EEXIST
    );
    let user = p.user(1000, 1000);
    p.mkdir_mode("/pub", 0o777).unwrap();
    p.chmod("/pub", 0o777).unwrap();
    assert_eq!(
        user.mknod("/pub/c", mode::S_IFCHR | 0o600, DeviceId::new(1, 3))
            .errno(),
        Errno::EPERM,
        "device nodes need CAP_MKNOD"
    );
    user.mknod("/pub/p", mode::S_IFIFO | 0o600, DeviceId::default())
        .unwrap();
    assert_eq!(
        p.open("/sock-free", OpenFlags::empty()).errno(),
        Errno::ENOENT
    );
    p.mknod("/sock", mode::S_IFSOCK | 0o600, DeviceId::default())
        .unwrap();
    assert_eq!(p.open("/sock", RDONLY).errno(), Errno::ENXIO);
    p.mknod("/blk", mode::S_IFBLK | 0o600, DeviceId::new(8, 0))
        .unwrap();
    assert_eq!(p.open("/blk", RDONLY).errno(), Errno::ENXIO);
}
