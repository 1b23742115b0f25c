//! Exact text of the per-process files. Each expectation is written from Linux 6.1's format
//! strings (cited per test), filled in with the fake's values by hand.

mod common;

use common::*;

#[test]
fn pid_stat_has_the_52_fields_of_do_task_stat() {
    // fs/proc/array.c do_task_stat: pid (comm) state ppid pgrp session tty_nr tpgid flags
    // minflt cminflt majflt cmajflt utime stime cutime cstime priority nice num_threads 0
    // starttime vsize rss rsslim startcode endcode startstack kstkesp kstkeip signal blocked
    // sigignore sigcatch wchan 0 0 exit_signal processor rt_priority policy blkio gtime cgtime
    // start_data end_data start_brk arg_start arg_end env_start env_end exit_code.
    // tty 204:64 -> new_encode_dev 52288; 448 pages -> 1835008 bytes; rss 12+190 pages;
    // signal masks cut to 31 bits (SigCgt's bit 32 disappears); wchan 1: one thread, asleep.
    let (_, fs) = world();
    let expected = "1 (sh) S 0 1 1 52288 1 4194560 285 1012 0 0 3 12 0 4 20 0 1 0 123 \
                    1835008 202 18446744073709551615 4194304 5200400 281474217832000 0 0 \
                    0 0 3670020 65538 1 0 0 17 2 0 0 0 0 0 5307200 5340913 1059803136 \
                    281474217832301 281474217832304 281474217832304 281474217832430 0\n";
    let text = read_text(&fs, "1/stat");
    assert_eq!(text, expected);
    let after_name = text.split(") ").nth(1).unwrap();
    assert_eq!(after_name.split(' ').count(), 50, "52 fields in all");
}

#[test]
fn zombie_stat_has_no_memory_fields() {
    let (_, fs) = world();
    let expected = "42 (sleep) Z 1 42 1 0 -1 4194560 285 1012 0 0 3 12 0 4 20 0 1 0 123 \
                    0 0 18446744073709551615 0 0 0 0 0 \
                    0 0 3670020 65538 1 0 0 17 2 0 0 0 0 0 0 0 0 0 0 0 0 9\n";
    assert_eq!(read_text(&fs, "42/stat"), expected);
}

const INIT_STATUS: &str = "Name:\tsh
Umask:\t0022
State:\tS (sleeping)
Tgid:\t1
Ngid:\t0
Pid:\t1
PPid:\t0
TracerPid:\t0
Uid:\t0\t0\t0\t0
Gid:\t0\t0\t0\t0
FDSize:\t64
Groups:\t 
NStgid:\t1
NSpid:\t1
NSpgid:\t1
NSsid:\t1
VmPeak:\t    1804 kB
VmSize:\t    1792 kB
VmLck:\t       0 kB
VmPin:\t       0 kB
VmHWM:\t     820 kB
VmRSS:\t     808 kB
RssAnon:\t      48 kB
RssFile:\t     760 kB
RssShmem:\t       0 kB
VmData:\t      72 kB
VmStk:\t     132 kB
VmExe:\t     984 kB
VmLib:\t       0 kB
VmPTE:\t      36 kB
VmSwap:\t       0 kB
HugetlbPages:\t       0 kB
CoreDumping:\t0
THP_enabled:\t1
Threads:\t1
SigQ:\t0/1855
SigPnd:\t0000000000000000
ShdPnd:\t0000000000000000
SigBlk:\t0000000000000000
SigIgn:\t0000000000380004
SigCgt:\t0000000100010002
CapInh:\t0000000000000000
CapPrm:\t000001ffffffffff
CapEff:\t000001ffffffffff
CapBnd:\t000001ffffffffff
CapAmb:\t0000000000000000
NoNewPrivs:\t0
Seccomp:\t0
Seccomp_filters:\t0
Speculation_Store_Bypass:\tvulnerable
SpeculationIndirectBranch:\tunknown
Cpus_allowed:\tf
Cpus_allowed_list:\t0-3
Mems_allowed:\t0001
Mems_allowed_list:\t0
voluntary_ctxt_switches:\t97
nonvoluntary_ctxt_switches:\t12
";

#[test]
fn status_matches_proc_pid_status() {
    // fs/proc/array.c proc_pid_status/task_state ("Umask:\t%#04o\n", "\nUid:\t" + "\t"-separated,
    // Groups with a trailing space), fs/proc/task_mmu.c task_mem (SEQ_PUT_DEC: kB in 8
    // columns; VmExe = PAGE_ALIGN(end_code) - start_code capped by exec_vm: 0xf6000 = 984 kB),
    // task_sig/render_sigset_t ("%016lx"), task_cap (render_cap_t), task_seccomp,
    // task_cpus_allowed ("%*pb", "%*pbl" over nr_cpu_ids = 4), cpuset ("%*pb" over
    // MAX_NUMNODES = 16), task_context_switch_counts.
    let (_, fs) = world();
    assert_eq!(read_text(&fs, "1/status"), INIT_STATUS);
}

#[test]
fn zombie_status_has_no_memory_lines() {
    let (_, fs) = world();
    let text = read_text(&fs, "42/status");
    assert!(text.starts_with("Name:\tsleep\nState:\tZ (zombie)\nTgid:\t42\n"));
    assert!(text.contains("FDSize:\t0\n"));
    assert!(text.contains("PPid:\t1\n"));
    assert!(text.contains("NSsid:\t1\nThreads:\t1\n"), "{text}");
    assert!(!text.contains("VmRSS"));
}

#[test]
fn status_escapes_newline_and_backslash_in_the_name_but_stat_does_not() {
    let (fake, fs) = world();
    fake.processes
        .lock()
        .unwrap()
        .get_mut(&1)
        .unwrap()
        .task
        .comm = b"a\nb\\c d".to_vec();
    assert!(read_text(&fs, "1/status").starts_with("Name:\ta\\nb\\\\c d\nUmask:"));
    assert!(read_text(&fs, "1/stat").starts_with("1 (a\nb\\c d) S "));
}

#[test]
fn cpu_masks_group_in_32_bit_chunks() {
    let (fake, fs) = world();
    fake.system.lock().unwrap().possible_cpus = 40;
    {
        let mut table = fake.processes.lock().unwrap();
        table.get_mut(&1).unwrap().task.cpus_allowed = (1 << 39) | 0b1011;
    }
    let text = read_text(&fs, "1/status");
    assert!(
        text.contains("Cpus_allowed:\t80,0000000b\nCpus_allowed_list:\t0-1,3,39\n"),
        "{text}"
    );
}
