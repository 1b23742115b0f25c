//! A pipe's buffer as Linux keeps it: a ring of page-sized slots, so capacity, atomicity and
//! `F_SETPIPE_SZ` behave as on Linux (a partly read page still occupies its slot).

use alloc::collections::VecDeque;
use alloc::vec::Vec;

/// Bytes per slot (a page).
pub(crate) const SLOT_SIZE: usize = 4096;

/// One slot: a page of data and how much of it has been read.
struct Slot {
    data: Vec<u8>,
    read: usize,
}

/// Bytes in first-in first-out order, in at most `slots` page-sized slots.
pub(crate) struct Ring {
    queue: VecDeque<Slot>,
    slots: usize,
    len: usize,
}

impl Ring {
    /// An empty ring of `capacity` bytes (rounded down to whole slots, at least one).
    pub fn new(capacity: usize) -> Self {
        Self {
            queue: VecDeque::new(),
            slots: (capacity / SLOT_SIZE).max(1),
            len: 0,
        }
    }

    /// Bytes held.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no byte is held.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether every slot is in use (`pipe_full`): writers wait, `POLLOUT` is off.
    pub fn is_full(&self) -> bool {
        self.queue.len() >= self.slots
    }

    /// The capacity in bytes (`F_GETPIPE_SZ`).
    pub fn capacity(&self) -> usize {
        self.slots * SLOT_SIZE
    }

    /// `F_SETPIPE_SZ`: `size` rounded up to a power-of-two number of pages; `None` (`EBUSY`)
    /// when the slots in use do not fit.
    pub fn resize(&mut self, size: usize) -> Option<usize> {
        let pages = size
            .div_ceil(SLOT_SIZE)
            .max(1)
            .checked_next_power_of_two()?;
        if pages < self.queue.len() {
            return None;
        }
        self.slots = pages;
        Some(self.capacity())
    }

    /// Appends as much of `bytes` as fits, as `pipe_write` does: the part below a page
    /// boundary (`len % SLOT_SIZE`) may merge into the last slot if it fits there whole, the
    /// rest fills new slots. Returns how much was taken.
    pub fn push(&mut self, bytes: &[u8]) -> usize {
        let mut done = 0;
        let partial = bytes.len() % SLOT_SIZE;
        if partial != 0 {
            if let Some(last) = self.queue.back_mut() {
                if last.data.len() + partial <= SLOT_SIZE {
                    last.data.extend_from_slice(&bytes[..partial]);
                    done = partial;
                }
            }
        }
        while done < bytes.len() && !self.is_full() {
            let count = (bytes.len() - done).min(SLOT_SIZE);
            let mut data = Vec::with_capacity(SLOT_SIZE);
            data.extend_from_slice(&bytes[done..done + count]);
            self.queue.push_back(Slot { data, read: 0 });
            done += count;
        }
        self.len += done;
        done
    }

    /// Removes up to `buffer.len()` bytes into `buffer` (or copies them, with `peek`);
    /// returns how many. A slot is freed once read to its end.
    pub fn pop(&mut self, buffer: &mut [u8]) -> usize {
        let mut done = 0;
        while done < buffer.len() {
            let Some(slot) = self.queue.front_mut() else {
                break;
            };
            let count = (slot.data.len() - slot.read).min(buffer.len() - done);
            buffer[done..done + count].copy_from_slice(&slot.data[slot.read..slot.read + count]);
            slot.read += count;
            done += count;
            if slot.read == slot.data.len() {
                self.queue.pop_front();
            }
        }
        self.len -= done;
        done
    }
}

#[cfg(test)]
mod tests {
    use super::{Ring, SLOT_SIZE};
    use alloc::vec;

    #[test]
    fn keeps_order_across_slots() {
        let mut ring = Ring::new(8 * SLOT_SIZE);
        assert_eq!(ring.push(b"abc"), 3);
        assert_eq!(ring.push(b"def"), 3);
        let mut out = [0u8; 4];
        assert_eq!(ring.pop(&mut out), 4);
        assert_eq!(&out, b"abcd");
        let mut all = [0u8; 10];
        assert_eq!(ring.pop(&mut all), 2);
        assert!(ring.is_empty());
    }

    #[test]
    fn a_partly_read_page_keeps_its_slot_as_on_linux() {
        let mut ring = Ring::new(65536);
        let page = vec![b'p'; SLOT_SIZE];
        let mut total = 0;
        while ring.push(&page) > 0 {
            total += SLOT_SIZE;
        }
        assert_eq!(total, 65536);
        let mut out = vec![0u8; 100];
        assert_eq!(ring.pop(&mut out), 100);
        assert_eq!(ring.push(b"x"), 0);
        let mut out = vec![0u8; SLOT_SIZE];
        assert_eq!(ring.pop(&mut out), SLOT_SIZE);
        assert_eq!(ring.push(&page), SLOT_SIZE);
    }

    #[test]
    fn a_large_write_takes_what_fits() {
        let mut ring = Ring::new(65536);
        assert_eq!(ring.push(&vec![0u8; 100_000]), 65536);
        assert_eq!(ring.resize(8192), None);
        assert_eq!(ring.resize(0), None);
    }

    #[test]
    fn resizing_rounds_to_a_power_of_two_pages() {
        let mut ring = Ring::new(65536);
        assert_eq!(ring.resize(10000), Some(16384));
        let page = vec![b'r'; SLOT_SIZE];
        let mut total = 0;
        while ring.push(&page) > 0 {
            total += SLOT_SIZE;
        }
        assert_eq!(total, 16384);
        assert_eq!(ring.resize(4096), None);
        assert_eq!(ring.capacity(), 16384);
    }
}
