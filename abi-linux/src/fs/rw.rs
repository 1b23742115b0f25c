//! `read` and `write`: user buffers move through a bounded kernel buffer, chunk by chunk; a
//! blocking file that is not ready puts the caller to sleep until it is.

use crate::args::{Fd, UserPtr};
use crate::context::SyscallContext;
use alloc::sync::Arc;
use alloc::vec;
use kernel_core::services::vfs::File;
use kernel_core::services::vfs::PollEvents;
use kernel_core::Errno;

/// Bytes copied per step; a larger request loops.
const CHUNK: usize = 64 * 1024;
/// Linux caps one read or write at `MAX_RW_COUNT` (INT_MAX rounded down to a page).
const MAX_RW_COUNT: usize = 0x7fff_f000;

/// `write(fd, buf, count)`.
pub fn write(
    ctx: &dyn SyscallContext,
    fd: Fd,
    buf: UserPtr<u8>,
    count: u64,
) -> Result<usize, Errno> {
    let file = ctx.files().get(fd)?;
    let count = super::fsize::allowed(ctx, &file, None, (count as usize).min(MAX_RW_COUNT))?;
    let mut chunk = vec![0u8; count.min(CHUNK)];
    let mut done = 0;
    while done < count {
        let from = buf.addr.checked_add(done as u64).ok_or(Errno::EFAULT)?;
        // As Linux: the bytes before an unreadable page still go out.
        let len = ctx
            .user()
            .accessible(from, (count - done).min(CHUNK), false);
        if len == 0 {
            return if done > 0 {
                Ok(done)
            } else {
                Err(Errno::EFAULT)
            };
        }
        if let Err(error) = ctx.user().copy_in(from, &mut chunk[..len]) {
            // As Linux: a fault after some bytes went out reports those bytes.
            return if done > 0 { Ok(done) } else { Err(error) };
        }
        let step = &chunk[..len];
        let written =
            match super::io::blocking(ctx, &file, PollEvents::WRITABLE, || file.write(step)) {
                Ok(written) => written,
                Err(Errno::EPIPE) => {
                    // A broken pipe or socket: SIGPIPE to the writer, as Linux's pipe_write.
                    ctx.raise_sigpipe();
                    return if done > 0 {
                        Ok(done)
                    } else {
                        Err(Errno::EPIPE)
                    };
                }
                Err(_) if done > 0 => return Ok(done),
                Err(error) => return Err(error),
            };
        done += written;
        if written < len {
            break;
        }
    }
    Ok(done)
}

/// `read(fd, buf, count)`.
pub fn read(
    ctx: &dyn SyscallContext,
    fd: Fd,
    buf: UserPtr<u8>,
    count: u64,
) -> Result<usize, Errno> {
    let file = ctx.files().get(fd)?;
    let count = (count as usize).min(MAX_RW_COUNT);
    if let Some(result) = read_from_page_cache(ctx, &file, buf, count) {
        return result;
    }
    let mut chunk = vec![0u8; count.min(CHUNK)];
    let mut done = 0;
    while done < count {
        let to = buf.addr.checked_add(done as u64).ok_or(Errno::EFAULT)?;
        // As Linux: a read fills the buffer up to its first unwritable page, and takes no
        // more than that from the file.
        let len = ctx.user().accessible(to, (count - done).min(CHUNK), true);
        if len == 0 {
            return if done > 0 {
                Ok(done)
            } else {
                Err(Errno::EFAULT)
            };
        }
        let step = &mut chunk[..len];
        let got = match if done == 0 {
            super::io::blocking(ctx, &file, PollEvents::READABLE, || file.read(step))
        } else {
            file.read(step)
        } {
            Ok(got) => got,
            Err(Errno::EAGAIN) if done > 0 => return Ok(done),
            Err(_) if done > 0 => return Ok(done),
            Err(error) => return Err(error),
        };
        ctx.user().copy_out(
            buf.addr.checked_add(done as u64).ok_or(Errno::EFAULT)?,
            &chunk[..got],
        )?;
        done += got;
        if got < len {
            break;
        }
    }
    Ok(done)
}

/// `read` of a file with a page cache: straight from its frames into the user's pages, one
/// copy, as Linux's `filemap_read`. Like a buffered read it stops at the first byte that
/// cannot be written (`EFAULT` if that is the first), having taken only what was copied.
fn read_from_page_cache(
    ctx: &dyn SyscallContext,
    file: &Arc<dyn File>,
    buf: UserPtr<u8>,
    count: usize,
) -> Option<Result<usize, Errno>> {
    let mut at = buf.addr;
    let mut faulted = false;
    let result = file.read_pages(count, &mut |piece| {
        let copied = ctx.user().copy_out_piece(at, piece);
        faulted |= copied < piece.len;
        match at.checked_add(copied as u64) {
            Some(next) => {
                at = next;
                copied
            }
            None => 0,
        }
    })?;
    Some(match result {
        Ok(0) if faulted => Err(Errno::EFAULT),
        other => other,
    })
}
