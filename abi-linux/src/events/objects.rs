//! `eventfd2`, `timerfd_create`, `timerfd_settime`, `timerfd_gettime`, `signalfd4`.

use super::{read_timespec, timespec_bytes};
use crate::args::{Fd, UserPtr};
use crate::context::SyscallContext;
use alloc::sync::Arc;
use kernel_core::services::events::{
    EventService, TimerSetting, CLOEXEC, EFD_SEMAPHORE, NONBLOCK, TFD_TIMER_ABSTIME,
};
use kernel_core::services::vfs::File;
use kernel_core::Errno;

/// `TFD_TIMER_CANCEL_ON_SET` (accepted; the clock is never set).
const TFD_TIMER_CANCEL_ON_SET: u32 = 2;

fn service(ctx: &dyn SyscallContext) -> Result<&dyn EventService, Errno> {
    ctx.events().ok_or(Errno::ENOSYS)
}

/// Installs a new object, close-on-exec with `CLOEXEC`.
fn install(ctx: &dyn SyscallContext, file: Arc<dyn File>, flags: u32) -> Result<usize, Errno> {
    ctx.files()
        .install(file, flags & CLOEXEC != 0)
        .map(|fd| fd as usize)
}

/// `eventfd2(initval, flags)`.
pub fn eventfd2(ctx: &dyn SyscallContext, initval: u32, flags: u32) -> Result<usize, Errno> {
    if flags & !(EFD_SEMAPHORE | NONBLOCK | CLOEXEC) != 0 {
        return Err(Errno::EINVAL);
    }
    let file = service(ctx)?.eventfd(u64::from(initval), flags)?;
    install(ctx, file, flags)
}

/// `timerfd_create(clockid, flags)`.
pub fn timerfd_create(ctx: &dyn SyscallContext, clockid: i32, flags: u32) -> Result<usize, Errno> {
    if flags & !(NONBLOCK | CLOEXEC) != 0 {
        return Err(Errno::EINVAL);
    }
    let file = service(ctx)?.timerfd(clockid, flags)?;
    install(ctx, file, flags)
}

/// The `struct itimerspec` bytes of `setting`.
fn itimerspec_bytes(setting: TimerSetting) -> [u8; 32] {
    let mut bytes = [0u8; 32];
    bytes[..16].copy_from_slice(&timespec_bytes(setting.interval_ns));
    bytes[16..].copy_from_slice(&timespec_bytes(setting.value_ns));
    bytes
}

/// `timerfd_settime(fd, flags, new_value, old_value)`.
pub fn timerfd_settime(
    ctx: &dyn SyscallContext,
    fd: Fd,
    flags: u32,
    new_value: UserPtr<u8>,
    old_value: UserPtr<u8>,
) -> Result<usize, Errno> {
    if flags & !(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET) != 0 {
        return Err(Errno::EINVAL);
    }
    let setting = TimerSetting {
        interval_ns: read_timespec(ctx, new_value)?,
        value_ns: read_timespec(ctx, UserPtr::new(new_value.as_u64() + 16))?,
    };
    let file = ctx.files().get(fd)?;
    let timer = file.as_timer().ok_or(Errno::EINVAL)?;
    let old = timer.set(flags, setting)?;
    if !old_value.is_null() {
        ctx.user()
            .copy_out(old_value.addr, &itimerspec_bytes(old))?;
    }
    Ok(0)
}

/// `timerfd_gettime(fd, curr_value)`.
pub fn timerfd_gettime(
    ctx: &dyn SyscallContext,
    fd: Fd,
    curr_value: UserPtr<u8>,
) -> Result<usize, Errno> {
    let file = ctx.files().get(fd)?;
    let timer = file.as_timer().ok_or(Errno::EINVAL)?;
    ctx.user()
        .copy_out(curr_value.addr, &itimerspec_bytes(timer.get()))?;
    Ok(0)
}

/// `signalfd4(fd, mask, sizemask, flags)`: `fd` -1 makes a new descriptor.
pub fn signalfd4(
    ctx: &dyn SyscallContext,
    fd: i32,
    mask: UserPtr<u8>,
    sizemask: u64,
    flags: u32,
) -> Result<usize, Errno> {
    if sizemask != 8 || flags & !(NONBLOCK | CLOEXEC) != 0 {
        return Err(Errno::EINVAL);
    }
    let mut bytes = [0u8; 8];
    ctx.user().copy_in(mask.addr, &mut bytes)?;
    let mask = u64::from_le_bytes(bytes);
    if fd == -1 {
        let file = service(ctx)?.signalfd(mask, flags)?;
        return install(ctx, file, flags);
    }
    let file = ctx
        .files()
        .get(Fd(u32::try_from(fd).map_err(|_| Errno::EBADF)?))?;
    file.as_signalfd().ok_or(Errno::EINVAL)?.set_mask(mask);
    Ok(fd as usize)
}
