//! `pselect6`: readiness of three descriptor bitmaps (glibc's `select` comes here too).

use super::{begin_mask, read_timespec, timespec_bytes, wait_masked};
use crate::args::{Fd, UserPtr};
use crate::context::SyscallContext;
use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;
use kernel_core::services::vfs::{PollEvents, Waker};
use kernel_core::Errno;

/// Descriptors a fresh Linux file table has room for (`NR_OPEN_DEFAULT`): bits above it
/// that name no open file are ignored, as Linux clamps `n` to the table's size.
const DEFAULT_TABLE_SIZE: usize = 64;

/// What counts as readable, writable and exceptional (`POLLIN_SET` and friends).
const IN_SET: PollEvents = PollEvents::POLLIN
    .union(PollEvents::POLLRDNORM)
    .union(PollEvents::POLLRDBAND)
    .union(PollEvents::POLLHUP)
    .union(PollEvents::POLLERR);
const OUT_SET: PollEvents = PollEvents::POLLOUT
    .union(PollEvents::POLLWRNORM)
    .union(PollEvents::POLLWRBAND)
    .union(PollEvents::POLLERR);
const EX_SET: PollEvents = PollEvents::POLLPRI;

/// The three bitmaps, one `u64` word per 64 descriptors.
struct Sets {
    input: [Vec<u64>; 3],
    output: [Vec<u64>; 3],
}

/// `pselect6(n, readfds, writefds, exceptfds, timeout, sigmask)`; `sigmask` points to
/// `{ const sigset_t *ss; size_t ss_len; }`.
pub fn pselect6(
    ctx: &dyn SyscallContext,
    n: i32,
    readfds: UserPtr<u8>,
    writefds: UserPtr<u8>,
    exceptfds: UserPtr<u8>,
    timeout: UserPtr<u8>,
    sigmask: UserPtr<u8>,
) -> Result<usize, Errno> {
    if n < 0 {
        return Err(Errno::EINVAL);
    }
    let timeout_ns = if timeout.is_null() {
        None
    } else {
        Some(read_timespec(ctx, timeout)?)
    };
    let start = ctx.time().uptime_ns();
    let deadline = timeout_ns.map(|t| start.saturating_add(t));
    let (limit, _) = ctx.process().rlimit(7)?;
    let n = (n as usize).min(limit as usize);
    let words = n.div_ceil(64);
    let pointers = [readfds, writefds, exceptfds];
    let mut sets = Sets {
        input: [vec![0; words], vec![0; words], vec![0; words]],
        output: [vec![0; words], vec![0; words], vec![0; words]],
    };
    for (set, at) in sets.input.iter_mut().zip(pointers) {
        if !at.is_null() {
            let mut bytes = vec![0u8; words * 8];
            ctx.user().copy_in(at.addr, &mut bytes)?;
            for (word, chunk) in set.iter_mut().zip(bytes.chunks_exact(8)) {
                let mut raw = [0u8; 8];
                raw.copy_from_slice(chunk);
                *word = u64::from_le_bytes(raw);
            }
        }
    }
    // Every named descriptor must be open (below the table's size).
    for fd in 0..n {
        let named = sets
            .input
            .iter()
            .any(|set| set[fd / 64] & (1 << (fd % 64)) != 0);
        if named && ctx.files().get(Fd(fd as u32)).is_err() {
            if fd < DEFAULT_TABLE_SIZE {
                return Err(Errno::EBADF);
            }
            for set in sets.input.iter_mut() {
                set[fd / 64] &= !(1 << (fd % 64));
            }
        }
    }
    let masked = if sigmask.is_null() {
        false
    } else {
        let mut pair = [0u8; 16];
        ctx.user().copy_in(sigmask.addr, &mut pair)?;
        let mut at = [0u8; 8];
        let mut size = [0u8; 8];
        at.copy_from_slice(&pair[..8]);
        size.copy_from_slice(&pair[8..]);
        begin_mask(
            ctx,
            UserPtr::new(u64::from_le_bytes(at)),
            u64::from_le_bytes(size),
        )?
    };
    let count = wait_masked(ctx, masked, || {
        let mut count = 0;
        let ready = ctx.wait_any(deadline, &mut |waker, wake_by| {
            count = scan(ctx, n, &mut sets, Some(waker), wake_by);
            count > 0
        })?;
        if !ready {
            let mut unused = u64::MAX;
            count = scan(ctx, n, &mut sets, None, &mut unused);
        }
        Ok(count)
    })?;
    for (set, at) in sets.output.iter().zip(pointers) {
        if !at.is_null() {
            let bytes: Vec<u8> = set.iter().flat_map(|word| word.to_le_bytes()).collect();
            ctx.user().copy_out(at.addr, &bytes)?;
        }
    }
    if let Some(timeout_ns) = timeout_ns {
        let left = timeout_ns.saturating_sub(ctx.time().uptime_ns().saturating_sub(start));
        let _ = ctx.user().copy_out(timeout.addr, &timespec_bytes(left));
    }
    Ok(count)
}

/// Polls every named descriptor and fills the output sets; returns the bits set. Lowers
/// `wake_by` to the earliest time a file asks to be looked at again.
fn scan(
    ctx: &dyn SyscallContext,
    n: usize,
    sets: &mut Sets,
    waker: Option<&Arc<dyn Waker>>,
    wake_by: &mut u64,
) -> usize {
    let mut count = 0;
    for output in sets.output.iter_mut() {
        output.iter_mut().for_each(|word| *word = 0);
    }
    for fd in 0..n {
        let (word, bit) = (fd / 64, 1u64 << (fd % 64));
        let wanted: [bool; 3] = core::array::from_fn(|i| sets.input[i][word] & bit != 0);
        if !wanted.iter().any(|w| *w) {
            continue;
        }
        let Ok(file) = ctx.files().get(Fd(fd as u32)) else {
            continue;
        };
        if let Some(at) = file.wake_deadline_ns() {
            *wake_by = (*wake_by).min(at);
        }
        let mut interest = PollEvents::empty();
        for (index, class) in [IN_SET, OUT_SET, EX_SET].into_iter().enumerate() {
            if wanted[index] {
                interest |= class;
            }
        }
        let events = file.poll(interest, waker);
        for (index, class) in [IN_SET, OUT_SET, EX_SET].into_iter().enumerate() {
            if wanted[index] && events.intersects(class) {
                sets.output[index][word] |= bit;
                count += 1;
            }
        }
    }
    count
}
