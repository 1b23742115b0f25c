//! Process lifetime syscalls.

use crate::context::SyscallContext;
use kernel_core::Errno;

/// `exit_group(status)`: never returns to the caller.
pub fn exit_group(ctx: &dyn SyscallContext, status: i32) -> Result<usize, Errno> {
    ctx.exit_group(status)
}
