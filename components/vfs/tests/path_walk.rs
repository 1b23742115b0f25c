//! Path resolution as `path_resolution(7)` describes it, with Linux's errnos.

mod common;

use common::*;
use kernel_core::services::vfs::{AtFlags, FileType, OpenFlags, VfsService};
use kernel_core::Errno;

fn setup(world: &World) -> Proc<'_> {
    let p = world.root();
    p.mkdir("/a").unwrap();
    p.mkdir("/a/b").unwrap();
    p.create("/a/b/file", b"hello").unwrap();
    p
}

#[test]
fn dot_and_dotdot() {
    let world = World::new();
    let p = setup(&world);
    assert_eq!(p.read_all("/a/./b/./file").unwrap(), b"hello");
    assert_eq!(p.read_all("/a/b/../b/file").unwrap(), b"hello");
    assert_eq!(p.read_all("//a///b//file").unwrap(), b"hello");
    let root = p.stat("/").unwrap();
    assert_eq!(p.stat("/..").unwrap().ino, root.ino, "/.. is /");
    assert_eq!(p.stat("/../../..").unwrap().ino, root.ino);
    assert_eq!(p.stat("/a/b/../..").unwrap().ino, root.ino);
    assert_eq!(p.stat(".").unwrap().ino, root.ino);
}

#[test]
fn missing_and_non_directory_components() {
    let world = World::new();
    let p = setup(&world);
    assert_eq!(p.stat("/nope").errno(), Errno::ENOENT);
    assert_eq!(p.stat("/nope/x").errno(), Errno::ENOENT);
    assert_eq!(p.stat("/a/b/file/x").errno(), Errno::ENOTDIR);
    assert_eq!(p.stat("/a/b/file/.").errno(), Errno::ENOTDIR);
    assert_eq!(p.stat("/a/b/file/..").errno(), Errno::ENOTDIR);
    assert_eq!(p.stat("").errno(), Errno::ENOENT, "empty path");
}

#[test]
fn trailing_slashes() {
    let world = World::new();
    let p = setup(&world);
    assert!(p.stat("/a/b/").unwrap().is_dir());
    assert_eq!(p.stat("/a/b/file/").errno(), Errno::ENOTDIR);
    assert_eq!(p.open("/a/b/file/", RDONLY).errno(), Errno::ENOTDIR);
    p.symlink("/a/b", "/dirlink").unwrap();
    p.symlink("/a/b/file", "/filelink").unwrap();
    assert_eq!(
        p.lstat("/dirlink").unwrap().file_type(),
        Some(FileType::Symlink)
    );
    assert!(
        p.lstat("/dirlink/").unwrap().is_dir(),
        "a trailing slash follows the link"
    );
    assert_eq!(p.lstat("/filelink/").errno(), Errno::ENOTDIR);
}

#[test]
fn name_length_limits() {
    let world = World::new();
    let p = world.root();
    let longest = "n".repeat(255);
    p.create(&format!("/{longest}"), b"").unwrap();
    assert!(p.stat(&format!("/{longest}")).is_ok());
    let too_long = "n".repeat(256);
    assert_eq!(p.stat(&format!("/{too_long}")).errno(), Errno::ENAMETOOLONG);
    assert_eq!(
        p.mkdir(&format!("/{too_long}")).errno(),
        Errno::ENAMETOOLONG
    );
    assert_eq!(
        p.open(&format!("/{too_long}"), WRONLY | CREAT).errno(),
        Errno::ENAMETOOLONG
    );
    let long_path = "/".to_string() + &"a/".repeat(2048);
    assert_eq!(long_path.len(), 4097);
    assert_eq!(p.stat(&long_path).errno(), Errno::ENAMETOOLONG);
    let just_fits = "/".repeat(4095);
    assert!(
        p.stat(&just_fits).unwrap().is_dir(),
        "4095 bytes fit PATH_MAX"
    );
    assert_eq!(p.stat(&"/".repeat(4096)).errno(), Errno::ENAMETOOLONG);
}

#[test]
fn symlinks_relative_absolute_and_dotdot_inside() {
    let world = World::new();
    let p = setup(&world);
    p.symlink("b/file", "/a/rel").unwrap();
    p.symlink("/a/b/file", "/abs").unwrap();
    p.symlink("../a/b", "/a/up").unwrap();
    assert_eq!(p.read_all("/a/rel").unwrap(), b"hello");
    assert_eq!(p.read_all("/abs").unwrap(), b"hello");
    assert_eq!(p.read_all("/a/up/file").unwrap(), b"hello");
    assert_eq!(p.readlink("/a/rel").unwrap(), "b/file");
    // `..` after a symlink is taken in the link's target, not lexically.
    p.symlink("/a/b", "/deep").unwrap();
    assert_eq!(p.stat("/deep/..").unwrap().ino, p.stat("/a").unwrap().ino);
    assert_eq!(
        p.lstat("/abs").unwrap().size,
        9,
        "a symlink's size is its target's length"
    );
    p.symlink("missing", "/dangling").unwrap();
    assert_eq!(p.stat("/dangling").errno(), Errno::ENOENT);
    assert_eq!(
        p.lstat("/dangling").unwrap().file_type(),
        Some(FileType::Symlink)
    );
}

#[test]
fn symlink_loops_and_the_limit_of_40() {
    let world = World::new();
    let p = world.root();
    p.symlink("self", "/self").unwrap();
    assert_eq!(p.stat("/self").errno(), Errno::ELOOP);
    p.symlink("/ping", "/pong").unwrap();
    p.symlink("/pong", "/ping").unwrap();
    assert_eq!(p.open("/ping", RDONLY).errno(), Errno::ELOOP);
    assert_eq!(p.stat("/ping/x").errno(), Errno::ELOOP);
    // A chain of 40 links resolves; 41 is one too many.
    p.create("/target", b"t").unwrap();
    p.symlink("/target", "/l0").unwrap();
    for index in 1..=40 {
        p.symlink(&format!("/l{}", index - 1), &format!("/l{index}"))
            .unwrap();
    }
    assert_eq!(p.read_all("/l39").unwrap(), b"t", "40 links followed");
    assert_eq!(p.stat("/l40").errno(), Errno::ELOOP, "41 links");
    assert!(p.lstat("/l40").is_ok(), "lstat follows none");
}

#[test]
fn relative_to_cwd_and_dirfd() {
    let world = World::new();
    let mut p = setup(&world);
    p.chdir("/a").unwrap();
    assert_eq!(p.read_all("b/file").unwrap(), b"hello");
    assert_eq!(p.getcwd().unwrap(), "/a");
    let dirfd = p.open("/a/b", RDONLY | OpenFlags::O_DIRECTORY).unwrap();
    let ctx = p.at(&dirfd);
    let meta = p.vfs.stat(&ctx, b"file", NONE).unwrap();
    assert_eq!(meta.size, 5);
    assert_eq!(
        p.vfs.stat(&ctx, b"/a", NONE).unwrap().ino,
        p.stat("/a").unwrap().ino,
        "absolute ignores dirfd"
    );
    // A dirfd that is not a directory: ENOTDIR for relative paths.
    let file = p.open("/a/b/file", RDONLY).unwrap();
    assert_eq!(p.vfs.stat(&p.at(&file), b"x", NONE).errno(), Errno::ENOTDIR);
    // ...but AT_EMPTY_PATH names the descriptor itself.
    assert_eq!(
        p.vfs
            .stat(&p.at(&file), b"", AtFlags::AT_EMPTY_PATH)
            .unwrap()
            .size,
        5
    );
    assert_eq!(p.vfs.stat(&p.at(&file), b"", NONE).errno(), Errno::ENOENT);
    assert_eq!(
        p.vfs.stat(&p.at(&file), b"", AtFlags::AT_REMOVEDIR).errno(),
        Errno::EINVAL,
        "unknown stat flags"
    );
}

#[test]
fn root_directory_bounds_dotdot() {
    let world = World::new();
    let mut p = setup(&world);
    // A chroot-like root at /a: `..` and `/` stop there.
    p.root = p.vfs.open_directory(&p.ctx(), b"/a").unwrap();
    p.cwd = p.root.clone();
    assert_eq!(p.read_all("/b/file").unwrap(), b"hello");
    assert_eq!(p.read_all("../../b/file").unwrap(), b"hello");
    assert_eq!(p.stat("/..").unwrap().ino, p.stat("/").unwrap().ino);
    assert_eq!(p.getcwd().unwrap(), "/");
    p.chdir("b").unwrap();
    assert_eq!(p.getcwd().unwrap(), "/b");
}

#[test]
fn removed_working_directory() {
    let world = World::new();
    let mut p = setup(&world);
    p.mkdir("/gone").unwrap();
    p.chdir("/gone").unwrap();
    p.rmdir("/gone").unwrap();
    assert_eq!(p.getcwd().errno(), Errno::ENOENT);
    assert_eq!(p.open("new", WRONLY | CREAT).errno(), Errno::ENOENT);
    assert_eq!(p.mkdir("sub").errno(), Errno::ENOENT);
    assert_eq!(p.stat(".").unwrap().nlink, 0);
    assert_eq!(p.stat("missing").errno(), Errno::ENOENT);
    // `..` still leads out (Linux: `chdir("..")` from a removed directory works).
    p.chdir("..").unwrap();
    assert_eq!(p.getcwd().unwrap(), "/");
}
