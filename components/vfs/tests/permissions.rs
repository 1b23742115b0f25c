//! Mode-bit permission checks for ordinary users, root's bypass, sticky and set-group-ID
//! directories, chmod/chown/utimensat rules.

mod common;

use common::*;
use kernel_core::services::vfs::{
    mode, AccessCheck, AtFlags, Credentials, TimeChange, Timespec, VfsService,
};
use kernel_core::Errno;

const ALICE: u32 = 1000;
const BOB: u32 = 1001;
const STAFF: u32 = 50;

fn access(p: &Proc<'_>, path: &str, check: AccessCheck) -> Result<(), Errno> {
    p.vfs
        .access(&p.ctx(), path.as_bytes(), check, AtFlags::empty())
}

#[test]
fn owner_group_other_classes() {
    let world = World::new();
    let root = world.root();
    root.create("/f", b"secret").unwrap();
    root.chown("/f", Some(ALICE), Some(STAFF)).unwrap();
    root.chmod("/f", 0o640).unwrap();
    let alice = root.user(ALICE, 100);
    let mut staff_member = root.user(BOB, 100);
    staff_member.credentials.groups.push(STAFF);
    let other = root.user(BOB, 100);
    assert_eq!(alice.read_all("/f").unwrap(), b"secret");
    assert!(alice.open("/f", WRONLY).is_ok());
    assert_eq!(
        staff_member.read_all("/f").unwrap(),
        b"secret",
        "supplementary group"
    );
    assert_eq!(staff_member.open("/f", WRONLY).errno(), Errno::EACCES);
    assert_eq!(other.open("/f", RDONLY).errno(), Errno::EACCES);
    assert_eq!(
        other
            .open(
                "/f",
                RDONLY | kernel_core::services::vfs::OpenFlags::O_TRUNC
            )
            .errno(),
        Errno::EACCES
    );
    // The owner class applies even when it grants less than the others.
    root.chmod("/f", 0o077).unwrap();
    assert_eq!(alice.open("/f", RDONLY).errno(), Errno::EACCES);
    assert!(other.open("/f", RDONLY).is_ok());
    assert_eq!(
        access(&alice, "/f", AccessCheck::READ).errno(),
        Errno::EACCES
    );
    assert_eq!(
        access(&alice, "/f", AccessCheck::empty()),
        Ok(()),
        "F_OK needs no permission"
    );
    assert_eq!(
        access(&other, "/f", AccessCheck::READ | AccessCheck::WRITE),
        Ok(())
    );
}

#[test]
fn search_permission_on_directories() {
    let world = World::new();
    let root = world.root();
    root.mkdir("/locked").unwrap();
    root.create("/locked/f", b"x").unwrap();
    root.chmod("/locked", 0o700).unwrap();
    let user = root.user(ALICE, ALICE);
    assert_eq!(user.stat("/locked/f").errno(), Errno::EACCES);
    assert_eq!(user.open("/locked/f", RDONLY).errno(), Errno::EACCES);
    assert!(
        user.stat("/locked").is_ok(),
        "the directory itself can be looked at"
    );
    assert_eq!(
        user.list("/locked").errno(),
        Errno::EACCES,
        "no read permission"
    );
    root.chmod("/locked", 0o711).unwrap();
    assert_eq!(
        user.read_all("/locked/f").unwrap(),
        b"x",
        "search without read"
    );
    assert_eq!(user.list("/locked").errno(), Errno::EACCES);
    let mut wanderer = root.user(ALICE, ALICE);
    root.chmod("/locked", 0o744).unwrap();
    assert_eq!(wanderer.chdir("/locked").errno(), Errno::EACCES);
    assert_eq!(
        user.open("/locked/new", WRONLY | CREAT).errno(),
        Errno::EACCES
    );
}

#[test]
fn creating_and_removing_need_write_and_search_on_the_directory() {
    let world = World::new();
    let root = world.root();
    root.mkdir("/ro").unwrap();
    root.create("/ro/f", b"").unwrap();
    root.chmod("/ro/f", 0o666).unwrap();
    let user = root.user(ALICE, ALICE);
    assert_eq!(user.open("/ro/new", WRONLY | CREAT).errno(), Errno::EACCES);
    assert_eq!(user.mkdir("/ro/d").errno(), Errno::EACCES);
    assert_eq!(user.symlink("x", "/ro/l").errno(), Errno::EACCES);
    assert_eq!(user.unlink("/ro/f").errno(), Errno::EACCES);
    assert_eq!(user.rename("/ro/f", "/ro/g").errno(), Errno::EACCES);
    assert!(
        user.open("/ro/f", RDWR).is_ok(),
        "the file itself is writable"
    );
    root.chmod("/ro", 0o777).unwrap();
    user.unlink("/ro/f").unwrap();
}

#[test]
fn root_bypasses_except_execute() {
    let world = World::new();
    let root = world.root();
    root.create("/f", b"x").unwrap();
    root.chown("/f", Some(ALICE), Some(ALICE)).unwrap();
    root.chmod("/f", 0o000).unwrap();
    assert_eq!(root.read_all("/f").unwrap(), b"x");
    assert!(root.open("/f", WRONLY).is_ok());
    assert_eq!(
        access(&root, "/f", AccessCheck::EXECUTE).errno(),
        Errno::EACCES,
        "no x bit at all"
    );
    root.chmod("/f", 0o001).unwrap();
    assert_eq!(
        access(&root, "/f", AccessCheck::EXECUTE),
        Ok(()),
        "any x bit lets root execute"
    );
    root.mkdir("/d").unwrap();
    root.chmod("/d", 0o000).unwrap();
    root.create("/d/inside", b"").unwrap();
    assert_eq!(
        access(&root, "/d", AccessCheck::EXECUTE),
        Ok(()),
        "root searches any directory"
    );
}

#[test]
fn sticky_directories() {
    let world = World::new();
    let root = world.root();
    root.mkdir_mode("/tmp", 0o1777).unwrap();
    root.chmod("/tmp", 0o1777).unwrap();
    let alice = root.user(ALICE, ALICE);
    let bob = root.user(BOB, BOB);
    alice.create("/tmp/alices", b"").unwrap();
    assert_eq!(bob.unlink("/tmp/alices").errno(), Errno::EPERM);
    assert_eq!(bob.rename("/tmp/alices", "/tmp/mine").errno(), Errno::EPERM);
    bob.create("/tmp/bobs", b"").unwrap();
    assert_eq!(
        bob.rename("/tmp/bobs", "/tmp/alices").errno(),
        Errno::EPERM,
        "cannot replace another's"
    );
    alice.unlink("/tmp/alices").unwrap();
    root.unlink("/tmp/bobs").unwrap();
}

#[test]
fn set_group_id_directories_pass_their_group_on() {
    let world = World::new();
    let root = world.root();
    root.mkdir("/shared").unwrap();
    root.chown("/shared", None, Some(STAFF)).unwrap();
    root.chmod("/shared", 0o2777).unwrap();
    let alice = root.user(ALICE, ALICE);
    alice.create("/shared/file", b"").unwrap();
    alice.mkdir("/shared/dir").unwrap();
    assert_eq!(alice.stat("/shared/file").unwrap().gid, STAFF);
    let dir = alice.stat("/shared/dir").unwrap();
    assert_eq!(dir.gid, STAFF);
    assert_ne!(
        dir.mode & mode::S_ISGID,
        0,
        "subdirectories inherit set-group-ID"
    );
    assert_eq!(alice.stat("/shared/file").unwrap().uid, ALICE);
}

#[test]
fn chmod_and_chown_rules() {
    let world = World::new();
    let root = world.root();
    root.create("/f", b"").unwrap();
    root.chown("/f", Some(ALICE), Some(ALICE)).unwrap();
    let mut alice = root.user(ALICE, ALICE);
    alice.credentials = Credentials {
        uid: ALICE,
        gid: ALICE,
        groups: vec![STAFF],
    };
    let bob = root.user(BOB, BOB);
    assert_eq!(bob.chmod("/f", 0o777).errno(), Errno::EPERM);
    alice.chmod("/f", 0o4755).unwrap();
    assert_eq!(alice.stat("/f").unwrap().permissions(), 0o4755);
    assert_eq!(
        alice.chown("/f", Some(BOB), None).errno(),
        Errno::EPERM,
        "giving files away needs root"
    );
    assert_eq!(
        alice.chown("/f", None, Some(BOB)).errno(),
        Errno::EPERM,
        "not a member of that group"
    );
    alice.chown("/f", Some(ALICE), Some(STAFF)).unwrap();
    let meta = alice.stat("/f").unwrap();
    assert_eq!(meta.gid, STAFF);
    assert_eq!(meta.permissions(), 0o0755, "chown clears set-user-ID");
    root.chmod("/f", 0o6755).unwrap();
    root.chown("/f", None, None).unwrap();
    assert_eq!(
        root.stat("/f").unwrap().permissions(),
        0o0755,
        "and set-group-ID when group-executable"
    );
    root.chmod("/f", 0o2745).unwrap();
    root.chown("/f", Some(BOB), None).unwrap();
    assert_eq!(
        root.stat("/f").unwrap().permissions(),
        0o2745,
        "kept without group execute"
    );
    // A non-member setting set-group-ID loses it silently.
    root.chown("/f", Some(ALICE), Some(BOB)).unwrap();
    alice.chmod("/f", 0o2755).unwrap();
    assert_eq!(alice.stat("/f").unwrap().permissions(), 0o0755);
    assert_eq!(bob.chown("/f", Some(BOB), None).errno(), Errno::EPERM);
    root.symlink("/f", "/l").unwrap();
    assert_eq!(
        root.vfs
            .chmod(&root.ctx(), b"/l", 0o700, AtFlags::AT_SYMLINK_NOFOLLOW)
            .errno(),
        Errno::EOPNOTSUPP
    );
    root.vfs
        .chown(
            &root.ctx(),
            b"/l",
            Some(BOB),
            None,
            AtFlags::AT_SYMLINK_NOFOLLOW,
        )
        .unwrap();
    assert_eq!(
        root.lstat("/l").unwrap().uid,
        BOB,
        "lchown changes the link"
    );
    assert_eq!(root.stat("/l").unwrap().uid, ALICE);
}

#[test]
fn utimens_rules() {
    let world = World::new();
    let root = world.root();
    root.create("/f", b"").unwrap();
    root.chown("/f", Some(ALICE), Some(ALICE)).unwrap();
    root.chmod("/f", 0o666).unwrap();
    let bob = root.user(BOB, BOB);
    let when = TimeChange::Set(Timespec::new(1000, 5));
    assert_eq!(
        bob.utimens("/f", when, when).errno(),
        Errno::EPERM,
        "explicit times: owner only"
    );
    assert_eq!(
        bob.utimens("/f", TimeChange::Now, TimeChange::Now),
        Ok(()),
        "now: write permission is enough"
    );
    root.chmod("/f", 0o644).unwrap();
    assert_eq!(
        bob.utimens("/f", TimeChange::Now, TimeChange::Now).errno(),
        Errno::EACCES
    );
    let alice = root.user(ALICE, ALICE);
    alice.utimens("/f", when, TimeChange::Omit).unwrap();
    assert_eq!(alice.stat("/f").unwrap().atime, Timespec::new(1000, 5));
    assert_eq!(
        bob.utimens("/does/not/exist", TimeChange::Omit, TimeChange::Omit),
        Ok(()),
        "both UTIME_OMIT succeeds without a lookup"
    );
    assert_eq!(
        alice
            .utimens(
                "/f",
                TimeChange::Set(Timespec::new(1, 1_000_000_000)),
                TimeChange::Omit
            )
            .errno(),
        Errno::EINVAL
    );
}
