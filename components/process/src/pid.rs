//! Pid allocation as Linux's `alloc_pid`: cyclic, wrapping to `RESERVED_PIDS` at `pid_max`.

use alloc::collections::BTreeSet;
use kernel_core::services::process::Pid;
use kernel_core::Errno;

/// The default `/proc/sys/kernel/pid_max` (`PID_MAX_DEFAULT`, `include/linux/threads.h`).
pub const PID_MAX_DEFAULT: u32 = 0x8000;
/// Where allocation restarts after wrapping (`RESERVED_PIDS`, `kernel/pid.c`).
pub const RESERVED_PIDS: u32 = 300;
/// The largest `pid_max` Linux allows on 64-bit (`PID_MAX_LIMIT`).
pub const PID_MAX_LIMIT: u32 = 4 * 1024 * 1024;

/// Hands out process and thread IDs; threads and processes share the space.
///
/// Like `idr_alloc_cyclic` under `alloc_pid`: the next ID is the first free one at or after
/// the last one handed out plus one, below `pid_max`; past the end it wraps to 1 until the
/// cursor has passed `RESERVED_PIDS`, and to `RESERVED_PIDS` after that. All taken: `EAGAIN`.
#[derive(Clone, Debug)]
pub struct PidAllocator {
    used: BTreeSet<u32>,
    cursor: u32,
    pid_max: u32,
}

impl Default for PidAllocator {
    fn default() -> Self {
        Self::new()
    }
}

impl PidAllocator {
    /// An empty allocator with `pid_max` 32768: the first ID is 1 (init).
    pub fn new() -> Self {
        Self::with_pid_max(PID_MAX_DEFAULT)
    }

    /// An empty allocator with `pid_max` clamped to Linux's range
    /// (`RESERVED_PIDS + 1 ..= PID_MAX_LIMIT`).
    pub fn with_pid_max(pid_max: u32) -> Self {
        Self {
            used: BTreeSet::new(),
            cursor: 0,
            pid_max: pid_max.clamp(RESERVED_PIDS + 1, PID_MAX_LIMIT),
        }
    }

    /// `pid_max`: IDs are below it.
    pub fn pid_max(&self) -> u32 {
        self.pid_max
    }

    /// How many IDs are in use.
    pub fn in_use(&self) -> usize {
        self.used.len()
    }

    /// Whether `pid` is allocated.
    pub fn is_used(&self, pid: Pid) -> bool {
        self.used.contains(&(pid.as_raw() as u32))
    }

    /// Allocates the next ID; `EAGAIN` when all of `1..pid_max` (or, after a wrap,
    /// `RESERVED_PIDS..pid_max`) are taken, as `fork` reports it.
    pub fn allocate(&mut self) -> Result<Pid, Errno> {
        let start = if self.cursor > RESERVED_PIDS {
            RESERVED_PIDS
        } else {
            1
        };
        let last = self.pid_max - 1;
        let from = self.cursor.max(start);
        let found = self.first_free(from, last).or_else(|| {
            (from > start)
                .then(|| self.first_free(start, last))
                .flatten()
        });
        let id = found.ok_or(Errno::EAGAIN)?;
        self.used.insert(id);
        self.cursor = id + 1;
        Pid::new(id as i32).ok_or(Errno::EAGAIN)
    }

    /// Takes a specific ID (used when building init); `EEXIST` if taken, `EINVAL` if out of
    /// range.
    pub fn claim(&mut self, pid: Pid) -> Result<(), Errno> {
        let id = pid.as_raw() as u32;
        if id >= self.pid_max {
            return Err(Errno::EINVAL);
        }
        if !self.used.insert(id) {
            return Err(Errno::EEXIST);
        }
        self.cursor = self.cursor.max(id + 1);
        Ok(())
    }

    /// Frees `pid` (when the last user of the number is released).
    pub fn release(&mut self, pid: Pid) {
        self.used.remove(&(pid.as_raw() as u32));
    }

    fn first_free(&self, from: u32, last: u32) -> Option<u32> {
        if from > last {
            return None;
        }
        let mut candidate = from;
        for &taken in self.used.range(from..=last) {
            if taken != candidate {
                break;
            }
            candidate += 1;
        }
        (candidate <= last).then_some(candidate)
    }
}
