//! The input queue: a fixed 4096-byte ring (Linux's `N_TTY_BUF_SIZE`) with line-end marks.

/// Capacity of the input queue, as Linux's `N_TTY_BUF_SIZE`.
pub const INPUT_BUFFER_SIZE: usize = 4096;

const MASK: usize = INPUT_BUFFER_SIZE - 1;

/// A ring of received bytes. `tail` is the next byte to read, `canon_head` the end of the last
/// complete line, `head` the end of everything received. Indices grow without bound (wrapping)
/// and are masked on access, as in n_tty.
pub(crate) struct InputBuffer {
    bytes: [u8; INPUT_BUFFER_SIZE],
    line_end: [u64; INPUT_BUFFER_SIZE / 64],
    pub(crate) head: usize,
    pub(crate) canon_head: usize,
    pub(crate) tail: usize,
}

impl InputBuffer {
    /// An empty queue.
    pub(crate) const fn new() -> Self {
        Self {
            bytes: [0; INPUT_BUFFER_SIZE],
            line_end: [0; INPUT_BUFFER_SIZE / 64],
            head: 0,
            canon_head: 0,
            tail: 0,
        }
    }

    /// Bytes held (read or not yet in a line).
    pub(crate) fn len(&self) -> usize {
        self.head.wrapping_sub(self.tail)
    }

    /// Appends one byte; the caller has checked for room.
    pub(crate) fn push(&mut self, byte: u8) {
        let index = self.head & MASK;
        self.bytes[index] = byte;
        self.set_line_end(index, false);
        self.head = self.head.wrapping_add(1);
    }

    /// Byte at absolute position `position`.
    pub(crate) fn at(&self, position: usize) -> u8 {
        self.bytes[position & MASK]
    }

    /// Whether the byte at `position` ends a line.
    pub(crate) fn is_line_end(&self, position: usize) -> bool {
        let index = position & MASK;
        self.line_end[index / 64] & (1 << (index % 64)) != 0
    }

    /// Marks or unmarks the byte at `position` as a line end.
    pub(crate) fn set_line_end_at(&mut self, position: usize, value: bool) {
        self.set_line_end(position & MASK, value);
    }

    fn set_line_end(&mut self, index: usize, value: bool) {
        let bit = 1u64 << (index % 64);
        if value {
            self.line_end[index / 64] |= bit;
        } else {
            self.line_end[index / 64] &= !bit;
        }
    }

    /// Clears every line-end mark.
    pub(crate) fn clear_line_ends(&mut self) {
        self.line_end = [0; INPUT_BUFFER_SIZE / 64];
    }

    /// Discards everything.
    pub(crate) fn clear(&mut self) {
        self.head = 0;
        self.canon_head = 0;
        self.tail = 0;
        self.clear_line_ends();
    }
}
