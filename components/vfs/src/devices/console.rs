//! `/dev/console` and `/dev/tty` as raw byte streams over a character-device capability.
//!
//! No line discipline here (no echo, no line editing, no `\n` to `\r\n`): a terminal component
//! can register its own driver for `5:0`/`5:1` in place of this one. Input arrives by polling
//! the device; the board calls [`ConsoleDevice::input_ready`] from the receive interrupt so
//! sleeping readers wake.

use alloc::sync::Arc;
use kernel_core::services::chardev::CharDevice;
use kernel_core::services::vfs::{CharDeviceOps, PollEvents, WaitList, Waker};
use kernel_core::sync::IrqSpinLock;
use kernel_core::Errno;

/// A console over one character device.
pub struct ConsoleDevice {
    device: Arc<dyn CharDevice>,
    /// A byte taken by `poll` to see whether input is waiting, given to the next read.
    peeked: IrqSpinLock<Option<u8>>,
    readers: WaitList,
}

impl ConsoleDevice {
    /// A console on `device`.
    pub fn new(device: Arc<dyn CharDevice>) -> Self {
        Self {
            device,
            peeked: IrqSpinLock::new(None),
            readers: WaitList::new(),
        }
    }

    /// Wakes readers: input has arrived (call from the receive interrupt).
    pub fn input_ready(&self) {
        self.readers.wake_all();
    }

    fn has_input(&self) -> bool {
        let mut peeked = self.peeked.lock();
        if peeked.is_none() {
            *peeked = self.device.try_read();
        }
        peeked.is_some()
    }
}

impl CharDeviceOps for ConsoleDevice {
    fn read(&self, buffer: &mut [u8], _nonblocking: bool) -> Result<usize, Errno> {
        if buffer.is_empty() {
            return Ok(0);
        }
        let mut count = 0;
        if let Some(byte) = self.peeked.lock().take() {
            buffer[0] = byte;
            count = 1;
        }
        while count < buffer.len() {
            match self.device.try_read() {
                Some(byte) => {
                    buffer[count] = byte;
                    count += 1;
                }
                None => break,
            }
        }
        if count == 0 {
            Err(Errno::EAGAIN)
        } else {
            Ok(count)
        }
    }

    fn write(&self, buffer: &[u8], _nonblocking: bool) -> Result<usize, Errno> {
        self.device.write(buffer);
        Ok(buffer.len())
    }

    fn poll(&self, interest: PollEvents, waker: Option<&Arc<dyn Waker>>) -> PollEvents {
        if let Some(waker) = waker {
            self.readers.register(waker);
        }
        let mut events = PollEvents::WRITABLE;
        if self.has_input() {
            events |= PollEvents::READABLE;
        }
        events & interest
    }
}

/// Adapts a `&'static` character device (how boards hold their UART) to the `Arc` the VFS
/// takes.
pub struct StaticCharDevice(pub &'static dyn CharDevice);

impl CharDevice for StaticCharDevice {
    fn name(&self) -> &str {
        self.0.name()
    }

    fn write(&self, bytes: &[u8]) {
        self.0.write(bytes);
    }

    fn try_read(&self) -> Option<u8> {
        self.0.try_read()
    }
}
