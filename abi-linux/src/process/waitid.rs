//! `waitid(which, id, infop, options, rusage)`: the six `siginfo_t` words Linux writes.

use crate::args::UserPtr;
use crate::context::SyscallContext;
use kernel_core::{Errno, UserAddr};

/// `sizeof(struct rusage)` on arm64.
const RUSAGE_SIZE: usize = 144;

/// `waitid`: found a child (or `WNOHANG` and none): writes the fields, returns 0.
pub fn waitid(
    ctx: &dyn SyscallContext,
    which: i32,
    id: i32,
    infop: UserPtr<u8>,
    options: i32,
    rusage: UserPtr<u8>,
) -> Result<usize, Errno> {
    let calls = ctx.process_calls().ok_or(Errno::ENOSYS)?;
    let fields = calls.waitid(which, id, options)?.unwrap_or([
        (0, 0),
        (4, 0),
        (8, 0),
        (16, 0),
        (20, 0),
        (24, 0),
    ]);
    if !infop.is_null() {
        for (offset, value) in fields {
            let at = UserAddr::new(infop.addr.as_u64() + offset as u64);
            ctx.user().copy_out(at, &value.to_le_bytes())?;
        }
    }
    if !rusage.is_null() {
        ctx.user().copy_out(rusage.addr, &[0u8; RUSAGE_SIZE])?;
    }
    Ok(0)
}
