//! What a syscall handler may use: the calling thread's view of the kernel, as capabilities.

use crate::args::UserPtr;
use kernel_core::services::time::TimeService;
use kernel_core::{Errno, UserAddr};

/// Checked access to the calling process's memory: a bad pointer is `EFAULT`, never a fault
/// in the kernel.
pub trait UserMemory {
    /// Copies `bytes` to user address `to`.
    fn copy_out(&self, to: UserAddr, bytes: &[u8]) -> Result<(), Errno>;
    /// Fills `buffer` from user address `from`.
    fn copy_in(&self, from: UserAddr, buffer: &mut [u8]) -> Result<(), Errno>;
}

/// A value with a fixed Linux layout that can be copied to user memory.
pub trait UserBytes {
    /// Calls `write` with the value's bytes in Linux's (little-endian AArch64) layout.
    fn with_bytes<R>(&self, write: impl FnOnce(&[u8]) -> R) -> R;
}

/// The services a syscall handler receives.
pub trait SyscallContext {
    /// The caller's memory.
    fn user(&self) -> &dyn UserMemory;
    /// Kernel time.
    fn time(&self) -> &dyn TimeService;
    /// Gives the CPU to another runnable thread, if any.
    fn yield_now(&self);
    /// Ends every thread of the calling process with `status` (the low 8 bits reach the parent).
    fn exit_group(&self, status: i32) -> !;
}

/// Copies a value to user memory.
pub fn write_user<T: UserBytes>(
    ctx: &dyn SyscallContext,
    to: UserPtr<T>,
    value: &T,
) -> Result<(), Errno> {
    value.with_bytes(|bytes| ctx.user().copy_out(to.addr, bytes))
}
