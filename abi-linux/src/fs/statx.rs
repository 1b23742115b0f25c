//! `statx`: the extended `stat`, from the same metadata as `newfstatat`.

use crate::args::UserPtr;
use crate::context::{path_lookup, read_path, SyscallContext};
use kernel_core::services::vfs::{AtFlags, Metadata, Timespec};
use kernel_core::Errno;

/// The fields every file system fills (`STATX_TYPE` ... `STATX_BLOCKS`).
const STATX_BASIC_STATS: u32 = 0x7ff;
/// `stx_mnt_id` is filled (Linux adds it for every file system).
const STATX_MNT_ID: u32 = 0x1000;
/// Reserved mask bit: `EINVAL`.
const STATX__RESERVED: u32 = 0x8000_0000;
/// The sync-type bits of the flags; both set is `EINVAL`.
const AT_STATX_SYNC_TYPE: u32 = 0x6000;

/// `struct statx` (256 bytes) for `metadata`.
fn statx_bytes(m: &Metadata) -> [u8; 256] {
    let mut out = [0u8; 256];
    let mut put = |at: usize, bytes: &[u8]| out[at..at + bytes.len()].copy_from_slice(bytes);
    put(0, &(STATX_BASIC_STATS | STATX_MNT_ID).to_le_bytes());
    put(4, &m.blksize.to_le_bytes());
    put(16, &m.nlink.to_le_bytes());
    put(20, &m.uid.to_le_bytes());
    put(24, &m.gid.to_le_bytes());
    put(28, &(m.mode as u16).to_le_bytes());
    put(32, &m.ino.to_le_bytes());
    put(40, &m.size.to_le_bytes());
    put(48, &m.blocks.to_le_bytes());
    let mut time = |at: usize, t: Timespec| {
        put(at, &t.sec.to_le_bytes());
        put(at + 8, &t.nsec.to_le_bytes());
    };
    time(64, m.atime);
    time(96, m.ctime);
    time(112, m.mtime);
    put(128, &m.rdev.major.to_le_bytes());
    put(132, &m.rdev.minor.to_le_bytes());
    put(136, &m.dev.major.to_le_bytes());
    put(140, &m.dev.minor.to_le_bytes());
    put(144, &1u64.to_le_bytes());
    out
}

/// `statx(dirfd, path, flags, mask, statxbuf)`.
pub fn statx(
    ctx: &dyn SyscallContext,
    dirfd: i32,
    path: UserPtr<u8>,
    flags: u32,
    mask: u32,
    statxbuf: UserPtr<u8>,
) -> Result<usize, Errno> {
    if mask & STATX__RESERVED != 0 || flags & AT_STATX_SYNC_TYPE == AT_STATX_SYNC_TYPE {
        return Err(Errno::EINVAL);
    }
    let flags = AtFlags::from_bits(flags & !AT_STATX_SYNC_TYPE).ok_or(Errno::EINVAL)?;
    let path = read_path(ctx, path)?;
    let lookup = path_lookup(ctx, dirfd, &path)?;
    let metadata = ctx.fs().vfs().stat(&lookup.borrow(), &path, flags)?;
    ctx.user()
        .copy_out(statxbuf.addr, &statx_bytes(&metadata))?;
    Ok(0)
}
