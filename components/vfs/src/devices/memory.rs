//! The memory devices: `/dev/null`, `/dev/zero`, `/dev/full`.

use alloc::sync::Arc;
use kernel_core::services::vfs::{CharDeviceOps, PollEvents, Waker};
use kernel_core::Errno;

/// `/dev/null`: reads are end of file, writes vanish.
pub struct NullDevice;

/// `/dev/zero`: reads give zeros, writes vanish.
pub struct ZeroDevice;

/// `/dev/full`: reads give zeros, writes fail with `ENOSPC`.
pub struct FullDevice;

fn always_ready(interest: PollEvents) -> PollEvents {
    interest & (PollEvents::READABLE | PollEvents::WRITABLE)
}

impl CharDeviceOps for NullDevice {
    fn read(&self, _buffer: &mut [u8], _nonblocking: bool) -> Result<usize, Errno> {
        Ok(0)
    }

    fn write(&self, buffer: &[u8], _nonblocking: bool) -> Result<usize, Errno> {
        Ok(buffer.len())
    }

    fn poll(&self, interest: PollEvents, _waker: Option<&Arc<dyn Waker>>) -> PollEvents {
        always_ready(interest)
    }

    fn seekable(&self) -> bool {
        true
    }
}

impl CharDeviceOps for ZeroDevice {
    fn read(&self, buffer: &mut [u8], _nonblocking: bool) -> Result<usize, Errno> {
        buffer.fill(0);
        Ok(buffer.len())
    }

    fn write(&self, buffer: &[u8], _nonblocking: bool) -> Result<usize, Errno> {
        Ok(buffer.len())
    }

    fn poll(&self, interest: PollEvents, _waker: Option<&Arc<dyn Waker>>) -> PollEvents {
        always_ready(interest)
    }

    fn seekable(&self) -> bool {
        true
    }
}

impl CharDeviceOps for FullDevice {
    fn read(&self, buffer: &mut [u8], _nonblocking: bool) -> Result<usize, Errno> {
        buffer.fill(0);
        Ok(buffer.len())
    }

    fn write(&self, _buffer: &[u8], _nonblocking: bool) -> Result<usize, Errno> {
        Err(Errno::ENOSPC)
    }

    fn poll(&self, interest: PollEvents, _waker: Option<&Arc<dyn Waker>>) -> PollEvents {
        always_ready(interest)
    }

    fn seekable(&self) -> bool {
        true
    }
}
