//! Moving data: `sendto`, `recvfrom`, `sendmsg`, `recvmsg` (with `SCM_RIGHTS`).

use super::{address, blocking, socket_file};
use crate::args::{Fd, UserPtr};
use crate::context::SyscallContext;
use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;
use kernel_core::services::events::{MessageFlags, Received, SocketKey};
use kernel_core::services::vfs::{File, PollEvents};
use kernel_core::Errno;

const MSG_PEEK: u32 = 0x2;
const MSG_CTRUNC: u32 = 0x8;
const MSG_TRUNC: u32 = 0x20;
const MSG_DONTWAIT: u32 = 0x40;
const MSG_NOSIGNAL: u32 = 0x4000;
const MSG_CMSG_CLOEXEC: u32 = 0x4000_0000;
/// `SOL_SOCKET` / `SCM_RIGHTS`.
const SOL_SOCKET: i32 = 1;
const SCM_RIGHTS: i32 = 1;
/// `sizeof(struct cmsghdr)`: `u64 len; i32 level; i32 type`.
const CMSG_HEADER: usize = 16;
/// The most bytes one send takes.
const MAX_MESSAGE: usize = 1 << 20;
/// `sizeof(struct msghdr)` on AArch64.
const MSGHDR_SIZE: usize = 56;

fn word(bytes: &[u8], at: usize) -> u64 {
    let mut raw = [0u8; 8];
    raw.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(raw)
}

/// Sends `data` (and `rights`) on `fd` to `to`; SIGPIPE on `EPIPE` unless `MSG_NOSIGNAL`.
fn send(
    ctx: &dyn SyscallContext,
    fd: Fd,
    data: &[u8],
    rights: Vec<Arc<dyn File>>,
    to: Option<SocketKey>,
    flags: u32,
) -> Result<usize, Errno> {
    let file = socket_file(ctx, fd)?;
    let socket = file.as_socket().ok_or(Errno::ENOTSOCK)?;
    let dontwait = flags & MSG_DONTWAIT != 0;
    let message_flags = MessageFlags {
        peek: false,
        nonblocking: dontwait,
    };
    let result = blocking(ctx, &file, PollEvents::WRITABLE, dontwait, || {
        socket.send(data, rights.clone(), to.as_ref(), message_flags)
    });
    if result == Err(Errno::EPIPE) && flags & MSG_NOSIGNAL == 0 {
        ctx.raise_sigpipe();
    }
    result
}

/// Receives on `fd` into a buffer of `len` bytes.
fn receive(
    ctx: &dyn SyscallContext,
    fd: Fd,
    len: usize,
    flags: u32,
) -> Result<(Vec<u8>, Received), Errno> {
    let file = socket_file(ctx, fd)?;
    let socket = file.as_socket().ok_or(Errno::ENOTSOCK)?;
    let dontwait = flags & MSG_DONTWAIT != 0;
    let message_flags = MessageFlags {
        peek: flags & MSG_PEEK != 0,
        nonblocking: dontwait,
    };
    let mut buffer = vec![0u8; len.min(MAX_MESSAGE)];
    let received = blocking(ctx, &file, PollEvents::READABLE, dontwait, || {
        socket.receive(&mut buffer, message_flags)
    })?;
    Ok((buffer, received))
}

/// The destination of a send, if an address is given.
fn destination(
    ctx: &dyn SyscallContext,
    addr: UserPtr<u8>,
    addrlen: u32,
) -> Result<Option<SocketKey>, Errno> {
    if addr.is_null() {
        return Ok(None);
    }
    let address = address::read(ctx, addr, addrlen)?;
    address::key_of(ctx, &address).map(Some)
}

/// `sendto(fd, buf, len, flags, dest_addr, addrlen)`.
pub fn sendto(
    ctx: &dyn SyscallContext,
    fd: Fd,
    buf: UserPtr<u8>,
    len: u64,
    flags: u32,
    dest_addr: UserPtr<u8>,
    addrlen: u32,
) -> Result<usize, Errno> {
    socket_file(ctx, fd)?;
    let mut data = vec![0u8; (len as usize).min(MAX_MESSAGE)];
    ctx.user().copy_in(buf.addr, &mut data)?;
    let to = destination(ctx, dest_addr, addrlen)?;
    send(ctx, fd, &data, Vec::new(), to, flags)
}

/// `recvfrom(fd, buf, len, flags, src_addr, addrlen)`.
pub fn recvfrom(
    ctx: &dyn SyscallContext,
    fd: Fd,
    buf: UserPtr<u8>,
    len: u64,
    flags: u32,
    src_addr: UserPtr<u8>,
    addrlen: UserPtr<u8>,
) -> Result<usize, Errno> {
    let (buffer, received) = receive(ctx, fd, len as usize, flags)?;
    ctx.user().copy_out(buf.addr, &buffer[..received.len])?;
    if !src_addr.is_null() {
        address::write(ctx, &received.from.unwrap_or_default(), src_addr, addrlen)?;
    }
    Ok(if flags & MSG_TRUNC != 0 {
        received.full_len
    } else {
        received.len
    })
}

/// The `(base, len)` pairs of a `struct iovec` array.
fn iovecs(ctx: &dyn SyscallContext, at: u64, count: u64) -> Result<Vec<(u64, usize)>, Errno> {
    if count > 1024 {
        return Err(Errno::EMSGSIZE);
    }
    let mut bytes = vec![0u8; count as usize * 16];
    ctx.user()
        .copy_in(UserPtr::<u8>::new(at).addr, &mut bytes)?;
    Ok(bytes
        .chunks_exact(16)
        .map(|entry| (word(entry, 0), word(entry, 8) as usize))
        .collect())
}

/// `sendmsg(fd, msg, flags)`.
pub fn sendmsg(
    ctx: &dyn SyscallContext,
    fd: Fd,
    msg: UserPtr<u8>,
    flags: u32,
) -> Result<usize, Errno> {
    socket_file(ctx, fd)?;
    let mut header = [0u8; MSGHDR_SIZE];
    ctx.user().copy_in(msg.addr, &mut header)?;
    let mut data = Vec::new();
    for (base, len) in iovecs(ctx, word(&header, 16), word(&header, 24))? {
        // At most MAX_MESSAGE bytes in all (Linux caps a message at its socket buffer).
        let start = data.len();
        data.resize(start + len.min(MAX_MESSAGE - start), 0);
        ctx.user()
            .copy_in(UserPtr::<u8>::new(base).addr, &mut data[start..])?;
    }
    let mut rights = Vec::new();
    let (control, control_len) = (word(&header, 32), word(&header, 40) as usize);
    if control != 0 && control_len > 0 {
        let mut bytes = vec![0u8; control_len.min(4096)];
        ctx.user()
            .copy_in(UserPtr::<u8>::new(control).addr, &mut bytes)?;
        let mut at = 0;
        while at + CMSG_HEADER <= bytes.len() {
            let len = word(&bytes, at) as usize;
            if len < CMSG_HEADER || at + len > bytes.len() {
                return Err(Errno::EINVAL);
            }
            let level =
                i32::from_le_bytes([bytes[at + 8], bytes[at + 9], bytes[at + 10], bytes[at + 11]]);
            let kind = i32::from_le_bytes([
                bytes[at + 12],
                bytes[at + 13],
                bytes[at + 14],
                bytes[at + 15],
            ]);
            if level == SOL_SOCKET && kind == SCM_RIGHTS {
                for fd in bytes[at + CMSG_HEADER..at + len].chunks_exact(4) {
                    let fd = i32::from_le_bytes([fd[0], fd[1], fd[2], fd[3]]);
                    rights.push(
                        ctx.files()
                            .get(Fd(u32::try_from(fd).map_err(|_| Errno::EBADF)?))?,
                    );
                }
            } else {
                return Err(Errno::EINVAL);
            }
            at += len.div_ceil(8) * 8;
        }
    }
    let name_len = u32::from_le_bytes([header[8], header[9], header[10], header[11]]);
    let to = destination(ctx, UserPtr::new(word(&header, 0)), name_len)?;
    send(ctx, fd, &data, rights, to, flags)
}

/// `recvmsg(fd, msg, flags)`: descriptions passed with `SCM_RIGHTS` are installed and
/// reported in one control message (`MSG_CTRUNC` when it does not fit).
pub fn recvmsg(
    ctx: &dyn SyscallContext,
    fd: Fd,
    msg: UserPtr<u8>,
    flags: u32,
) -> Result<usize, Errno> {
    socket_file(ctx, fd)?;
    let mut header = [0u8; MSGHDR_SIZE];
    ctx.user().copy_in(msg.addr, &mut header)?;
    let vectors = iovecs(ctx, word(&header, 16), word(&header, 24))?;
    let total: usize = vectors.iter().map(|(_, len)| *len).sum();
    let (buffer, received) = receive(ctx, fd, total, flags)?;
    let mut done = 0;
    for (base, len) in vectors {
        let count = len.min(received.len - done);
        ctx.user()
            .copy_out(UserPtr::<u8>::new(base).addr, &buffer[done..done + count])?;
        done += count;
    }
    let mut message_flags = 0;
    if received.full_len > received.len {
        message_flags |= MSG_TRUNC;
    }
    let (control, room) = (word(&header, 32), word(&header, 40) as usize);
    let mut used = 0;
    if !received.rights.is_empty() {
        let needed = CMSG_HEADER + 4 * received.rights.len();
        if control == 0 || room < needed {
            message_flags |= MSG_CTRUNC;
        } else {
            let mut bytes = Vec::with_capacity(needed);
            bytes.extend_from_slice(&(needed as u64).to_le_bytes());
            bytes.extend_from_slice(&SOL_SOCKET.to_le_bytes());
            bytes.extend_from_slice(&SCM_RIGHTS.to_le_bytes());
            for file in received.rights {
                let installed = ctx.files().install(file, flags & MSG_CMSG_CLOEXEC != 0)?;
                bytes.extend_from_slice(&installed.to_le_bytes());
            }
            ctx.user()
                .copy_out(UserPtr::<u8>::new(control).addr, &bytes)?;
            used = needed.div_ceil(8) * 8;
            used = used.min(room);
        }
    }
    let name = word(&header, 0);
    if name != 0 {
        let from = received.from.unwrap_or_default();
        let mut bytes = Vec::new();
        bytes.extend_from_slice(&1u16.to_le_bytes());
        bytes.extend_from_slice(&from);
        if !from.is_empty() && from[0] != 0 {
            bytes.push(0);
        }
        let room = u32::from_le_bytes([header[8], header[9], header[10], header[11]]) as usize;
        ctx.user().copy_out(
            UserPtr::<u8>::new(name).addr,
            &bytes[..bytes.len().min(room)],
        )?;
        header[8..12].copy_from_slice(&(bytes.len() as u32).to_le_bytes());
    }
    header[40..48].copy_from_slice(&(used as u64).to_le_bytes());
    header[48..52].copy_from_slice(&message_flags.to_le_bytes());
    ctx.user().copy_out(msg.addr, &header)?;
    Ok(if flags & MSG_TRUNC != 0 {
        received.full_len
    } else {
        received.len
    })
}
