//! `tee`: pipe data duplicated into another pipe without being consumed.

mod common;

use common::*;
use kernel_core::services::vfs::{Credentials, OpenFlags, VfsService};
use kernel_core::Errno;

#[test]
fn tee_copies_without_consuming() {
    let world = World::new();
    let vfs = &world.vfs;
    let (in_read, in_write) = vfs.pipe(&Credentials::root(), OpenFlags::empty()).unwrap();
    let (out_read, out_write) = vfs.pipe(&Credentials::root(), OpenFlags::empty()).unwrap();
    assert_eq!(vfs.tee(&in_read, &out_write, 10).errno(), Errno::EAGAIN);
    in_write.write(b"first").unwrap();
    in_write.write(b" second").unwrap();
    assert_eq!(vfs.tee(&in_read, &out_write, 100).unwrap(), 12);
    assert_eq!(drain(&in_read), b"first second");
    assert_eq!(drain(&out_read), b"first second");
    in_write.write(b"abc").unwrap();
    assert_eq!(vfs.tee(&in_read, &out_write, 2).unwrap(), 2);
    assert_eq!(drain(&out_read), b"ab");
    assert_eq!(vfs.tee(&in_read, &in_write, 2).errno(), Errno::EINVAL);
    assert_eq!(vfs.tee(&out_write, &in_write, 2).errno(), Errno::EBADF);
    drop(in_write);
    drain(&in_read);
    assert_eq!(vfs.tee(&in_read, &out_write, 2).unwrap(), 0);
}
