//! `/dev/random` and `/dev/urandom`: a ChaCha20 generator with fast key erasure.
//!
//! Seeded at construction from the board's seed (e.g. the DTB's `/chosen/rng-seed`, or zeros
//! when there is none) mixed with the boot clock; every request also folds in the clock. After
//! each request the key is replaced by fresh keystream, so earlier output cannot be recomputed
//! from the state. Writing to the device mixes the bytes into the key (any user may, as on
//! Linux). Neither device ever blocks, as on Linux 5.6+ once seeded. Without a real entropy
//! source the output is only as unpredictable as the seed: boards should supply one.

use super::chacha::{block, words};
use crate::clock::WallClock;
use alloc::sync::Arc;
use kernel_core::services::vfs::{CharDeviceOps, PollEvents, Waker};
use kernel_core::sync::SpinLock;
use kernel_core::Errno;

struct Generator {
    key: [u32; 8],
    requests: u64,
}

impl Generator {
    fn rekey(&mut self, nonce: &[u32; 3]) {
        let fresh = block(&self.key, u32::MAX, nonce);
        let mut bytes = [0u8; 32];
        bytes.copy_from_slice(&fresh[..32]);
        self.key = words(&bytes);
    }
}

/// The random-number generator behind both devices.
pub struct RandomDevice {
    generator: SpinLock<Generator>,
    clock: WallClock,
}

impl RandomDevice {
    /// A generator keyed by `seed` mixed with the clock.
    pub fn new(seed: [u8; 32], clock: WallClock) -> Self {
        let device = Self {
            generator: SpinLock::new(Generator {
                key: words(&seed),
                requests: 0,
            }),
            clock,
        };
        device.mix(&device.clock.uptime_ns().to_le_bytes());
        device
    }

    /// Fills `buffer` with random bytes.
    pub fn fill(&self, buffer: &mut [u8]) {
        let uptime = self.clock.uptime_ns();
        let mut generator = self.generator.lock();
        generator.requests += 1;
        let nonce = [
            uptime as u32,
            (uptime >> 32) as u32,
            generator.requests as u32,
        ];
        for (counter, chunk) in buffer.chunks_mut(64).enumerate() {
            let stream = block(&generator.key, counter as u32, &nonce);
            chunk.copy_from_slice(&stream[..chunk.len()]);
        }
        generator.rekey(&nonce);
    }

    /// Folds `bytes` into the key.
    pub fn mix(&self, bytes: &[u8]) {
        let mut generator = self.generator.lock();
        for chunk in bytes.chunks(32) {
            let mut padded = [0u8; 32];
            padded[..chunk.len()].copy_from_slice(chunk);
            for (word, extra) in generator.key.iter_mut().zip(words(&padded)) {
                *word ^= extra;
            }
            generator.rekey(&[0, 0, chunk.len() as u32]);
        }
    }
}

impl CharDeviceOps for RandomDevice {
    fn read(&self, buffer: &mut [u8], _nonblocking: bool) -> Result<usize, Errno> {
        self.fill(buffer);
        Ok(buffer.len())
    }

    fn write(&self, buffer: &[u8], _nonblocking: bool) -> Result<usize, Errno> {
        self.mix(buffer);
        Ok(buffer.len())
    }

    fn poll(&self, interest: PollEvents, _waker: Option<&Arc<dyn Waker>>) -> PollEvents {
        interest & (PollEvents::READABLE | PollEvents::WRITABLE)
    }

    fn seekable(&self) -> bool {
        true
    }
}
