//! Miscellaneous syscalls: `uname`, `getrandom`, `prctl`, `sysinfo`, `reboot`.

mod prctl;
mod reboot;
mod sysinfo;

pub use prctl::prctl;
pub use reboot::{reboot, RebootAction};
pub use sysinfo::{sysinfo, sysinfo_bytes, SYSINFO_SIZE};

use crate::args::UserPtr;
use crate::context::SyscallContext;
use alloc::vec;
use kernel_core::Errno;

/// What `uname` reports: Linux, so that C libraries accept the kernel.
pub const SYSNAME: &str = "Linux";
/// A 6.x release: glibc and BusyBox check only that it is recent.
pub const RELEASE: &str = "6.1.0-lichen";
/// Version string.
pub const VERSION: &str = "#1 SMP Lichen 0.1.0";
/// Machine.
pub const MACHINE: &str = "aarch64";

/// `uname(buf)`: six 65-byte fields of `struct new_utsname`.
pub fn uname(ctx: &dyn SyscallContext, buf: UserPtr<u8>) -> Result<usize, Errno> {
    let mut out = [0u8; 65 * 6];
    for (index, text) in [SYSNAME, "lichen", RELEASE, VERSION, MACHINE, "(none)"]
        .iter()
        .enumerate()
    {
        out[index * 65..index * 65 + text.len()].copy_from_slice(text.as_bytes());
    }
    ctx.user().copy_out(buf.addr, &out)?;
    Ok(0)
}

/// `getrandom(buf, buflen, flags)`: never blocks (the generator is seeded at boot).
pub fn getrandom(
    ctx: &dyn SyscallContext,
    buf: UserPtr<u8>,
    len: u64,
    flags: u64,
) -> Result<usize, Errno> {
    const KNOWN: u64 = 0x1 | 0x2 | 0x4; // GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE
    if flags & !KNOWN != 0 || flags & 0x6 == 0x6 {
        return Err(Errno::EINVAL);
    }
    let len = (len as usize).min(33_554_431); // Linux caps one call below 32 MiB
    let mut bytes = vec![0u8; len.min(256)];
    let mut done = 0;
    while done < len {
        let chunk = (len - done).min(bytes.len());
        ctx.random(&mut bytes[..chunk]);
        ctx.user().copy_out(
            buf.addr.checked_add(done as u64).ok_or(Errno::EFAULT)?,
            &bytes[..chunk],
        )?;
        done += chunk;
    }
    Ok(done)
}
