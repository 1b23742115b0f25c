//! `prctl(option, arg2, arg3, arg4, arg5)`: the options programs use at start-up.

use crate::args::UserPtr;
use crate::context::SyscallContext;
use crate::process::{PrctlAnswer, PrctlRequest};
use kernel_core::{Errno, UserAddr};

/// `PR_SET_PDEATHSIG`.
const PR_SET_PDEATHSIG: i32 = 1;
/// `PR_GET_PDEATHSIG`.
const PR_GET_PDEATHSIG: i32 = 2;
/// `PR_GET_DUMPABLE`.
const PR_GET_DUMPABLE: i32 = 3;
/// `PR_SET_DUMPABLE`.
const PR_SET_DUMPABLE: i32 = 4;
/// `PR_SET_NAME`.
const PR_SET_NAME: i32 = 15;
/// `PR_GET_NAME`.
const PR_GET_NAME: i32 = 16;
/// `PR_SET_CHILD_SUBREAPER`.
const PR_SET_CHILD_SUBREAPER: i32 = 36;
/// `PR_GET_CHILD_SUBREAPER`.
const PR_GET_CHILD_SUBREAPER: i32 = 37;
/// `PR_GET_NO_NEW_PRIVS`.
const PR_GET_NO_NEW_PRIVS: i32 = 39;
/// `TASK_COMM_LEN`.
const TASK_COMM_LEN: usize = 16;

/// `prctl`: unknown options are `EINVAL`.
pub fn prctl(
    ctx: &dyn SyscallContext,
    option: i32,
    arg2: u64,
    _arg3: u64,
    _arg4: u64,
    _arg5: u64,
) -> Result<usize, Errno> {
    let request = match option {
        PR_SET_NAME => {
            let mut name = [0u8; TASK_COMM_LEN];
            copy_in_prefix(ctx, arg2, &mut name)?;
            let length = name
                .iter()
                .position(|&b| b == 0)
                .unwrap_or(TASK_COMM_LEN - 1);
            PrctlRequest::SetName(name[..length].to_vec())
        }
        PR_GET_NAME => PrctlRequest::GetName,
        PR_SET_PDEATHSIG => PrctlRequest::SetParentDeathSignal(arg2),
        PR_GET_PDEATHSIG => PrctlRequest::GetParentDeathSignal,
        PR_SET_CHILD_SUBREAPER => PrctlRequest::SetChildSubreaper(arg2 != 0),
        PR_GET_CHILD_SUBREAPER => PrctlRequest::GetChildSubreaper,
        PR_GET_DUMPABLE => return Ok(1),
        PR_SET_DUMPABLE if arg2 <= 1 => return Ok(0),
        PR_GET_NO_NEW_PRIVS => return Ok(0),
        _ => return Err(Errno::EINVAL),
    };
    let calls = ctx.process_calls().ok_or(Errno::EINVAL)?;
    match calls.prctl(request)? {
        PrctlAnswer::Done => Ok(0),
        PrctlAnswer::Name(name) => {
            let mut bytes = [0u8; TASK_COMM_LEN];
            let length = name.len().min(TASK_COMM_LEN - 1);
            bytes[..length].copy_from_slice(&name[..length]);
            ctx.user().copy_out(UserAddr::new(arg2), &bytes)?;
            Ok(0)
        }
        PrctlAnswer::Value(value) => {
            let at: UserPtr<i32> = UserPtr::new(arg2);
            ctx.user().copy_out(at.addr, &value.to_le_bytes())?;
            Ok(0)
        }
    }
}

/// Copies up to `buffer.len()` bytes from `address`, stopping at the first unreadable byte
/// after the first (`strncpy_from_user` of a name that ends before a page boundary).
fn copy_in_prefix(ctx: &dyn SyscallContext, address: u64, buffer: &mut [u8]) -> Result<(), Errno> {
    if ctx.user().copy_in(UserAddr::new(address), buffer).is_ok() {
        return Ok(());
    }
    for (index, byte) in buffer.iter_mut().enumerate() {
        let mut one = [0u8; 1];
        match ctx
            .user()
            .copy_in(UserAddr::new(address + index as u64), &mut one)
        {
            Ok(()) => *byte = one[0],
            Err(errno) if index == 0 => return Err(errno),
            Err(_) => break,
        }
        if one[0] == 0 {
            break;
        }
    }
    Ok(())
}
