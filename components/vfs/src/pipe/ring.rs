//! A fixed-capacity byte ring, allocated on first use.

use alloc::boxed::Box;
use alloc::vec;

/// Bytes in first-in first-out order, at most `capacity` of them.
pub(crate) struct Ring {
    storage: Option<Box<[u8]>>,
    capacity: usize,
    head: usize,
    len: usize,
}

impl Ring {
    /// An empty ring holding up to `capacity` bytes (no memory until the first push).
    pub const fn new(capacity: usize) -> Self {
        Self {
            storage: None,
            capacity,
            head: 0,
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

    /// Room left.
    pub fn free(&self) -> usize {
        self.capacity - self.len
    }

    /// Appends as much of `bytes` as fits; returns how much.
    pub fn push(&mut self, bytes: &[u8]) -> usize {
        let count = bytes.len().min(self.free());
        if count == 0 {
            return 0;
        }
        let capacity = self.capacity;
        let storage = self
            .storage
            .get_or_insert_with(|| vec![0u8; capacity].into_boxed_slice());
        let tail = (self.head + self.len) % capacity;
        let first = count.min(capacity - tail);
        storage[tail..tail + first].copy_from_slice(&bytes[..first]);
        storage[..count - first].copy_from_slice(&bytes[first..count]);
        self.len += count;
        count
    }

    /// Removes up to `buffer.len()` bytes into `buffer`; returns how many.
    pub fn pop(&mut self, buffer: &mut [u8]) -> usize {
        let count = buffer.len().min(self.len);
        let Some(storage) = &self.storage else {
            return 0;
        };
        let first = count.min(self.capacity - self.head);
        buffer[..first].copy_from_slice(&storage[self.head..self.head + first]);
        buffer[first..count].copy_from_slice(&storage[..count - first]);
        self.head = (self.head + count) % self.capacity;
        self.len -= count;
        count
    }
}

#[cfg(test)]
mod tests {
    use super::Ring;

    #[test]
    fn wraps_around_and_keeps_order() {
        let mut ring = Ring::new(8);
        assert_eq!(ring.push(b"abcdef"), 6);
        let mut out = [0u8; 4];
        assert_eq!(ring.pop(&mut out), 4);
        assert_eq!(&out, b"abcd");
        assert_eq!(ring.push(b"ghijklmn"), 6);
        assert_eq!(ring.free(), 0);
        let mut all = [0u8; 10];
        assert_eq!(ring.pop(&mut all), 8);
        assert_eq!(&all[..8], b"efghijkl");
        assert!(ring.is_empty());
    }
}
