//! Character devices: byte streams such as UARTs.

/// A byte-stream device. Writes are polled and complete before returning, so the console can be
/// used from any context, including exception reports with interrupts masked.
pub trait CharDevice: Send + Sync {
    /// A short name for messages, e.g. `pl011@9000000`.
    fn name(&self) -> &str;
    /// Writes every byte, waiting for the transmitter as needed. Never fails: a console that
    /// cannot write drops bytes rather than stopping the kernel.
    fn write(&self, bytes: &[u8]);
    /// Takes one received byte if one is waiting.
    fn try_read(&self) -> Option<u8>;
    /// Writes `bytes` exactly as given: no `\n` to `\r\n` translation, because a terminal's
    /// line discipline does its own output processing. By default the same as [`Self::write`].
    fn write_raw(&self, bytes: &[u8]) {
        self.write(bytes);
    }
    /// Unmasks the receive interrupts (data and receive timeout); `false` when the device has
    /// none, and the terminal then only sees input it polls for.
    fn enable_receive_interrupt(&self) -> bool {
        false
    }
    /// Clears the receive interrupts after the handler drained the input with
    /// [`Self::try_read`].
    fn clear_receive_interrupt(&self) {}
}

/// Writes `bytes` through `put` (one byte; `false` when the device could not take it), each
/// `\n` as `\r\n` as a serial terminal expects, stopping at the first byte refused: the shared
/// body of the UART drivers' [`CharDevice::write`].
pub fn write_crlf(bytes: &[u8], mut put: impl FnMut(u8) -> bool) {
    for &byte in bytes {
        if byte == b'\n' && !put(b'\r') {
            return;
        }
        if !put(byte) {
            return;
        }
    }
}

/// Asks `ready` up to `limit` times, with a spin-loop hint between tries; whether it held.
/// Drivers poll their status registers with it so that a dead device costs a bounded wait.
pub fn spin_until(limit: u32, mut ready: impl FnMut() -> bool) -> bool {
    (0..limit).any(|_| {
        let done = ready();
        if !done {
            core::hint::spin_loop();
        }
        done
    })
}

#[cfg(test)]
mod tests {
    use super::{spin_until, write_crlf};
    use alloc::vec::Vec;
    use core::cell::RefCell;

    #[test]
    fn newlines_become_crlf_and_a_refusal_stops_the_write() {
        let sent = RefCell::new(Vec::new());
        write_crlf(b"a\nb", |byte| {
            sent.borrow_mut().push(byte);
            true
        });
        assert_eq!(sent.borrow().as_slice(), b"a\r\nb");
        let sent = RefCell::new(Vec::new());
        write_crlf(b"xyz", |byte| {
            sent.borrow_mut().push(byte);
            byte != b'y'
        });
        assert_eq!(
            sent.borrow().as_slice(),
            b"xy",
            "nothing after the refused byte"
        );
    }

    #[test]
    fn spin_until_tries_at_most_limit_times() {
        let tries = core::cell::Cell::new(0);
        assert!(!spin_until(5, || {
            tries.set(tries.get() + 1);
            false
        }));
        assert_eq!(tries.get(), 5);
        tries.set(0);
        assert!(spin_until(5, || {
            tries.set(tries.get() + 1);
            tries.get() == 3
        }));
        assert_eq!(tries.get(), 3);
    }
}
