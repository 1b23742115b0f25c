//! Resource limits: `getrlimit`, `setrlimit`, `prlimit64` over `struct rlimit64`.

use crate::args::UserPtr;
use crate::context::{SyscallContext, UserBytes};
use kernel_core::Errno;

/// Linux's `struct rlimit64`: two 64-bit values.
pub struct Rlimit(pub u64, pub u64);

impl UserBytes for Rlimit {
    fn with_bytes<R>(&self, write: impl FnOnce(&[u8]) -> R) -> R {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.0.to_le_bytes());
        bytes[8..].copy_from_slice(&self.1.to_le_bytes());
        write(&bytes)
    }
}

/// Reads a `struct rlimit` from user memory.
fn read_limit(ctx: &dyn SyscallContext, at: UserPtr<Rlimit>) -> Result<(u64, u64), Errno> {
    let mut bytes = [0u8; 16];
    ctx.user().copy_in(at.addr, &mut bytes)?;
    let mut soft = [0u8; 8];
    let mut hard = [0u8; 8];
    soft.copy_from_slice(&bytes[..8]);
    hard.copy_from_slice(&bytes[8..]);
    Ok((u64::from_le_bytes(soft), u64::from_le_bytes(hard)))
}

/// `prlimit64(pid, resource, new, old)`: the old limits are read before the new ones apply.
pub fn prlimit64(
    ctx: &dyn SyscallContext,
    pid: i32,
    resource: u32,
    new: UserPtr<Rlimit>,
    old: UserPtr<Rlimit>,
) -> Result<usize, Errno> {
    let new = if new.is_null() {
        None
    } else {
        Some(read_limit(ctx, new)?)
    };
    let (soft, hard) = match ctx.process_calls() {
        Some(calls) => calls.prlimit(pid, resource, new)?,
        None => {
            if pid != 0 && pid as u32 != ctx.process().pid() {
                return Err(Errno::ESRCH);
            }
            if new.is_some() {
                return Err(Errno::EPERM);
            }
            ctx.process().rlimit(resource)?
        }
    };
    if !old.is_null() {
        crate::context::write_user(ctx, old, &Rlimit(soft, hard))?;
    }
    Ok(0)
}

/// `getrlimit(resource, rlim)`.
pub fn getrlimit(
    ctx: &dyn SyscallContext,
    resource: u32,
    rlim: UserPtr<Rlimit>,
) -> Result<usize, Errno> {
    prlimit64(ctx, 0, resource, UserPtr::new(0), rlim)
}

/// `setrlimit(resource, rlim)`.
pub fn setrlimit(
    ctx: &dyn SyscallContext,
    resource: u32,
    rlim: UserPtr<Rlimit>,
) -> Result<usize, Errno> {
    if rlim.is_null() {
        return Err(Errno::EFAULT);
    }
    prlimit64(ctx, 0, resource, rlim, UserPtr::new(0))
}
