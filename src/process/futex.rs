//! Futexes: threads sleeping on a word of user memory until another thread wakes that word
//! (`FUTEX_WAIT`/`FUTEX_WAKE`), keyed by address space and address.

use super::Process;
use alloc::collections::BTreeMap;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicBool, Ordering};
use kernel_core::services::sched::TaskId;
use kernel_core::sync::IrqSpinLock;
use kernel_core::{Errno, UserAddr};

/// One sleeper: its task and whether a wake took it off the queue.
struct Waiter {
    task: TaskId,
    woken: Arc<AtomicBool>,
}

/// Waiters by (address space, user address), in arrival order.
static QUEUES: IrqSpinLock<BTreeMap<(usize, u64), Vec<Waiter>>> = IrqSpinLock::new(BTreeMap::new());

/// The key of `address` in `process`'s memory (threads share the process and so the key).
fn key(process: &Process, address: UserAddr) -> (usize, u64) {
    (process as *const Process as usize, address.as_u64())
}

/// `FUTEX_WAIT`: sleeps while the word at `address` holds `expected`, until woken, the
/// deadline (ns of uptime) passes (`ETIMEDOUT`) or a signal arrives (`EINTR`). `EAGAIN` if
/// the word differs at the call.
pub fn wait(
    process: &Process,
    address: UserAddr,
    expected: u32,
    deadline_ns: Option<u64>,
) -> Result<(), Errno> {
    if !address.as_u64().is_multiple_of(4) {
        return Err(Errno::EINVAL);
    }
    let woken = Arc::new(AtomicBool::new(false));
    {
        let mut queues = QUEUES.lock();
        let mut word = [0u8; 4];
        process.space.lock().copy_in(address, &mut word)?;
        if u32::from_le_bytes(word) != expected {
            return Err(Errno::EAGAIN);
        }
        queues
            .entry(key(process, address))
            .or_default()
            .push(Waiter {
                task: crate::task::current_thread().id,
                woken: woken.clone(),
            });
    }
    let interrupted = || woken.load(Ordering::Acquire) || super::signals::pending(process);
    let timed_out = match deadline_ns {
        Some(deadline) => crate::task::sleep_until_deadline(deadline, interrupted),
        None => {
            crate::task::sleep_until(|| interrupted().then_some(()));
            false
        }
    };
    if woken.load(Ordering::Acquire) {
        return Ok(());
    }
    // Not woken: leave the queue (unless a wake raced in just now, which then counts).
    let mut queues = QUEUES.lock();
    if let Some(queue) = queues.get_mut(&key(process, address)) {
        queue.retain(|waiter| !Arc::ptr_eq(&waiter.woken, &woken));
        if queue.is_empty() {
            queues.remove(&key(process, address));
        }
    }
    drop(queues);
    if woken.load(Ordering::Acquire) {
        Ok(())
    } else if timed_out {
        Err(Errno::ETIMEDOUT)
    } else {
        Err(Errno::EINTR)
    }
}

/// `FUTEX_WAKE`: wakes up to `count` waiters on `address`; returns how many.
pub fn wake(process: &Process, address: UserAddr, count: u32) -> usize {
    let mut tasks = Vec::new();
    {
        let mut queues = QUEUES.lock();
        let key = key(process, address);
        if let Some(queue) = queues.get_mut(&key) {
            let take = queue.len().min(count as usize);
            for waiter in queue.drain(..take) {
                waiter.woken.store(true, Ordering::Release);
                tasks.push(waiter.task);
            }
            if queue.is_empty() {
                queues.remove(&key);
            }
        }
    }
    for task in &tasks {
        crate::task::wake(*task);
    }
    tasks.len()
}
