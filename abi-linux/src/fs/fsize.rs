//! `RLIMIT_FSIZE` on writes to regular files, as Linux's `generic_write_check_limits`: a
//! write that would start at or past the limit raises `SIGXFSZ` and fails with `EFBIG`; one
//! that would cross it is cut short at the limit.

use crate::context::SyscallContext;
use alloc::sync::Arc;
use kernel_core::services::vfs::{File, OpenFlags, SeekWhence};
use kernel_core::Errno;

/// `RLIMIT_FSIZE`'s resource number.
const RLIMIT_FSIZE: u32 = 1;
/// `SIGXFSZ` on AArch64.
const SIGXFSZ: i32 = 25;
/// `S_IFMT` and `S_IFREG`.
const S_IFMT: u32 = 0o170_000;
const S_IFREG: u32 = 0o100_000;

/// How many of `count` bytes may be written to `file` at `position` (the file's own offset,
/// or its end with `O_APPEND`, when `None`).
pub fn allowed(
    ctx: &dyn SyscallContext,
    file: &Arc<dyn File>,
    position: Option<u64>,
    count: usize,
) -> Result<usize, Errno> {
    let Some(calls) = ctx.process_calls() else {
        return Ok(count);
    };
    let (limit, _) = calls.prlimit(0, RLIMIT_FSIZE, None)?;
    if limit == u64::MAX || count == 0 {
        return Ok(count);
    }
    let metadata = file.metadata()?;
    if metadata.mode & S_IFMT != S_IFREG {
        return Ok(count);
    }
    let position = match position {
        Some(position) => position,
        None if file.status_flags().contains(OpenFlags::O_APPEND) => metadata.size,
        None => file.seek(0, SeekWhence::Current)?,
    };
    if position >= limit {
        let _ = ctx.kill(ctx.process().pid() as i32, SIGXFSZ);
        return Err(Errno::EFBIG);
    }
    Ok(count.min(usize::try_from(limit - position).unwrap_or(usize::MAX)))
}
