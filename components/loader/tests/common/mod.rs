//! Shared helpers of the loader's host tests: the input cache, host tools, scratch directories
//! and a seeded random generator.
#![allow(dead_code)]

pub mod elfgen;
pub mod newc;
pub mod readelf;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The shared cache of test inputs: `$LICHEN_CACHE`, else `$HOME/.cache/lichen`.
pub fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("LICHEN_CACHE") {
        return PathBuf::from(dir);
    }
    let home = std::env::var_os("HOME").expect("HOME is not set and LICHEN_CACHE is not set");
    PathBuf::from(home).join(".cache/lichen")
}

/// Debian's static arm64 BusyBox from the cache; fails with a clear message if missing.
pub fn busybox() -> Vec<u8> {
    let path = cache_dir().join("busybox/busybox");
    std::fs::read(&path).unwrap_or_else(|error| {
        panic!(
            "cannot read {}: {error}; run `cargo xtask setup` to fill the test-input cache",
            path.display()
        )
    })
}

/// Runs `program` with `args`, failing the test with a clear message if it is missing or fails.
pub fn run(program: &str, args: &[&str], dir: &Path) -> Vec<u8> {
    let output = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|error| {
            panic!("cannot run `{program}` ({error}); install it (see docs/dependencies.md)")
        });
    assert!(
        output.status.success(),
        "`{program} {}` failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// Runs a shell command line in `dir` (for pipelines such as `find | cpio`).
pub fn shell(command: &str, dir: &Path) -> Vec<u8> {
    run("sh", &["-c", command], dir)
}

/// A scratch directory removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    /// Creates a fresh directory under the system temp dir.
    pub fn new(tag: &str) -> Self {
        let base = std::env::temp_dir();
        for attempt in 0..1000u32 {
            let path = base.join(format!(
                "lichen-loader-{tag}-{}-{attempt}",
                std::process::id()
            ));
            if std::fs::create_dir(&path).is_ok() {
                return Self(path);
            }
        }
        panic!("cannot create a scratch directory under {}", base.display());
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A small seeded generator (xorshift64*), so fuzz runs are reproducible.
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (0 is replaced by a fixed non-zero value).
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A value in `0..bound` (`bound > 0`).
    pub fn below(&mut self, bound: usize) -> usize {
        (self.next_u64() % bound as u64) as usize
    }

    /// Mutates `data` in one of several ways: flip bits, overwrite bytes with interesting values,
    /// truncate, or duplicate/insert a chunk.
    pub fn mutate(&mut self, data: &mut Vec<u8>, hot_len: usize) {
        if data.is_empty() {
            data.push(self.next_u64() as u8);
            return;
        }
        let hot = hot_len.clamp(1, data.len());
        let pick = |rng: &mut Rng| {
            if rng.below(4) == 0 {
                rng.below(data.len())
            } else {
                rng.below(hot)
            }
        };
        match self.below(6) {
            0 => {
                let at = pick(self);
                data[at] ^= 1 << self.below(8);
            }
            1 => {
                let at = pick(self);
                const VALUES: [u8; 8] = [0, 0xff, 0x7f, 0x80, b'0', b'7', b'\n', b' '];
                data[at] = VALUES[self.below(VALUES.len())];
            }
            2 => {
                let at = pick(self);
                let len = 8.min(data.len() - at);
                for byte in &mut data[at..at + len] {
                    *byte = self.next_u64() as u8;
                }
            }
            3 => {
                let keep = self.below(data.len());
                data.truncate(keep);
            }
            4 => {
                let at = pick(self);
                let len = self.below(64).min(data.len() - at);
                let chunk: Vec<u8> = data[at..at + len].to_vec();
                let to = self.below(data.len());
                data.splice(to..to, chunk);
            }
            _ => {
                // Write a random 64-bit value, little-endian, somewhere hot (header fields).
                let at = pick(self);
                let value = match self.below(4) {
                    0 => u64::MAX,
                    1 => 1 << self.below(64),
                    2 => self.next_u64() >> self.below(64),
                    _ => 0,
                };
                for (offset, byte) in value.to_le_bytes().iter().enumerate() {
                    if let Some(slot) = data.get_mut(at + offset) {
                        *slot = *byte;
                    }
                }
            }
        }
    }
}
