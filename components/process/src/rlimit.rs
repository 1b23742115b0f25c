//! Resource limits: numbers, init's defaults and the `setrlimit`/`prlimit64` rules
//! (`include/uapi/asm-generic/resource.h`, `include/asm-generic/resource.h`, `kernel/sys.c`,
//! `kernel/fork.c`).

use kernel_core::Errno;

/// `RLIM_INFINITY` (and `RLIM64_INFINITY`) on arm64.
pub const RLIM_INFINITY: u64 = u64::MAX;
/// `RLIM_NLIMITS`.
pub const RLIM_NLIMITS: usize = 16;
/// `sysctl_nr_open`'s default (`NR_OPEN`): the most `RLIMIT_NOFILE` may be raised to.
pub const NR_OPEN: u64 = 1024 * 1024;
/// `_STK_LIM`: 8 MiB.
pub const STK_LIM: u64 = 8 * 1024 * 1024;
/// `MLOCK_LIMIT`: 8 MiB since Linux 5.16.
pub const MLOCK_LIMIT: u64 = 8 * 1024 * 1024;
/// `MQ_BYTES_MAX`.
pub const MQ_BYTES_MAX: u64 = 819_200;
/// `INR_OPEN_CUR`.
pub const INR_OPEN_CUR: u64 = 1024;
/// `INR_OPEN_MAX`.
pub const INR_OPEN_MAX: u64 = 4096;
/// arm64's `THREAD_SIZE` (16 KiB kernel stacks), used to size `max_threads`.
pub const THREAD_SIZE: u64 = 16 * 1024;
/// `MIN_THREADS`.
pub const MIN_THREADS: u64 = 20;
/// `MAX_THREADS` (`FUTEX_TID_MASK`).
pub const MAX_THREADS: u64 = 0x3fff_ffff;

/// A resource (`RLIMIT_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum Resource {
    /// CPU time in seconds.
    Cpu = 0,
    /// Largest file size.
    Fsize = 1,
    /// Data segment size.
    Data = 2,
    /// Stack size.
    Stack = 3,
    /// Core file size.
    Core = 4,
    /// Resident set size.
    Rss = 5,
    /// Processes (tasks) per real user.
    Nproc = 6,
    /// Open files: one more than the largest fd.
    Nofile = 7,
    /// Locked memory.
    Memlock = 8,
    /// Address space.
    As = 9,
    /// File locks.
    Locks = 10,
    /// Queued signals per real user.
    Sigpending = 11,
    /// Bytes in POSIX message queues.
    Msgqueue = 12,
    /// Nice ceiling.
    Nice = 13,
    /// Real-time priority ceiling.
    Rtprio = 14,
    /// Real-time CPU time in microseconds.
    Rttime = 15,
}

impl Resource {
    /// The resource numbered `raw`; `EINVAL` past `RLIM_NLIMITS`.
    pub fn from_raw(raw: u32) -> Result<Self, Errno> {
        use Resource::*;
        const ALL: [Resource; RLIM_NLIMITS] = [
            Cpu, Fsize, Data, Stack, Core, Rss, Nproc, Nofile, Memlock, As, Locks, Sigpending,
            Msgqueue, Nice, Rtprio, Rttime,
        ];
        ALL.get(raw as usize).copied().ok_or(Errno::EINVAL)
    }
}

/// A soft and a hard limit (`struct rlimit64`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rlimit {
    /// The limit enforced (`rlim_cur`).
    pub soft: u64,
    /// The ceiling for the soft limit (`rlim_max`).
    pub hard: u64,
}

impl Rlimit {
    /// Both limits infinite.
    pub const INFINITE: Rlimit = Rlimit {
        soft: RLIM_INFINITY,
        hard: RLIM_INFINITY,
    };

    /// The 16 user bytes of `struct rlimit64`.
    pub fn to_bytes(&self) -> [u8; 16] {
        let mut bytes = [0u8; 16];
        bytes[0..8].copy_from_slice(&self.soft.to_le_bytes());
        bytes[8..16].copy_from_slice(&self.hard.to_le_bytes());
        bytes
    }

    /// Decodes 16 user bytes.
    pub fn from_bytes(bytes: &[u8; 16]) -> Self {
        let mut soft = [0u8; 8];
        let mut hard = [0u8; 8];
        soft.copy_from_slice(&bytes[0..8]);
        hard.copy_from_slice(&bytes[8..16]);
        Rlimit {
            soft: u64::from_le_bytes(soft),
            hard: u64::from_le_bytes(hard),
        }
    }
}

/// `max_threads` for a machine with `total_ram_pages` 4 KiB pages (`set_max_threads`): the
/// thread stacks may take at most an eighth of memory.
pub fn max_threads(total_ram_pages: u64) -> u64 {
    let bytes = total_ram_pages.saturating_mul(4096);
    (bytes / (THREAD_SIZE * 8)).clamp(MIN_THREADS, MAX_THREADS)
}

/// A process's limits (`signal->rlim`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rlimits {
    limits: [Rlimit; RLIM_NLIMITS],
}

impl Rlimits {
    /// init's limits (`INIT_RLIMITS`, then `fork_init` sets `RLIMIT_NPROC` and
    /// `RLIMIT_SIGPENDING` to `max_threads / 2` for this much RAM).
    pub fn init_task(total_ram_pages: u64) -> Self {
        let mut limits = [Rlimit::INFINITE; RLIM_NLIMITS];
        let set = |limits: &mut [Rlimit; RLIM_NLIMITS], r: Resource, soft, hard| {
            limits[r as usize] = Rlimit { soft, hard };
        };
        set(&mut limits, Resource::Stack, STK_LIM, RLIM_INFINITY);
        set(&mut limits, Resource::Core, 0, RLIM_INFINITY);
        set(&mut limits, Resource::Nofile, INR_OPEN_CUR, INR_OPEN_MAX);
        set(&mut limits, Resource::Memlock, MLOCK_LIMIT, MLOCK_LIMIT);
        set(&mut limits, Resource::Msgqueue, MQ_BYTES_MAX, MQ_BYTES_MAX);
        set(&mut limits, Resource::Nice, 0, 0);
        set(&mut limits, Resource::Rtprio, 0, 0);
        let tasks = max_threads(total_ram_pages) / 2;
        set(&mut limits, Resource::Nproc, tasks, tasks);
        set(&mut limits, Resource::Sigpending, tasks, tasks);
        Self { limits }
    }

    /// The limit of `resource`.
    pub fn get(&self, resource: Resource) -> Rlimit {
        self.limits[resource as usize]
    }

    /// The soft limit of `resource` (`rlimit()`).
    pub fn soft(&self, resource: Resource) -> u64 {
        self.limits[resource as usize].soft
    }

    /// `do_prlimit`'s change: `EINVAL` if soft exceeds hard, `EPERM` for `RLIMIT_NOFILE` above
    /// `NR_OPEN` or for raising the hard limit without `CAP_SYS_RESOURCE`
    /// (`may_raise_hard`). Returns the old limit.
    pub fn set(
        &mut self,
        resource: Resource,
        new: Rlimit,
        may_raise_hard: bool,
    ) -> Result<Rlimit, Errno> {
        if new.soft > new.hard {
            return Err(Errno::EINVAL);
        }
        if resource == Resource::Nofile && new.hard > NR_OPEN {
            return Err(Errno::EPERM);
        }
        let old = self.get(resource);
        if new.hard > old.hard && !may_raise_hard {
            return Err(Errno::EPERM);
        }
        self.limits[resource as usize] = new;
        Ok(old)
    }
}
