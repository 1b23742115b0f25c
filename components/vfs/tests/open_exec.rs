//! `open_exec`: what `execve` may open (`do_open_execat`), and that it reads without read
//! permission.

mod common;

use common::*;
use kernel_core::services::vfs::{mode, DeviceId, MountFlags, UnmountFlags, VfsService};
use kernel_core::Errno;

fn open_exec(p: &Proc<'_>, path: &str) -> Result<Vec<u8>, Errno> {
    let file = p.vfs.open_exec(&p.ctx(), path.as_bytes())?;
    let mut buffer = vec![0u8; 64];
    let count = file.read_at(0, &mut buffer)?;
    buffer.truncate(count);
    Ok(buffer)
}

#[test]
fn execute_permission_is_enough() {
    let world = World::new();
    let p = world.root();
    p.create("/program", b"\x7fELF bytes").unwrap();
    p.chmod("/program", 0o711).unwrap();
    let user = p.user(1000, 1000);
    assert_eq!(user.open("/program", RDONLY).errno(), Errno::EACCES);
    assert_eq!(open_exec(&user, "/program").unwrap(), b"\x7fELF bytes");
    p.chmod("/program", 0o744).unwrap();
    assert_eq!(open_exec(&user, "/program").errno(), Errno::EACCES);
    // Root needs one execute bit, any of them.
    assert_eq!(open_exec(&p, "/program").unwrap(), b"\x7fELF bytes");
    p.chmod("/program", 0o644).unwrap();
    assert_eq!(open_exec(&p, "/program").errno(), Errno::EACCES);
}

#[test]
fn only_regular_files_reached_by_a_searchable_path() {
    let world = World::new();
    let p = world.root();
    p.mkdir("/d").unwrap();
    p.create("/d/program", b"code").unwrap();
    p.chmod("/d/program", 0o755).unwrap();
    p.symlink("/d/program", "/link").unwrap();
    assert_eq!(
        open_exec(&p, "/link").unwrap(),
        b"code",
        "links are followed"
    );
    assert_eq!(open_exec(&p, "/d").errno(), Errno::EACCES);
    p.mknod("/fifo", mode::S_IFIFO | 0o777, DeviceId::default())
        .unwrap();
    assert_eq!(open_exec(&p, "/fifo").errno(), Errno::EACCES);
    assert_eq!(open_exec(&p, "/missing").errno(), Errno::ENOENT);
    assert_eq!(open_exec(&p, "/d/program/x").errno(), Errno::ENOTDIR);
    p.symlink("/loop", "/loop").unwrap();
    assert_eq!(open_exec(&p, "/loop").errno(), Errno::ELOOP);
    p.chmod("/d", 0o700).unwrap();
    assert_eq!(
        open_exec(&p.user(1000, 1000), "/d/program").errno(),
        Errno::EACCES
    );
}

#[test]
fn noexec_mounts_run_nothing() {
    let world = World::new();
    let p = world.root();
    p.mkdir("/mnt").unwrap();
    p.mount("tmpfs", "/mnt", MountFlags::NOEXEC, "").unwrap();
    p.create("/mnt/program", b"code").unwrap();
    p.chmod("/mnt/program", 0o755).unwrap();
    assert_eq!(open_exec(&p, "/mnt/program").errno(), Errno::EACCES);
    assert!(p.open("/mnt/program", RDONLY).is_ok(), "reading is allowed");
    p.umount("/mnt", UnmountFlags::empty()).unwrap();
}
