//! Unknown syscall numbers: `ENOSYS`, logged once per number so a probing libc is not noisy.

use core::sync::atomic::{AtomicU64, Ordering};
use kernel_core::Errno;

/// Numbers below this are remembered one bit each; larger ones are always logged.
const TRACKED: usize = 512;
static SEEN: [AtomicU64; TRACKED / 64] = [const { AtomicU64::new(0) }; TRACKED / 64];

/// Records an unknown number and returns the error the caller gets.
pub fn report(number: usize) -> Errno {
    if first_time(number) {
        log::warn!("syscall {number} is not implemented: ENOSYS");
    }
    Errno::ENOSYS
}

/// Whether `number` is reported for the first time.
pub fn first_time(number: usize) -> bool {
    match SEEN.get(number / 64) {
        Some(word) => {
            let bit = 1u64 << (number % 64);
            word.fetch_or(bit, Ordering::Relaxed) & bit == 0
        }
        None => true,
    }
}
