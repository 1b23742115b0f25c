//! In-kernel copies between descriptors: `sendfile`, `copy_file_range`, `splice`, `tee`.
//! Bytes go through a bounded kernel buffer; the source offset advances only by what the
//! destination accepted, so nothing is lost when a pipe fills up.

use crate::args::{Fd, UserPtr};
use crate::context::SyscallContext;
use alloc::sync::Arc;
use alloc::vec;
use kernel_core::services::vfs::{File, FileType, OpenFlags, PollEvents, SeekWhence};
use kernel_core::Errno;

/// Bytes moved per step.
const CHUNK: usize = 64 * 1024;
/// Linux caps one transfer at `MAX_RW_COUNT`.
const MAX_RW_COUNT: u64 = 0x7fff_f000;

/// Where one side of a copy reads or writes: at an explicit offset, or at the description's.
#[derive(Clone, Copy)]
enum At {
    /// An offset given by the caller (the description's offset stays).
    Offset(i64),
    /// The description's own offset.
    Own,
}

fn is_pipe(file: &Arc<dyn File>) -> Result<bool, Errno> {
    Ok(file.metadata()?.file_type() == Some(FileType::Fifo))
}

fn read_loff(ctx: &dyn SyscallContext, at: UserPtr<i64>) -> Result<At, Errno> {
    if at.is_null() {
        return Ok(At::Own);
    }
    let mut bytes = [0u8; 8];
    ctx.user().copy_in(at.addr, &mut bytes)?;
    let offset = i64::from_le_bytes(bytes);
    if offset < 0 {
        return Err(Errno::EINVAL);
    }
    Ok(At::Offset(offset))
}

fn write_loff(ctx: &dyn SyscallContext, to: UserPtr<i64>, at: At) -> Result<(), Errno> {
    match at {
        At::Offset(offset) if !to.is_null() => ctx.user().copy_out(to.addr, &offset.to_le_bytes()),
        _ => Ok(()),
    }
}

/// Copies up to `len` bytes from `input` to `output`; returns the bytes moved and the final
/// explicit offsets. A pipe source is read (consumed); other sources are read at their
/// position and advanced by what was written.
fn transfer(
    ctx: &dyn SyscallContext,
    input: &Arc<dyn File>,
    mut in_at: At,
    output: &Arc<dyn File>,
    mut out_at: At,
    len: u64,
) -> Result<(usize, At, At), Errno> {
    if !input.status_flags().access().readable() || input.status_flags().contains(OpenFlags::O_PATH)
    {
        return Err(Errno::EBADF);
    }
    if !output.status_flags().access().writable() {
        return Err(Errno::EBADF);
    }
    let len = len.min(MAX_RW_COUNT) as usize;
    let input_is_pipe = is_pipe(input)?;
    let mut buffer = vec![0u8; len.min(CHUNK)];
    let mut done = 0usize;
    while done < len {
        let want = (len - done).min(CHUNK);
        let step = &mut buffer[..want];
        let got = if input_is_pipe {
            let read = if done == 0 {
                super::io::blocking(ctx, input, PollEvents::READABLE, || input.read(step))
            } else {
                input.read(step)
            };
            match read {
                Ok(got) => got,
                Err(_) if done > 0 => break,
                Err(error) => return Err(error),
            }
        } else {
            let position = match in_at {
                At::Offset(offset) => offset,
                At::Own => input.seek(0, SeekWhence::Current)? as i64,
            };
            match input.read_at(position, step) {
                Ok(got) => got,
                Err(_) if done > 0 => break,
                Err(error) => return Err(error),
            }
        };
        if got == 0 {
            break;
        }
        let bytes = &buffer[..got];
        let written = match out_at {
            At::Offset(offset) => output.write_at(offset, bytes),
            At::Own => {
                super::io::blocking(ctx, output, PollEvents::WRITABLE, || output.write(bytes))
            }
        };
        let written = match written {
            Ok(written) => written,
            Err(_) if done > 0 => break,
            Err(error) => return Err(error),
        };
        if !input_is_pipe {
            match &mut in_at {
                At::Offset(offset) => *offset = offset.saturating_add(written as i64),
                At::Own => {
                    input.seek(written as i64, SeekWhence::Current)?;
                }
            }
        }
        if let At::Offset(offset) = &mut out_at {
            *offset = offset.saturating_add(written as i64);
        }
        done += written;
        if written < got || got < want {
            break;
        }
    }
    Ok((done, in_at, out_at))
}

/// `sendfile(out_fd, in_fd, offset, count)`: with `offset`, reads there and updates it
/// (the input's own offset stays).
pub fn sendfile(
    ctx: &dyn SyscallContext,
    out_fd: Fd,
    in_fd: Fd,
    offset: UserPtr<i64>,
    count: u64,
) -> Result<usize, Errno> {
    let input = ctx.files().get(in_fd)?;
    let output = ctx.files().get(out_fd)?;
    if !input.status_flags().access().readable() || !output.status_flags().access().writable() {
        return Err(Errno::EBADF);
    }
    if output.status_flags().contains(OpenFlags::O_APPEND) {
        return Err(Errno::EINVAL);
    }
    let in_at = read_loff(ctx, offset)?;
    let (done, in_at, _) = transfer(ctx, &input, in_at, &output, At::Own, count)?;
    write_loff(ctx, offset, in_at)?;
    Ok(done)
}

/// `copy_file_range(fd_in, off_in, fd_out, off_out, len, flags)`: regular files only
/// (`EISDIR`, `EINVAL`); `flags` must be 0.
pub fn copy_file_range(
    ctx: &dyn SyscallContext,
    fd_in: Fd,
    off_in: UserPtr<i64>,
    fd_out: Fd,
    off_out: UserPtr<i64>,
    len: u64,
    flags: u32,
) -> Result<usize, Errno> {
    if flags != 0 {
        return Err(Errno::EINVAL);
    }
    let input = ctx.files().get(fd_in)?;
    let output = ctx.files().get(fd_out)?;
    if !input.status_flags().access().readable() || !output.status_flags().access().writable() {
        return Err(Errno::EBADF);
    }
    if output.status_flags().contains(OpenFlags::O_APPEND) {
        return Err(Errno::EBADF);
    }
    for file in [&input, &output] {
        match file.metadata()?.file_type() {
            Some(FileType::Regular) => {}
            Some(FileType::Directory) => return Err(Errno::EISDIR),
            _ => return Err(Errno::EINVAL),
        }
    }
    transfer_between_offsets(ctx, &input, off_in, &output, off_out, len)
}

/// `splice(fd_in, off_in, fd_out, off_out, len, flags)`: one side must be a pipe
/// (`EINVAL`), and a pipe side takes no offset (`ESPIPE`).
pub fn splice(
    ctx: &dyn SyscallContext,
    fd_in: Fd,
    off_in: UserPtr<i64>,
    fd_out: Fd,
    off_out: UserPtr<i64>,
    len: u64,
    _flags: u32,
) -> Result<usize, Errno> {
    let input = ctx.files().get(fd_in)?;
    let output = ctx.files().get(fd_out)?;
    if !input.status_flags().access().readable() || !output.status_flags().access().writable() {
        return Err(Errno::EBADF);
    }
    let (in_pipe, out_pipe) = (is_pipe(&input)?, is_pipe(&output)?);
    if !in_pipe && !out_pipe {
        return Err(Errno::EINVAL);
    }
    if (in_pipe && !off_in.is_null()) || (out_pipe && !off_out.is_null()) {
        return Err(Errno::ESPIPE);
    }
    if len == 0 {
        return Ok(0);
    }
    transfer_between_offsets(ctx, &input, off_in, &output, off_out, len)
}

/// `tee(fd_in, fd_out, len, flags)`: duplicates pipe data without consuming it; waits for
/// data (or room) unless `SPLICE_F_NONBLOCK` or a descriptor's `O_NONBLOCK`.
pub fn tee(
    ctx: &dyn SyscallContext,
    fd_in: Fd,
    fd_out: Fd,
    len: u64,
    flags: u32,
) -> Result<usize, Errno> {
    const SPLICE_F_NONBLOCK: u32 = 2;
    let input = ctx.files().get(fd_in)?;
    let output = ctx.files().get(fd_out)?;
    if !input.status_flags().access().readable() || !output.status_flags().access().writable() {
        return Err(Errno::EBADF);
    }
    if len == 0 {
        return Ok(0);
    }
    let len = len.min(MAX_RW_COUNT) as usize;
    loop {
        match ctx.fs().vfs().tee(&input, &output, len) {
            Err(Errno::EAGAIN)
                if flags & SPLICE_F_NONBLOCK == 0
                    && !input.status_flags().contains(OpenFlags::O_NONBLOCK) =>
            {
                if input
                    .poll(PollEvents::READABLE, None)
                    .intersects(PollEvents::READABLE)
                {
                    ctx.wait_ready(&output, PollEvents::WRITABLE)?;
                } else {
                    ctx.wait_ready(&input, PollEvents::READABLE)?;
                }
            }
            other => return other,
        }
    }
}

/// [`transfer`] with the offsets read from, and written back to, the user's `loff_t`s (a null
/// pointer: the description's own offset).
fn transfer_between_offsets(
    ctx: &dyn SyscallContext,
    input: &Arc<dyn File>,
    off_in: UserPtr<i64>,
    output: &Arc<dyn File>,
    off_out: UserPtr<i64>,
    len: u64,
) -> Result<usize, Errno> {
    let in_at = read_loff(ctx, off_in)?;
    let out_at = read_loff(ctx, off_out)?;
    let (done, in_at, out_at) = transfer(ctx, input, in_at, output, out_at, len)?;
    write_loff(ctx, off_in, in_at)?;
    write_loff(ctx, off_out, out_at)?;
    Ok(done)
}
