//! Making, naming and connecting sockets: `socket`, `socketpair`, `bind`, `listen`,
//! `accept4`, `connect`, `shutdown`, `getsockname`, `getpeername`, `getsockopt`,
//! `setsockopt`.

use super::{address, blocking, socket_file};
use crate::args::{Fd, UserPtr};
use crate::context::SyscallContext;
use kernel_core::services::events::{SocketService, AF_UNIX, CLOEXEC, NONBLOCK};
use kernel_core::services::vfs::{OpenFlags, PollEvents};
use kernel_core::Errno;

/// `SOCK_MAX`: socket types at or above it are `EINVAL`.
const SOCK_MAX: i32 = 11;
/// The address families Linux knows but Lichen does not serve (`AF_INET`, `AF_INET6`).
const AF_INET: i32 = 2;
const AF_INET6: i32 = 10;
/// `NPROTO`: families at or above it are `EAFNOSUPPORT`.
const NPROTO: i32 = 46;
/// `SOL_SOCKET`.
const SOL_SOCKET: i32 = 1;

/// Splits `type` into the socket type and its `SOCK_NONBLOCK`/`SOCK_CLOEXEC` flags.
fn split_type(kind: i32) -> Result<(i32, u32), Errno> {
    let flags = (kind as u32) & !0xf;
    if flags & !(NONBLOCK | CLOEXEC) != 0 {
        return Err(Errno::EINVAL);
    }
    Ok((kind & 0xf, flags))
}

/// The socket service for `domain`, after Linux's checks of domain, type and protocol.
fn service(
    ctx: &dyn SyscallContext,
    domain: i32,
    kind: i32,
    protocol: i32,
) -> Result<&dyn SocketService, Errno> {
    if !(0..NPROTO).contains(&domain) {
        return Err(Errno::EAFNOSUPPORT);
    }
    if !(0..SOCK_MAX).contains(&kind) {
        return Err(Errno::EINVAL);
    }
    if domain != AF_UNIX {
        return Err(Errno::EAFNOSUPPORT);
    }
    if protocol != 0 && protocol != AF_UNIX {
        return Err(Errno::EPROTONOSUPPORT);
    }
    ctx.sockets().ok_or(Errno::EAFNOSUPPORT)
}

/// `socket(domain, type, protocol)`.
pub fn socket(
    ctx: &dyn SyscallContext,
    domain: i32,
    kind: i32,
    protocol: i32,
) -> Result<usize, Errno> {
    let (kind, flags) = split_type(kind)?;
    let file = service(ctx, domain, kind, protocol)?.socket(kind, flags & NONBLOCK != 0)?;
    ctx.files()
        .install(file, flags & CLOEXEC != 0)
        .map(|fd| fd as usize)
}

/// `socketpair(domain, type, protocol, sv)`.
pub fn socketpair(
    ctx: &dyn SyscallContext,
    domain: i32,
    kind: i32,
    protocol: i32,
    sv: UserPtr<u8>,
) -> Result<usize, Errno> {
    let (kind, flags) = split_type(kind)?;
    if (domain == AF_INET || domain == AF_INET6) && (0..SOCK_MAX).contains(&kind) {
        return Err(Errno::EOPNOTSUPP);
    }
    let (first, second) =
        service(ctx, domain, kind, protocol)?.pair(kind, flags & NONBLOCK != 0)?;
    let cloexec = flags & CLOEXEC != 0;
    let files = ctx.files();
    let first = files.install(first, cloexec)?;
    let second = match files.install(second, cloexec) {
        Ok(fd) => fd,
        Err(error) => {
            let _ = files.close(Fd(first));
            return Err(error);
        }
    };
    let mut bytes = [0u8; 8];
    bytes[..4].copy_from_slice(&first.to_le_bytes());
    bytes[4..].copy_from_slice(&second.to_le_bytes());
    if let Err(error) = ctx.user().copy_out(sv.addr, &bytes) {
        let _ = files.close(Fd(first));
        let _ = files.close(Fd(second));
        return Err(error);
    }
    Ok(0)
}

/// `bind(fd, addr, addrlen)`: a path name becomes a socket inode in the VFS.
pub fn bind(
    ctx: &dyn SyscallContext,
    fd: Fd,
    addr: UserPtr<u8>,
    addrlen: u32,
) -> Result<usize, Errno> {
    let file = socket_file(ctx, fd)?;
    let address = address::read(ctx, addr, addrlen)?;
    let key = address::create(ctx, &address)?;
    file.as_socket()
        .ok_or(Errno::ENOTSOCK)?
        .bind(key, address.name)?;
    Ok(0)
}

/// `listen(fd, backlog)`.
pub fn listen(ctx: &dyn SyscallContext, fd: Fd, backlog: i32) -> Result<usize, Errno> {
    let file = socket_file(ctx, fd)?;
    file.as_socket().ok_or(Errno::ENOTSOCK)?.listen(backlog)?;
    Ok(0)
}

/// `accept(fd, addr, addrlen)`: `accept4` without flags.
pub fn accept(
    ctx: &dyn SyscallContext,
    fd: Fd,
    addr: UserPtr<u8>,
    addrlen: UserPtr<u8>,
) -> Result<usize, Errno> {
    accept4(ctx, fd, addr, addrlen, 0)
}

/// `accept4(fd, addr, addrlen, flags)`.
pub fn accept4(
    ctx: &dyn SyscallContext,
    fd: Fd,
    addr: UserPtr<u8>,
    addrlen: UserPtr<u8>,
    flags: u32,
) -> Result<usize, Errno> {
    if flags & !(NONBLOCK | CLOEXEC) != 0 {
        return Err(Errno::EINVAL);
    }
    let file = socket_file(ctx, fd)?;
    let socket = file.as_socket().ok_or(Errno::ENOTSOCK)?;
    let connection = blocking(ctx, &file, PollEvents::READABLE, false, || socket.accept())?;
    if flags & NONBLOCK != 0 {
        connection.set_status_flags(connection.status_flags() | OpenFlags::O_NONBLOCK);
    }
    let peer = connection
        .as_socket()
        .map(|s| s.peer_name().unwrap_or_default())
        .unwrap_or_default();
    address::write(ctx, &peer, addr, addrlen)?;
    ctx.files()
        .install(connection, flags & CLOEXEC != 0)
        .map(|fd| fd as usize)
}

/// `connect(fd, addr, addrlen)`.
pub fn connect(
    ctx: &dyn SyscallContext,
    fd: Fd,
    addr: UserPtr<u8>,
    addrlen: u32,
) -> Result<usize, Errno> {
    let file = socket_file(ctx, fd)?;
    let address = address::read(ctx, addr, addrlen)?;
    let key = address::key_of(ctx, &address)?;
    let socket = file.as_socket().ok_or(Errno::ENOTSOCK)?;
    blocking(ctx, &file, PollEvents::WRITABLE, false, || {
        socket.connect(&key)
    })?;
    Ok(0)
}

/// `shutdown(fd, how)`.
pub fn shutdown(ctx: &dyn SyscallContext, fd: Fd, how: i32) -> Result<usize, Errno> {
    let file = socket_file(ctx, fd)?;
    file.as_socket().ok_or(Errno::ENOTSOCK)?.shutdown(how)?;
    Ok(0)
}

/// `getsockname(fd, addr, addrlen)`.
pub fn getsockname(
    ctx: &dyn SyscallContext,
    fd: Fd,
    addr: UserPtr<u8>,
    addrlen: UserPtr<u8>,
) -> Result<usize, Errno> {
    let file = socket_file(ctx, fd)?;
    let name = file.as_socket().ok_or(Errno::ENOTSOCK)?.local_name();
    address::write(ctx, &name, addr, addrlen)?;
    Ok(0)
}

/// `getpeername(fd, addr, addrlen)`.
pub fn getpeername(
    ctx: &dyn SyscallContext,
    fd: Fd,
    addr: UserPtr<u8>,
    addrlen: UserPtr<u8>,
) -> Result<usize, Errno> {
    let file = socket_file(ctx, fd)?;
    let name = file.as_socket().ok_or(Errno::ENOTSOCK)?.peer_name()?;
    address::write(ctx, &name, addr, addrlen)?;
    Ok(0)
}

/// `getsockopt(fd, level, optname, optval, optlen)`: the `SOL_SOCKET` integers.
pub fn getsockopt(
    ctx: &dyn SyscallContext,
    fd: Fd,
    level: i32,
    optname: i32,
    optval: UserPtr<u8>,
    optlen: UserPtr<u8>,
) -> Result<usize, Errno> {
    let file = socket_file(ctx, fd)?;
    let socket = file.as_socket().ok_or(Errno::ENOTSOCK)?;
    let mut len_bytes = [0u8; 4];
    ctx.user().copy_in(optlen.addr, &mut len_bytes)?;
    let len = i32::from_le_bytes(len_bytes);
    if len < 0 {
        return Err(Errno::EINVAL);
    }
    if level != SOL_SOCKET {
        return Err(Errno::EOPNOTSUPP);
    }
    let value: i32 = match optname {
        3 => socket.socket_type(),           // SO_TYPE
        30 => i32::from(socket.listening()), // SO_ACCEPTCONN
        7 | 8 => 212_992,                    // SO_SNDBUF, SO_RCVBUF
        39 => AF_UNIX,                       // SO_DOMAIN
        2 | 4 | 9 | 16 | 38 => 0,            // REUSEADDR, ERROR, KEEPALIVE, PASSCRED, PROTOCOL
        _ => return Err(Errno::ENOPROTOOPT),
    };
    let count = (len as usize).min(4);
    ctx.user()
        .copy_out(optval.addr, &value.to_le_bytes()[..count])?;
    ctx.user()
        .copy_out(optlen.addr, &(count as u32).to_le_bytes())?;
    Ok(0)
}

/// `setsockopt(fd, level, optname, optval, optlen)`: the common `SOL_SOCKET` options are
/// accepted and have no effect.
pub fn setsockopt(
    ctx: &dyn SyscallContext,
    fd: Fd,
    level: i32,
    optname: i32,
    _optval: UserPtr<u8>,
    _optlen: u32,
) -> Result<usize, Errno> {
    socket_file(ctx, fd)?;
    match (level, optname) {
        (SOL_SOCKET, 2 | 7 | 8 | 9 | 16 | 20 | 21) => Ok(0),
        (SOL_SOCKET, _) => Err(Errno::ENOPROTOOPT),
        _ => Err(Errno::EOPNOTSUPP),
    }
}
