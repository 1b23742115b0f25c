//! Scheduling syscalls.

use crate::context::SyscallContext;
use kernel_core::Errno;

/// `sched_yield()`: always succeeds.
pub fn sched_yield(ctx: &dyn SyscallContext) -> Result<usize, Errno> {
    ctx.yield_now();
    Ok(0)
}
