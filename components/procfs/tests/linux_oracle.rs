//! procfs against text Linux printed: Debian's 6.1.0-56-arm64 kernel (`~/.cache/lichen/linux/
//! Image.gz`) booted on `qemu-system-aarch64 -M virt -cpu cortex-a72 -smp 4 -m 512M` with
//! Debian's static BusyBox as `/init`, which mounted proc and `cat`-ed each file into
//! `tests/linux/` (`1_stat.txt` is `/proc/1/stat`). The fake below holds the facts those texts
//! show; procfs must then print the very same bytes.

mod common;

use common::*;
use kernel_core::services::process::ProcessRunState;
use kernel_core::services::vfs::MountFlags;
use procfs::{
    format, CpuTimes, MemoryInfo, MemoryLayout, MountEntry, SchedState, SpeculationState,
};

fn linux(name: &str) -> String {
    let path = format!("{}/tests/linux/{name}.txt", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Init (BusyBox `sh /init`) as Linux showed it.
fn busybox_init() -> FakeProcess {
    let mut init = init_shell();
    init.info.pgid = 0;
    init.info.sid = 0;
    init.info.state = ProcessRunState::Alive;
    let task = &mut init.task;
    task.comm = b"init".to_vec();
    task.sched_state = SchedState::Sleeping;
    task.tty = None;
    task.minor_faults = (114, 469);
    task.cpu_time_ns = (20_000_000, 580_000_000);
    task.children_cpu_time_ns = (10_000_000, 60_000_000);
    task.start_time_ns = 20_000_000;
    task.cpu = 1;
    task.ignored = 1 << 2;
    task.caught = (1 << 1) | (1 << 16);
    task.signal_queue = (0, 1614);
    task.context_switches = (226, 73);
    task.speculation_store_bypass = SpeculationState::Vulnerable;
    init.memory = Some(MemoryLayout {
        total_pages: (522, 522),
        locked_pages: (0, 0),
        resident_pages: (16, 1, 325),
        resident_peak_pages: 342,
        data_stack_exec_pages: (44, 33, 436),
        page_table_bytes: 36 * 1024,
        swap_pages: 0,
        code: (4_194_304, 5_972_170),
        data: (6_068_304, 6_104_344),
        start_brk: 80_601_088,
        start_stack: 281_474_302_397_904,
        arguments: (281_474_302_398_418, 281_474_302_398_432),
        environment: (281_474_302_398_432, 281_474_302_398_450),
    });
    init
}

#[test]
fn pid_stat_and_status_match_linux() {
    let (fake, fs) = world();
    fake.processes.lock().unwrap().insert(1, busybox_init());
    assert_eq!(read_text(&fs, "1/stat"), linux("1_stat"));
    assert_eq!(read_text(&fs, "1/status"), linux("1_status"));
}

#[test]
fn zombie_stat_and_status_match_linux() {
    // `sh -c 'sleep 0 & exec sleep 3'`: the exec'd sleep never reaps its child, pid 101.
    let mut zombie = zombie();
    zombie.info.pid = pid(101);
    zombie.info.parent = Some(pid(99));
    zombie.info.pgid = 0;
    zombie.info.sid = 0;
    let task = &mut zombie.task;
    task.comm = b"busybox".to_vec();
    task.flags = 4_227_084;
    task.minor_faults = (63, 0);
    task.major_faults = (0, 0);
    task.cpu_time_ns = (0, 0);
    task.children_cpu_time_ns = (0, 0);
    task.start_time_ns = 1_100_000_000;
    task.cpu = 2;
    task.exit_code = 0;
    task.ignored = (1 << 1) | (1 << 2);
    task.caught = 0;
    task.signal_queue = (0, 1614);
    task.context_switches = (2, 1);
    task.speculation_store_bypass = SpeculationState::Vulnerable;
    let (fake, fs) = world();
    fake.processes.lock().unwrap().insert(101, zombie);
    assert_eq!(read_text(&fs, "101/stat"), linux("zombie_stat"));
    assert_eq!(read_text(&fs, "101/status"), linux("zombie_status"));
}

#[test]
fn cpuinfo_matches_linux() {
    let (_, fs) = world();
    assert_eq!(read_text(&fs, "cpuinfo"), linux("cpuinfo"));
}

#[test]
fn system_files_match_linux() {
    let (fake, fs) = world();
    {
        let mut system = fake.system.lock().unwrap();
        system.uptime_ns = 1_095_000_000;
        system.idle_ns = 2_539_000_000;
        system.load_average = [0, 0, 0];
        system.running_threads = 1;
        system.total_threads = 62;
        system.last_pid = 101;
        system.context_switches = 1518;
        system.boot_time_secs = 1_795_506_011;
        system.forks = 102;
        let mut interrupts = vec![0; 64];
        interrupts[1] = 70;
        interrupts[2] = 512;
        interrupts[11] = 777;
        system.interrupts = interrupts;
        system.softirqs = [0, 109, 0, 0, 0, 0, 1, 361, 0, 361];
    }
    {
        // Per-CPU ticks (user, system, idle); the remainders below one tick (3 ms user, 2.5 ms
        // idle and softirq per CPU) add up to whole ticks only in the total line, as on Linux.
        let ticks = [(0, 32, 56), (2, 26, 70), (0, 28, 63), (0, 34, 61)];
        let mut cpus = fake.cpus.lock().unwrap();
        for (cpu, (user, system, idle)) in cpus.iter_mut().zip(ticks) {
            cpu.times = CpuTimes {
                user: user * 10_000_000 + 3_000_000,
                system: system * 10_000_000,
                idle: idle * 10_000_000 + 2_500_000,
                softirq: 2_500_000,
                ..CpuTimes::default()
            };
        }
    }
    assert_eq!(read_text(&fs, "uptime"), linux("uptime"));
    assert_eq!(read_text(&fs, "loadavg"), linux("loadavg"));
    assert_eq!(read_text(&fs, "stat"), linux("stat"));
}

#[test]
fn meminfo_matches_linux() {
    let info = MemoryInfo {
        total_kb: 486_284,
        free_kb: 462_428,
        available_kb: 462_700,
        cached_kb: 1808,
        active_anon_kb: 1376,
        inactive_anon_kb: 432,
        anon_pages_kb: 84,
        mapped_kb: 1304,
        shmem_kb: 1808,
        slab_reclaimable_kb: 7864,
        slab_unreclaimable_kb: 7000,
        kernel_stack_kb: 1056,
        page_tables_kb: 88,
        commit_limit_kb: 243_140,
        committed_kb: 2480,
        vmalloc_total_kb: 133_143_592_960,
        vmalloc_used_kb: 2520,
        percpu_kb: 544,
        cma_total_kb: 65_536,
        cma_free_kb: 65_152,
        huge_page_size_kb: 2048,
        ..MemoryInfo::default()
    };
    let text = String::from_utf8(format::meminfo(&info)).unwrap();
    assert_eq!(text, linux("meminfo"));
}

#[test]
fn mounts_match_linux() {
    let (fake, fs) = world();
    *fake.mounts.lock().unwrap() = vec![
        MountEntry {
            source: b"rootfs".to_vec(),
            path: b"/".to_vec(),
            fs_type: b"rootfs".to_vec(),
            flags: MountFlags::empty(),
            options: b"size=206660k,nr_inodes=51665,inode64".to_vec(),
        },
        MountEntry {
            source: b"proc".to_vec(),
            path: b"/proc".to_vec(),
            fs_type: b"proc".to_vec(),
            flags: MountFlags::RELATIME,
            options: Vec::new(),
        },
    ];
    assert_eq!(read_text(&fs, "1/mounts"), linux("mounts"));
}
