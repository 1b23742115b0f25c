//! Host tests of the file rows that need no file system: positioned vectors, `close_range`,
//! the sync family, `fsync` on objects without a sync operation.

use super::mock::{ctx, get, put, queue, regular};
use crate::context::FileTable;
use crate::table::{dispatch, nr};
use alloc::sync::Arc;
use alloc::vec::Vec;
use kernel_core::services::vfs::{DeviceId, File};

fn iovecs(entries: &[(u64, u64)]) -> Vec<u8> {
    let mut bytes = Vec::new();
    for (base, len) in entries {
        bytes.extend_from_slice(&base.to_le_bytes());
        bytes.extend_from_slice(&len.to_le_bytes());
    }
    bytes
}

#[test]
fn preadv_reads_from_the_offset_through_each_iovec() {
    let file = regular();
    file.data.lock().extend_from_slice(b"one two three");
    let ctx = ctx(file);
    put(&ctx, 0x1000, &iovecs(&[(0x1080, 4), (0x1090, 5)]));
    assert_eq!(dispatch(&ctx, nr::preadv, [0, 0x1000, 2, 4, 0, 0]), 9);
    assert_eq!(get(&ctx, 0x1080, 4), b"two ");
    assert_eq!(get(&ctx, 0x1090, 5), b"three");
    assert_eq!(
        dispatch(&ctx, nr::preadv, [0, 0x1000, 2, u64::MAX, 0, 0]),
        -22
    );
    // preadv2 with offset -1 is readv; unknown RWF_ flags are EOPNOTSUPP.
    assert_eq!(
        dispatch(&ctx, nr::preadv2, [0, 0x1000, 2, 0, 0, 0x100]),
        -95
    );
}

#[test]
fn close_range_closes_or_marks() {
    let ctx = ctx(regular());
    for fd in 1..5 {
        assert_eq!(dispatch(&ctx, nr::dup, [0, 0, 0, 0, 0, 0]), fd);
    }
    assert_eq!(dispatch(&ctx, nr::close_range, [3, 1, 0, 0, 0, 0]), -22);
    assert_eq!(dispatch(&ctx, nr::close_range, [0, 9, 1, 0, 0, 0]), -22);
    assert_eq!(dispatch(&ctx, nr::close_range, [1, 2, 4, 0, 0, 0]), 0);
    assert_eq!(dispatch(&ctx, nr::fcntl, [1, 1, 0, 0, 0, 0]), 1); // FD_CLOEXEC now
    assert_eq!(
        dispatch(&ctx, nr::close_range, [3, u32::MAX as u64, 0, 0, 0, 0]),
        0
    );
    assert_eq!(dispatch(&ctx, nr::fcntl, [3, 1, 0, 0, 0, 0]), -9);
    assert_eq!(dispatch(&ctx, nr::fcntl, [4, 1, 0, 0, 0, 0]), -9);
    assert_eq!(dispatch(&ctx, nr::dup, [0, 0, 0, 0, 0, 0]), 3);
}

#[test]
fn sync_family() {
    let ctx = ctx(regular());
    let fifo: Arc<dyn File> = queue(0o010600, DeviceId::default());
    assert_eq!(ctx.files.install(fifo, false), Ok(1));
    assert_eq!(dispatch(&ctx, nr::sync, [0; 6]), 0);
    assert_eq!(dispatch(&ctx, nr::fsync, [0, 0, 0, 0, 0, 0]), 0);
    assert_eq!(dispatch(&ctx, nr::fdatasync, [0, 0, 0, 0, 0, 0]), 0);
    assert_eq!(dispatch(&ctx, nr::syncfs, [0, 0, 0, 0, 0, 0]), 0);
    assert_eq!(dispatch(&ctx, nr::fsync, [1, 0, 0, 0, 0, 0]), -22);
    assert_eq!(dispatch(&ctx, nr::fsync, [9, 0, 0, 0, 0, 0]), -9);
    assert_eq!(dispatch(&ctx, nr::syncfs, [9, 0, 0, 0, 0, 0]), -9);
}

#[test]
fn fallocate_and_fadvise_checks() {
    let ctx = ctx(regular());
    let fifo: Arc<dyn File> = queue(0o010600, DeviceId::default());
    assert_eq!(ctx.files.install(fifo, false), Ok(1));
    assert_eq!(dispatch(&ctx, nr::fallocate, [0, 0, 0, 0, 0, 0]), -22); // len 0
    assert_eq!(dispatch(&ctx, nr::fallocate, [1, 0, 0, 10, 0, 0]), -29); // pipe
    assert_eq!(dispatch(&ctx, nr::fallocate, [0, 1, 0, 10, 0, 0]), 0); // KEEP_SIZE
    assert_eq!(dispatch(&ctx, nr::fallocate, [0, 2, 0, 10, 0, 0]), -95);
    assert_eq!(dispatch(&ctx, nr::fadvise64, [0, 0, 0, 4, 0, 0]), 0);
    assert_eq!(dispatch(&ctx, nr::fadvise64, [0, 0, 0, 9, 0, 0]), -22);
    assert_eq!(dispatch(&ctx, nr::fadvise64, [1, 0, 0, 0, 0, 0]), -29);
    assert_eq!(dispatch(&ctx, nr::fadvise64, [7, 0, 0, 0, 0, 0]), -9);
}
