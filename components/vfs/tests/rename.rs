//! `renameat2` semantics and errnos.

mod common;

use common::*;
use kernel_core::services::vfs::{MountFlags, RenameFlags, VfsService};
use kernel_core::Errno;

fn tree(world: &World) -> Proc<'_> {
    let p = world.root();
    p.mkdir("/a").unwrap();
    p.mkdir("/a/sub").unwrap();
    p.mkdir("/b").unwrap();
    p.mkdir("/empty").unwrap();
    p.create("/a/f", b"f").unwrap();
    p.create("/b/g", b"g").unwrap();
    p
}

#[test]
fn moves_and_replaces_files() {
    let world = World::new();
    let p = tree(&world);
    let ino = p.stat("/a/f").unwrap().ino;
    p.rename("/a/f", "/b/moved").unwrap();
    assert_eq!(p.stat("/a/f").errno(), Errno::ENOENT);
    assert_eq!(p.stat("/b/moved").unwrap().ino, ino);
    // Over an existing file: the target is replaced and loses a link.
    let victim = p.open("/b/g", RDONLY).unwrap();
    p.rename("/b/moved", "/b/g").unwrap();
    assert_eq!(p.read_all("/b/g").unwrap(), b"f");
    assert_eq!(victim.metadata().unwrap().nlink, 0);
    assert_eq!(p.rename("/b/none", "/b/x").errno(), Errno::ENOENT);
    assert_eq!(p.rename("/b/g", "/nodir/x").errno(), Errno::ENOENT);
    assert_eq!(
        p.rename("/b/g/", "/b/h").errno(),
        Errno::ENOTDIR,
        "trailing slash on a file"
    );
    assert_eq!(p.rename("/b/g", "/b/h/").errno(), Errno::ENOTDIR);
}

#[test]
fn same_inode_is_a_no_op() {
    let world = World::new();
    let p = tree(&world);
    p.link("/b/g", "/b/g2").unwrap();
    p.rename("/b/g", "/b/g2").unwrap();
    assert!(p.stat("/b/g").is_ok(), "both names remain (POSIX)");
    assert_eq!(p.stat("/b/g2").unwrap().nlink, 2);
    p.rename("/b/g", "/b/g").unwrap();
}

#[test]
fn directories() {
    let world = World::new();
    let p = tree(&world);
    assert_eq!(p.stat("/a").unwrap().nlink, 3);
    p.rename("/a/sub", "/b/sub").unwrap();
    assert_eq!(
        p.stat("/a").unwrap().nlink,
        2,
        "the old parent loses the .. link"
    );
    assert_eq!(p.stat("/b").unwrap().nlink, 3);
    assert_eq!(
        p.stat("/b/sub/..").unwrap().ino,
        p.stat("/b").unwrap().ino,
        ".. follows the move"
    );
    // A directory replaces an empty directory only.
    p.rename("/b/sub", "/empty").unwrap();
    assert_eq!(p.stat("/b").unwrap().nlink, 2);
    assert!(p.stat("/empty").unwrap().is_dir());
    p.mkdir("/full").unwrap();
    p.create("/full/x", b"").unwrap();
    assert_eq!(p.rename("/empty", "/full").errno(), Errno::ENOTEMPTY);
    assert_eq!(p.rename("/empty", "/b/g").errno(), Errno::ENOTDIR);
    assert_eq!(p.rename("/b/g", "/empty").errno(), Errno::EISDIR);
    // Not into its own subtree.
    p.mkdir("/empty/inner").unwrap();
    assert_eq!(p.rename("/empty", "/empty/inner/x").errno(), Errno::EINVAL);
    assert_eq!(p.rename("/empty", "/empty/x").errno(), Errno::EINVAL);
    // An ancestor as the target is a non-empty directory.
    assert_eq!(p.rename("/empty/inner", "/empty").errno(), Errno::ENOTEMPTY);
    assert_eq!(p.rename("/empty/.", "/x").errno(), Errno::EBUSY);
    assert_eq!(p.rename("/x", "/empty/..").errno(), Errno::EBUSY);
    assert_eq!(p.rename("/", "/x").errno(), Errno::EBUSY);
    p.rename("/empty/", "/renamed/").unwrap();
    assert!(p.stat("/renamed/inner").unwrap().is_dir());
}

#[test]
fn noreplace_and_exchange() {
    let world = World::new();
    let p = tree(&world);
    assert_eq!(
        p.rename_flags("/a/f", "/b/g", RenameFlags::NOREPLACE)
            .errno(),
        Errno::EEXIST
    );
    assert_eq!(
        p.rename_flags("/a/f", "/b/..", RenameFlags::NOREPLACE)
            .errno(),
        Errno::EEXIST
    );
    p.rename_flags("/a/f", "/b/new", RenameFlags::NOREPLACE)
        .unwrap();
    let (new_ino, g_ino) = (p.stat("/b/new").unwrap().ino, p.stat("/b/g").unwrap().ino);
    p.rename_flags("/b/new", "/b/g", RenameFlags::EXCHANGE)
        .unwrap();
    assert_eq!(p.stat("/b/new").unwrap().ino, g_ino);
    assert_eq!(p.stat("/b/g").unwrap().ino, new_ino);
    assert_eq!(
        p.rename_flags("/b/g", "/b/none", RenameFlags::EXCHANGE)
            .errno(),
        Errno::ENOENT
    );
    assert_eq!(
        p.rename_flags(
            "/b/g",
            "/b/new",
            RenameFlags::EXCHANGE | RenameFlags::NOREPLACE
        )
        .errno(),
        Errno::EINVAL
    );
    assert_eq!(
        p.rename_flags("/b/g", "/b/new", RenameFlags::WHITEOUT)
            .errno(),
        Errno::EINVAL
    );
    // Exchanging a directory and a file across directories fixes the link counts.
    p.rename_flags("/a/sub", "/b/g", RenameFlags::EXCHANGE)
        .unwrap();
    assert!(p.stat("/b/g").unwrap().is_dir());
    assert_eq!(p.stat("/a").unwrap().nlink, 2);
    assert_eq!(p.stat("/b").unwrap().nlink, 3);
    assert_eq!(p.stat("/b/g/..").unwrap().ino, p.stat("/b").unwrap().ino);
    assert_eq!(
        p.rename_flags("/b", "/b/g", RenameFlags::EXCHANGE).errno(),
        Errno::EINVAL
    );
}

#[test]
fn across_mounts_and_mount_points() {
    let world = World::new();
    let p = tree(&world);
    p.mkdir("/mnt").unwrap();
    p.mount("tmpfs", "/mnt", MountFlags::empty(), "").unwrap();
    assert_eq!(p.rename("/b/g", "/mnt/g").errno(), Errno::EXDEV);
    assert_eq!(p.link("/b/g", "/mnt/g").errno(), Errno::EXDEV);
    assert_eq!(
        p.rename("/mnt", "/mnt2").errno(),
        Errno::EBUSY,
        "a mount point cannot move"
    );
    assert_eq!(p.rename("/a/sub", "/mnt").errno(), Errno::EBUSY);
    assert_eq!(p.rmdir("/mnt").errno(), Errno::EBUSY);
    let ctx = p.ctx();
    assert_eq!(
        p.vfs
            .rename(&ctx, b"/b/g", &ctx, b"/mnt/../b/h", RenameFlags::empty()),
        Ok(()),
        "`..` leaves the mount"
    );
}
