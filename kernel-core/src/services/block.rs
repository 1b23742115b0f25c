//! Block devices (filled in by the storage issue).

use crate::Errno;

/// A device of fixed-size blocks.
///
/// Invariants: buffers are whole blocks; data passed to `write_blocks` is durable once `flush`
/// returns `Ok`.
pub trait BlockDevice: Send + Sync {
    /// Bytes per block.
    fn block_size(&self) -> usize;
    /// Number of blocks.
    fn block_count(&self) -> u64;
    /// Reads whole blocks starting at `first_block` into `buffer`.
    fn read_blocks(&self, first_block: u64, buffer: &mut [u8]) -> Result<(), Errno>;
    /// Writes whole blocks starting at `first_block` from `buffer`.
    fn write_blocks(&self, first_block: u64, buffer: &[u8]) -> Result<(), Errno>;
    /// Makes every completed write durable.
    fn flush(&self) -> Result<(), Errno>;
}
