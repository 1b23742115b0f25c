//! `struct sockaddr_un` in and out: path names become VFS socket inodes, abstract names stay
//! names.

use crate::args::UserPtr;
use crate::context::{path_lookup, SyscallContext, AT_FDCWD};
use alloc::vec::Vec;
use kernel_core::services::events::{SocketKey, AF_UNIX};
use kernel_core::services::vfs::{mode, AtFlags};
use kernel_core::Errno;

/// `offsetof(struct sockaddr_un, sun_path)`.
const PATH_OFFSET: usize = 2;
/// `sizeof(struct sockaddr_un)`.
const SOCKADDR_UN_SIZE: usize = 110;

/// A parsed address: the name as `getsockname` reports it and whether it is abstract.
pub(super) struct Address {
    /// `sun_path` bytes up to the NUL (abstract names keep their leading NUL).
    pub name: Vec<u8>,
    /// An abstract-namespace name.
    pub is_abstract: bool,
}

/// Reads a `sockaddr_un` of `len` bytes; `EINVAL` if too short, too long or not `AF_UNIX`.
pub(super) fn read(ctx: &dyn SyscallContext, at: UserPtr<u8>, len: u32) -> Result<Address, Errno> {
    let len = len as usize;
    if !(PATH_OFFSET..=SOCKADDR_UN_SIZE).contains(&len) {
        return Err(Errno::EINVAL);
    }
    let mut bytes = alloc::vec![0u8; len];
    ctx.user().copy_in(at.addr, &mut bytes)?;
    if u16::from_le_bytes([bytes[0], bytes[1]]) != AF_UNIX as u16 {
        return Err(Errno::EINVAL);
    }
    let path = &bytes[PATH_OFFSET..];
    if path.first() == Some(&0) {
        return Ok(Address {
            name: path.to_vec(),
            is_abstract: true,
        });
    }
    let end = path.iter().position(|b| *b == 0).unwrap_or(path.len());
    if end == 0 {
        return Err(Errno::EINVAL);
    }
    Ok(Address {
        name: path[..end].to_vec(),
        is_abstract: false,
    })
}

/// The key of an existing socket at `address` (connect, sendto): `ENOENT` when the path does
/// not exist, `ECONNREFUSED` when it is not a socket.
pub(super) fn key_of(ctx: &dyn SyscallContext, address: &Address) -> Result<SocketKey, Errno> {
    if address.is_abstract {
        return Ok(SocketKey::Abstract(address.name[1..].to_vec()));
    }
    let lookup = path_lookup(ctx, AT_FDCWD, &address.name)?;
    let metadata = ctx
        .fs()
        .vfs()
        .stat(&lookup.borrow(), &address.name, AtFlags::empty())?;
    if metadata.mode & mode::S_IFMT != mode::S_IFSOCK {
        return Err(Errno::ECONNREFUSED);
    }
    Ok(SocketKey::Node(metadata.dev, metadata.ino))
}

/// Creates the socket inode of `address` (bind): `EADDRINUSE` if the name exists.
pub(super) fn create(ctx: &dyn SyscallContext, address: &Address) -> Result<SocketKey, Errno> {
    if address.is_abstract {
        return Ok(SocketKey::Abstract(address.name[1..].to_vec()));
    }
    let lookup = path_lookup(ctx, AT_FDCWD, &address.name)?;
    let permissions = 0o777 & !lookup.umask;
    match ctx.fs().vfs().mknod(
        &lookup.borrow(),
        &address.name,
        mode::S_IFSOCK | permissions,
        Default::default(),
    ) {
        Err(Errno::EEXIST) => return Err(Errno::EADDRINUSE),
        other => other?,
    }
    key_of(ctx, address)
}

/// Writes `sockaddr_un` for `name` to `at`, truncated to `*addrlen`, and the full length to
/// `addrlen` (Linux: 2 + the name + its NUL for a path name, 2 when unnamed).
pub(super) fn write(
    ctx: &dyn SyscallContext,
    name: &[u8],
    at: UserPtr<u8>,
    addrlen: UserPtr<u8>,
) -> Result<(), Errno> {
    if at.is_null() || addrlen.is_null() {
        return Ok(());
    }
    let mut len_bytes = [0u8; 4];
    ctx.user().copy_in(addrlen.addr, &mut len_bytes)?;
    let room = i32::from_le_bytes(len_bytes);
    if room < 0 {
        return Err(Errno::EINVAL);
    }
    let mut bytes = Vec::with_capacity(PATH_OFFSET + name.len() + 1);
    bytes.extend_from_slice(&(AF_UNIX as u16).to_le_bytes());
    bytes.extend_from_slice(name);
    if !name.is_empty() && name[0] != 0 {
        bytes.push(0);
    }
    let count = bytes.len().min(room as usize);
    ctx.user().copy_out(at.addr, &bytes[..count])?;
    ctx.user()
        .copy_out(addrlen.addr, &(bytes.len() as u32).to_le_bytes())
}
