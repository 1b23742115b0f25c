//! signalfd: the caller's pending signals of a mask, read as `struct signalfd_siginfo`.

use crate::anon::{anon_file_common, AnonInode, StatusFlags};
use alloc::sync::Arc;
use core::sync::atomic::{AtomicU64, Ordering};
use kernel_core::services::events::{SignalFdOps, SignalRecord, SignalSource, NONBLOCK};
use kernel_core::services::vfs::{File, PollEvents, Waker};
use kernel_core::Errno;

/// `sizeof(struct signalfd_siginfo)`.
pub const SIGNALFD_SIGINFO_SIZE: usize = 128;

/// SIGKILL and SIGSTOP cannot be read through a signalfd.
const UNREADABLE: u64 = (1 << 8) | (1 << 18);

/// A signalfd.
pub struct SignalFd {
    mask: AtomicU64,
    signals: Arc<dyn SignalSource>,
    flags: StatusFlags,
    inode: Arc<AnonInode>,
}

impl SignalFd {
    /// Reads the signals of `mask` through `signals`.
    pub fn new(
        mask: u64,
        flags: u32,
        signals: Arc<dyn SignalSource>,
        inode: Arc<AnonInode>,
    ) -> Self {
        Self {
            mask: AtomicU64::new(mask & !UNREADABLE),
            signals,
            flags: StatusFlags::new(flags & NONBLOCK != 0),
            inode,
        }
    }
}

/// The `struct signalfd_siginfo` bytes of `record`.
pub fn siginfo_bytes(record: &SignalRecord) -> [u8; SIGNALFD_SIGINFO_SIZE] {
    let mut bytes = [0u8; SIGNALFD_SIGINFO_SIZE];
    bytes[0..4].copy_from_slice(&record.signo.to_le_bytes());
    bytes[4..8].copy_from_slice(&record.errno.to_le_bytes());
    bytes[8..12].copy_from_slice(&record.code.to_le_bytes());
    bytes[12..16].copy_from_slice(&record.pid.to_le_bytes());
    bytes[16..20].copy_from_slice(&record.uid.to_le_bytes());
    bytes[40..44].copy_from_slice(&record.status.to_le_bytes());
    bytes[44..48].copy_from_slice(&(record.value as u32).to_le_bytes());
    bytes[48..56].copy_from_slice(&record.value.to_le_bytes());
    bytes[72..80].copy_from_slice(&record.addr.to_le_bytes());
    bytes
}

impl SignalFdOps for SignalFd {
    fn set_mask(&self, mask: u64) {
        self.mask.store(mask & !UNREADABLE, Ordering::Relaxed);
    }
}

impl File for SignalFd {
    /// As many whole records as fit; `EINVAL` under one record, `EAGAIN` when none pending.
    fn read(&self, buffer: &mut [u8]) -> Result<usize, Errno> {
        if buffer.len() < SIGNALFD_SIGINFO_SIZE {
            return Err(Errno::EINVAL);
        }
        let mask = self.mask.load(Ordering::Relaxed);
        let mut done = 0;
        for chunk in buffer.chunks_exact_mut(SIGNALFD_SIGINFO_SIZE) {
            let Some(record) = self.signals.take(mask) else {
                break;
            };
            chunk.copy_from_slice(&siginfo_bytes(&record));
            done += SIGNALFD_SIGINFO_SIZE;
        }
        if done == 0 {
            return Err(Errno::EAGAIN);
        }
        Ok(done)
    }

    fn write(&self, _buffer: &[u8]) -> Result<usize, Errno> {
        Err(Errno::EINVAL)
    }

    fn poll(&self, interest: PollEvents, waker: Option<&Arc<dyn Waker>>) -> PollEvents {
        if self
            .signals
            .pending(self.mask.load(Ordering::Relaxed), waker)
        {
            PollEvents::READABLE & interest
        } else {
            PollEvents::empty()
        }
    }

    fn as_signalfd(&self) -> Option<&dyn SignalFdOps> {
        Some(self)
    }

    anon_file_common!();
}
