//! Init's limits and the `setrlimit`/`prlimit64` rules.

use super::{fork, pid, table, RAM_PAGES};
use crate::rlimit::{max_threads, Resource, Rlimit, Rlimits, RLIM_INFINITY};
use kernel_core::Errno;

const INF: u64 = RLIM_INFINITY;

#[test]
fn init_task_limits_are_linux_defaults() {
    // include/asm-generic/resource.h INIT_RLIMITS; kernel/fork.c fork_init for NPROC and
    // SIGPENDING: max_threads / 2 with max_threads = RAM / (THREAD_SIZE * 8).
    let limits = Rlimits::init_task(RAM_PAGES);
    let expect = |r: Resource, soft: u64, hard: u64| {
        assert_eq!(limits.get(r), Rlimit { soft, hard }, "{r:?}");
    };
    expect(Resource::Cpu, INF, INF);
    expect(Resource::Fsize, INF, INF);
    expect(Resource::Data, INF, INF);
    expect(Resource::Stack, 8 * 1024 * 1024, INF);
    expect(Resource::Core, 0, INF);
    expect(Resource::Rss, INF, INF);
    expect(Resource::Nofile, 1024, 4096);
    expect(Resource::Memlock, 8 * 1024 * 1024, 8 * 1024 * 1024);
    expect(Resource::As, INF, INF);
    expect(Resource::Locks, INF, INF);
    expect(Resource::Msgqueue, 819_200, 819_200);
    expect(Resource::Nice, 0, 0);
    expect(Resource::Rtprio, 0, 0);
    expect(Resource::Rttime, INF, INF);
    // 512 MiB / 128 KiB = 4096 threads; half of it.
    assert_eq!(max_threads(RAM_PAGES), 4096);
    expect(Resource::Nproc, 2048, 2048);
    expect(Resource::Sigpending, 2048, 2048);
    // MIN_THREADS for a tiny machine.
    assert_eq!(max_threads(1), 20);
}

#[test]
fn resource_numbers() {
    assert_eq!(Resource::from_raw(7), Ok(Resource::Nofile));
    assert_eq!(Resource::from_raw(15), Ok(Resource::Rttime));
    assert_eq!(Resource::from_raw(16), Err(Errno::EINVAL));
    assert_eq!(Resource::Stack as u32, 3);
    assert_eq!(Resource::Sigpending as u32, 11);
}

#[test]
fn set_rules() {
    let mut limits = Rlimits::init_task(RAM_PAGES);
    let bad = Rlimit { soft: 10, hard: 5 };
    assert_eq!(limits.set(Resource::Core, bad, true), Err(Errno::EINVAL));
    let huge = Rlimit {
        soft: 1 << 20,
        hard: (1 << 20) + 1,
    };
    assert_eq!(limits.set(Resource::Nofile, huge, true), Err(Errno::EPERM));
    let raise = Rlimit {
        soft: 1024,
        hard: 8192,
    };
    assert_eq!(
        limits.set(Resource::Nofile, raise, false),
        Err(Errno::EPERM)
    );
    let lower = Rlimit {
        soft: 100,
        hard: 200,
    };
    assert_eq!(
        limits.set(Resource::Nofile, lower, false),
        Ok(Rlimit {
            soft: 1024,
            hard: 4096
        })
    );
    assert_eq!(
        limits.set(Resource::Nofile, raise, false),
        Err(Errno::EPERM)
    );
    assert_eq!(limits.set(Resource::Nofile, raise, true), Ok(lower));
    assert_eq!(limits.soft(Resource::Nofile), 1024);
}

#[test]
fn prlimit_targets_and_permissions() {
    let mut t = table();
    let child = fork(&mut t, pid(1));
    assert_eq!(t.getrlimit(child, 16), Err(Errno::EINVAL));
    let new = Rlimit { soft: 0, hard: 0 };
    assert_eq!(
        t.prlimit(pid(1), child.as_raw(), 4, Some(new)),
        Ok(Rlimit { soft: 0, hard: INF })
    );
    assert_eq!(t.getrlimit(child, 4), Ok(new));
    assert_eq!(
        t.getrlimit(pid(1), 4),
        Ok(Rlimit { soft: 0, hard: INF }),
        "per process"
    );
    assert_eq!(t.prlimit(pid(1), 999, 4, None), Err(Errno::ESRCH));
    // An unprivileged process with other ids may not touch root's limits.
    t.change_credentials(child, |c| c.setresuid(1000, 1000, 1000))
        .unwrap();
    assert_eq!(t.prlimit(child, 1, 4, None), Err(Errno::EPERM));
    // But may read its own, and the resource is checked after permission.
    assert_eq!(t.prlimit(child, 0, 99, None), Err(Errno::EINVAL));
    assert_eq!(
        t.setrlimit(child, 4, Rlimit { soft: 0, hard: 10 }),
        Err(Errno::EPERM)
    );
}

#[test]
fn rlimit_bytes() {
    let limit = Rlimit { soft: 1, hard: INF };
    let bytes = limit.to_bytes();
    assert_eq!(&bytes[0..8], &1u64.to_le_bytes());
    assert_eq!(&bytes[8..16], &[0xff; 8]);
    assert_eq!(Rlimit::from_bytes(&bytes), limit);
}
