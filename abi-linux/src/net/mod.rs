//! `AF_UNIX` sockets: `socket`, `socketpair`, `bind`, `listen`, `accept4`, `connect`, the send
//! and receive calls, `shutdown`, names and options.

mod address;
mod message;
mod setup;

pub use message::{recvfrom, recvmsg, sendmsg, sendto};
pub use setup::{
    accept, accept4, bind, connect, getpeername, getsockname, getsockopt, listen, setsockopt,
    shutdown, socket, socketpair,
};

use crate::args::Fd;
use crate::context::SyscallContext;
use alloc::sync::Arc;
use kernel_core::services::vfs::{File, OpenFlags, PollEvents};
use kernel_core::Errno;

/// The socket behind `fd`: `EBADF` without a file, `ENOTSOCK` for another kind of file.
fn socket_file(ctx: &dyn SyscallContext, fd: Fd) -> Result<Arc<dyn File>, Errno> {
    let file = ctx.files().get(fd)?;
    file.as_socket().ok_or(Errno::ENOTSOCK)?;
    Ok(file)
}

/// Runs `op` until it stops returning `EAGAIN`, sleeping for `interest` unless the file is
/// non-blocking or `dontwait`.
fn blocking<R>(
    ctx: &dyn SyscallContext,
    file: &Arc<dyn File>,
    interest: PollEvents,
    dontwait: bool,
    mut op: impl FnMut() -> Result<R, Errno>,
) -> Result<R, Errno> {
    loop {
        match op() {
            Err(Errno::EAGAIN)
                if !dontwait && !file.status_flags().contains(OpenFlags::O_NONBLOCK) =>
            {
                ctx.wait_ready(file, interest)?
            }
            other => return other,
        }
    }
}
