//! Identity and working-directory syscalls: the credentials of the process table and the
//! process's file-system view.

use crate::args::UserPtr;
use crate::context::SyscallContext;
use kernel_core::Errno;

/// Which of the caller's ids [`SyscallContext::ids`] returns, by index.
const UID: usize = 0;
const EUID: usize = 1;
const GID: usize = 2;
const EGID: usize = 3;

/// `getuid()`.
pub fn getuid(ctx: &dyn SyscallContext) -> Result<usize, Errno> {
    Ok(ctx.ids()?[UID] as usize)
}

/// `geteuid()`.
pub fn geteuid(ctx: &dyn SyscallContext) -> Result<usize, Errno> {
    Ok(ctx.ids()?[EUID] as usize)
}

/// `getgid()`.
pub fn getgid(ctx: &dyn SyscallContext) -> Result<usize, Errno> {
    Ok(ctx.ids()?[GID] as usize)
}

/// `getegid()`.
pub fn getegid(ctx: &dyn SyscallContext) -> Result<usize, Errno> {
    Ok(ctx.ids()?[EGID] as usize)
}

/// `setuid(uid)`: Linux's rules (privileged: all ids; else the effective id only).
pub fn setuid(ctx: &dyn SyscallContext, uid: u32) -> Result<usize, Errno> {
    ctx.set_id(false, uid).map(|()| 0)
}

/// `setgid(gid)`.
pub fn setgid(ctx: &dyn SyscallContext, gid: u32) -> Result<usize, Errno> {
    ctx.set_id(true, gid).map(|()| 0)
}

/// `getcwd(buf, size)`: the working directory's path with its NUL; returns its length
/// (with the NUL) as the raw syscall does; `ERANGE` if it does not fit.
pub fn getcwd(ctx: &dyn SyscallContext, buf: UserPtr<u8>, size: u64) -> Result<usize, Errno> {
    let mut path = ctx.cwd_path()?;
    path.push(0);
    if path.len() as u64 > size {
        return Err(Errno::ERANGE);
    }
    ctx.user().copy_out(buf.addr, &path)?;
    Ok(path.len())
}

/// `chdir(path)`.
pub fn chdir(ctx: &dyn SyscallContext, path: UserPtr<u8>) -> Result<usize, Errno> {
    let path = crate::context::read_path(ctx, path)?;
    ctx.chdir(&path).map(|()| 0)
}

/// The textual path `chdir(path)` leads to from `cwd` (absolute, `.` and `..` folded, no
/// symbolic links resolved: a lexical approximation of the kernel's dentry walk).
pub fn join_cwd(cwd: &[u8], path: &[u8]) -> alloc::vec::Vec<u8> {
    let mut parts: alloc::vec::Vec<&[u8]> = alloc::vec::Vec::new();
    let start: &[u8] = if path.first() == Some(&b'/') {
        b""
    } else {
        cwd
    };
    for part in start
        .split(|&b| b == b'/')
        .chain(path.split(|&b| b == b'/'))
    {
        match part {
            b"" | b"." => {}
            b".." => {
                parts.pop();
            }
            name => parts.push(name),
        }
    }
    let mut joined = alloc::vec::Vec::new();
    for part in &parts {
        joined.push(b'/');
        joined.extend_from_slice(part);
    }
    if joined.is_empty() {
        joined.push(b'/');
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::join_cwd;

    #[test]
    fn relative_absolute_dot_and_dotdot_paths_fold_like_a_walk() {
        assert_eq!(join_cwd(b"/", b"bin"), b"/bin");
        assert_eq!(join_cwd(b"/usr/lib", b"../bin/"), b"/usr/bin");
        assert_eq!(join_cwd(b"/usr", b"/etc/./x/.."), b"/etc");
        assert_eq!(join_cwd(b"/a", b"../../.."), b"/");
        assert_eq!(join_cwd(b"/a//b", b"."), b"/a/b");
    }
}
