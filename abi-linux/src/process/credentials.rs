//! The `set*id`/`get*id` family beyond `setuid`/`setgid`, and supplementary groups.

use super::calls::CredentialChange;
use crate::args::UserPtr;
use crate::context::SyscallContext;
use alloc::vec::Vec;
use kernel_core::Errno;

/// `NGROUPS_MAX`.
const NGROUPS_MAX: usize = 65536;

fn change(ctx: &dyn SyscallContext, change: CredentialChange) -> Result<usize, Errno> {
    let calls = ctx.process_calls().ok_or(Errno::ENOSYS)?;
    calls.change_credentials(change).map(|value| value as usize)
}

/// Writes three ids to three user pointers.
fn put_three(
    ctx: &dyn SyscallContext,
    at: [UserPtr<u32>; 3],
    ids: [u32; 3],
) -> Result<usize, Errno> {
    for (pointer, id) in at.iter().zip(ids) {
        ctx.user().copy_out(pointer.addr, &id.to_le_bytes())?;
    }
    Ok(0)
}

/// `getresuid(ruid, euid, suid)`.
pub fn getresuid(
    ctx: &dyn SyscallContext,
    ruid: UserPtr<u32>,
    euid: UserPtr<u32>,
    suid: UserPtr<u32>,
) -> Result<usize, Errno> {
    let ids = ctx.process_calls().ok_or(Errno::ENOSYS)?.all_ids()?;
    put_three(ctx, [ruid, euid, suid], [ids[0], ids[1], ids[2]])
}

/// `getresgid(rgid, egid, sgid)`.
pub fn getresgid(
    ctx: &dyn SyscallContext,
    rgid: UserPtr<u32>,
    egid: UserPtr<u32>,
    sgid: UserPtr<u32>,
) -> Result<usize, Errno> {
    let ids = ctx.process_calls().ok_or(Errno::ENOSYS)?.all_ids()?;
    put_three(ctx, [rgid, egid, sgid], [ids[4], ids[5], ids[6]])
}

/// `setreuid(ruid, euid)`.
pub fn setreuid(ctx: &dyn SyscallContext, ruid: u32, euid: u32) -> Result<usize, Errno> {
    change(ctx, CredentialChange::SetReUid(ruid, euid))
}

/// `setregid(rgid, egid)`.
pub fn setregid(ctx: &dyn SyscallContext, rgid: u32, egid: u32) -> Result<usize, Errno> {
    change(ctx, CredentialChange::SetReGid(rgid, egid))
}

/// `setresuid(ruid, euid, suid)`.
pub fn setresuid(
    ctx: &dyn SyscallContext,
    ruid: u32,
    euid: u32,
    suid: u32,
) -> Result<usize, Errno> {
    change(ctx, CredentialChange::SetResUid(ruid, euid, suid))
}

/// `setresgid(rgid, egid, sgid)`.
pub fn setresgid(
    ctx: &dyn SyscallContext,
    rgid: u32,
    egid: u32,
    sgid: u32,
) -> Result<usize, Errno> {
    change(ctx, CredentialChange::SetResGid(rgid, egid, sgid))
}

/// `setfsuid(fsuid)`: the previous fsuid, whether or not it changed.
pub fn setfsuid(ctx: &dyn SyscallContext, fsuid: u32) -> Result<usize, Errno> {
    change(ctx, CredentialChange::SetFsUid(fsuid))
}

/// `setfsgid(fsgid)`: the previous fsgid.
pub fn setfsgid(ctx: &dyn SyscallContext, fsgid: u32) -> Result<usize, Errno> {
    change(ctx, CredentialChange::SetFsGid(fsgid))
}

/// `getgroups(size, list)`: the count; `EINVAL` if `size` is non-zero and too small.
pub fn getgroups(ctx: &dyn SyscallContext, size: i32, list: UserPtr<u32>) -> Result<usize, Errno> {
    if size < 0 {
        return Err(Errno::EINVAL);
    }
    let groups = ctx.process_calls().ok_or(Errno::ENOSYS)?.groups()?;
    if size == 0 {
        return Ok(groups.len());
    }
    if (size as usize) < groups.len() {
        return Err(Errno::EINVAL);
    }
    let bytes: Vec<u8> = groups.iter().flat_map(|g| g.to_le_bytes()).collect();
    ctx.user().copy_out(list.addr, &bytes)?;
    Ok(groups.len())
}

/// `setgroups(size, list)`: `EPERM` without `CAP_SETGID` before the size is checked.
pub fn setgroups(ctx: &dyn SyscallContext, size: i32, list: UserPtr<u32>) -> Result<usize, Errno> {
    change(ctx, CredentialChange::CheckSetGroups(size))?;
    let count = usize::try_from(size).map_err(|_| Errno::EINVAL)?;
    if count > NGROUPS_MAX {
        return Err(Errno::EINVAL);
    }
    let mut bytes = alloc::vec![0u8; count * 4];
    if count > 0 {
        ctx.user().copy_in(list.addr, &mut bytes)?;
    }
    let groups = bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    change(ctx, CredentialChange::SetGroups(groups))
}
