//! Exact text of the system-wide files. Each expectation is written from Linux 6.1's format
//! strings (cited per test), filled in with the fake's values by hand.

mod common;

use common::*;
use kernel_core::services::vfs::MountFlags;
use procfs::{format, MemoryInfo, MountEntry};

#[test]
fn uptime_is_seconds_and_truncated_hundredths() {
    // fs/proc/uptime.c: "%lu.%02lu %lu.%02lu\n"; 12.345678901 s up, 45.009999999 s idle.
    let (_, fs) = world();
    assert_eq!(read_text(&fs, "uptime"), "12.34 45.00\n");
}

#[test]
fn loadavg_rounds_like_get_avenrun() {
    // fs/proc/loadavg.c: "%lu.%02lu %lu.%02lu %lu.%02lu %u/%d %d\n" with FIXED_1/200 added:
    // 0 -> 0.00, 3072 (1.5) -> 1.50, 41 (0.02) -> 0.02; 1 runnable of 2 threads; last pid 42.
    let (_, fs) = world();
    assert_eq!(read_text(&fs, "loadavg"), "0.00 1.50 0.02 1/2 42\n");
}

#[test]
fn stat_sums_nanoseconds_before_converting_to_ticks() {
    // fs/proc/stat.c: "cpu  " + " %llu" x10 (nsec_to_clock_t of the sums), "cpu%d" lines,
    // "intr %llu" + " %u" per irq, "\nctxt %llu\nbtime %llu\nprocesses %lu\nprocs_running
    // %u\nprocs_blocked %u\n", "softirq %llu" + 10 x " %u".
    // user: 15+30+45+60 ms = 15 ticks total, 1/3/4/6 per CPU (truncated); irq 4 x 9.999999 ms
    // = 3 ticks total but 0 on each line.
    let (_, fs) = world();
    let expected = "cpu  15 0 10 4503 0 3 0 0 0 0\n\
                    cpu0 1 0 2 1125 0 0 0 0 0 0\n\
                    cpu1 3 0 2 1125 0 0 0 0 0 0\n\
                    cpu2 4 0 2 1125 0 0 0 0 0 0\n\
                    cpu3 6 0 2 1125 0 0 0 0 0 0\n\
                    intr 12 0 5 0 7\n\
                    ctxt 1234\n\
                    btime 1700000000\n\
                    processes 43\n\
                    procs_running 1\n\
                    procs_blocked 0\n\
                    softirq 173 0 100 0 0 3 0 0 50 0 20\n";
    assert_eq!(read_text(&fs, "stat"), expected);
}

#[test]
fn cpuinfo_matches_arm64_c_show() {
    // arch/arm64/kernel/cpuinfo.c: "processor\t: %d\n", "BogoMIPS\t: %lu.%02lu\n" (62.5 MHz
    // timer, HZ=250: loops_per_jiffy 250000 -> 125.00), "Features\t:" + " %s" per hwcap,
    // "CPU implementer\t: 0x%02x\n", "CPU architecture: 8\n", "CPU variant\t: 0x%x\n",
    // "CPU part\t: 0x%03x\n", "CPU revision\t: %d\n\n". MIDR 0x410fd083 is a Cortex-A72 r0p3.
    let (_, fs) = world();
    let mut expected = String::new();
    for cpu in 0..4 {
        expected += &format!(
            "processor\t: {cpu}\n\
             BogoMIPS\t: 125.00\n\
             Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 cpuid\n\
             CPU implementer\t: 0x41\n\
             CPU architecture: 8\n\
             CPU variant\t: 0x0\n\
             CPU part\t: 0xd08\n\
             CPU revision\t: 3\n\n"
        );
    }
    assert_eq!(read_text(&fs, "cpuinfo"), expected);
}

#[test]
fn hwcap2_names_follow_hwcap_names() {
    let (fake, fs) = world();
    {
        let mut system = fake.system.lock().unwrap();
        system.hwcap = 1 | (1 << 31);
        system.hwcap2 = (1 << 1) | (1 << 16) | (1 << 33);
    }
    let text = read_text(&fs, "cpuinfo");
    assert!(
        text.contains("Features\t: fp pacg sve2 rng sveebf16\n"),
        "{text}"
    );
}

#[test]
fn cmdline_ends_with_a_newline() {
    // fs/proc/cmdline.c: seq_puts(saved_command_line); seq_putc('\n').
    let (_, fs) = world();
    assert_eq!(
        read_text(&fs, "cmdline"),
        "console=ttyAMA0 rdinit=/bin/sh\n"
    );
}

#[test]
fn meminfo_has_linux_order_and_widths() {
    // fs/proc/meminfo.c show_val_kb: 16-column label, "%8lu kB\n"; "HardwareCorrupted: %5lu
    // kB\n"; mm/hugetlb.c: "HugePages_Total:   %5lu\n" .. "Hugepagesize:   %8lu kB\n",
    // "Hugetlb:        %8lu kB\n". Values wider than 8 columns are not cut.
    let info = MemoryInfo {
        total_kb: 500_000,
        free_kb: 470_000,
        available_kb: 468_000,
        cached_kb: 12_000,
        active_anon_kb: 100,
        inactive_anon_kb: 12_000,
        active_file_kb: 200,
        inactive_file_kb: 50,
        shmem_kb: 12_000,
        anon_pages_kb: 96,
        mapped_kb: 1_000,
        slab_reclaimable_kb: 1_000,
        slab_unreclaimable_kb: 2_000,
        kernel_stack_kb: 512,
        page_tables_kb: 80,
        commit_limit_kb: 250_000,
        committed_kb: 13_000,
        vmalloc_total_kb: 133_141_626_880,
        vmalloc_used_kb: 1_000,
        percpu_kb: 384,
        huge_page_size_kb: 2048,
        ..MemoryInfo::default()
    };
    let expected = "\
MemTotal:         500000 kB
MemFree:          470000 kB
MemAvailable:     468000 kB
Buffers:               0 kB
Cached:            12000 kB
SwapCached:            0 kB
Active:              300 kB
Inactive:          12050 kB
Active(anon):        100 kB
Inactive(anon):    12000 kB
Active(file):        200 kB
Inactive(file):       50 kB
Unevictable:           0 kB
Mlocked:               0 kB
SwapTotal:             0 kB
SwapFree:              0 kB
Zswap:                 0 kB
Zswapped:              0 kB
Dirty:                 0 kB
Writeback:             0 kB
AnonPages:            96 kB
Mapped:             1000 kB
Shmem:             12000 kB
KReclaimable:       1000 kB
Slab:               3000 kB
SReclaimable:       1000 kB
SUnreclaim:         2000 kB
KernelStack:         512 kB
PageTables:           80 kB
SecPageTables:         0 kB
NFS_Unstable:          0 kB
Bounce:                0 kB
WritebackTmp:          0 kB
CommitLimit:      250000 kB
Committed_AS:      13000 kB
VmallocTotal:   133141626880 kB
VmallocUsed:        1000 kB
VmallocChunk:          0 kB
Percpu:              384 kB
HardwareCorrupted:     0 kB
AnonHugePages:         0 kB
ShmemHugePages:        0 kB
ShmemPmdMapped:        0 kB
FileHugePages:         0 kB
FilePmdMapped:         0 kB
CmaTotal:              0 kB
CmaFree:               0 kB
HugePages_Total:       0
HugePages_Free:        0
HugePages_Rsvd:        0
HugePages_Surp:        0
Hugepagesize:       2048 kB
Hugetlb:               0 kB
";
    assert_eq!(String::from_utf8(format::meminfo(&info)).unwrap(), expected);
}

#[test]
fn mounts_escape_and_list_flags_in_linux_order() {
    // fs/proc_namespace.c show_vfsmnt: mangle(devname) ' ' path ' ' type, " ro"/" rw",
    // show_sb_opts, show_mnt_opts, fs options, " 0 0\n"; mangle escapes " \t\n\\" as \ooo.
    let (_, fs) = world();
    assert_eq!(
        read_text(&fs, "1/mounts"),
        "rootfs / rootfs rw,size=233428k,nr_inodes=58357 0 0\nproc /proc proc rw,relatime 0 0\n"
    );
    let odd = MountEntry {
        source: Vec::new(),
        path: b"/mnt/a b\tc\\d".to_vec(),
        fs_type: b"tmpfs".to_vec(),
        flags: MountFlags::RDONLY
            | MountFlags::NOEXEC
            | MountFlags::NOSUID
            | MountFlags::LAZYTIME
            | MountFlags::NOATIME,
        options: Vec::new(),
    };
    assert_eq!(
        String::from_utf8(format::mounts(&[odd])).unwrap(),
        "none /mnt/a\\040b\\011c\\134d tmpfs ro,lazytime,nosuid,noexec,noatime 0 0\n"
    );
}
