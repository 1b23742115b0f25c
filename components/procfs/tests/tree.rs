//! The shape of `/proc`: lookups, listings, links, errors, partial reads.

mod common;

use common::*;
use kernel_core::services::vfs::{mode, FileSystem, FileType};
use kernel_core::Errno;
use procfs::PROC_SUPER_MAGIC;

fn errno<T>(result: Result<T, Errno>) -> Errno {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(errno) => errno,
    }
}

#[test]
fn root_lists_dots_fixed_entries_self_then_pids() {
    let (_, fs) = world();
    let (names, _) = list_from(&fs.root(), 0, usize::MAX);
    assert_eq!(
        names,
        [
            ".", "..", "cmdline", "cpuinfo", "loadavg", "meminfo", "mounts", "stat", "uptime",
            "self", "sys", "1", "42"
        ]
    );
}

#[test]
fn listing_resumes_from_a_cursor_while_processes_come_and_go() {
    let (fake, fs) = world();
    let root = fs.root();
    let (first, cursor) = list_from(&root, 0, 12);
    assert_eq!(first.last().map(String::as_str), Some("1"));
    // Pid 7 appears before the cursor's pid 42 and pid 1 goes: neither changes what follows.
    {
        let mut table = fake.processes.lock().unwrap();
        let mut seven = zombie();
        seven.info.pid = pid(7);
        table.insert(7, seven);
        let mut ninety = zombie();
        ninety.info.pid = pid(90);
        table.insert(90, ninety);
        table.remove(&1);
    }
    let (rest, end) = list_from(&root, cursor, usize::MAX);
    assert_eq!(rest, ["7", "42", "90"]);
    let (nothing, _) = list_from(&root, end, usize::MAX);
    assert!(nothing.is_empty());
}

#[test]
fn a_listing_stopped_by_the_sink_loses_no_entry() {
    let (_, fs) = world();
    let root = fs.root();
    let mut all = Vec::new();
    let mut cursor = 0;
    loop {
        let (names, next) = list_from(&root, cursor, 1);
        if names.is_empty() {
            break;
        }
        all.extend(names);
        cursor = next;
    }
    assert_eq!(all.len(), 13);
    assert_eq!(all[11..], ["1".to_string(), "42".to_string()]);
}

#[test]
fn process_directory_lists_its_entries() {
    let (_, fs) = world();
    let dir = walk(&fs, "1").unwrap();
    let (names, _) = list_from(&dir, 0, usize::MAX);
    assert_eq!(
        names,
        [".", "..", "cmdline", "comm", "cwd", "exe", "fd", "mounts", "stat", "status"]
    );
    let meta = dir.metadata();
    assert_eq!(meta.mode, mode::S_IFDIR | 0o555);
    assert_eq!(meta.dev, fs.device());
    assert_eq!(walk(&fs, "1/..").unwrap().metadata().ino, 1);
}

#[test]
fn dead_and_malformed_pids_are_enoent() {
    let (fake, fs) = world();
    assert_eq!(errno(walk(&fs, "2")), Errno::ENOENT);
    assert_eq!(
        errno(walk(&fs, "01")),
        Errno::ENOENT,
        "name_to_int refuses 0-prefixes"
    );
    assert_eq!(errno(walk(&fs, "0")), Errno::ENOENT);
    assert_eq!(errno(walk(&fs, "99999999999")), Errno::ENOENT);
    assert_eq!(errno(walk(&fs, "nope")), Errno::ENOENT);
    assert_eq!(errno(walk(&fs, "1/nope")), Errno::ENOENT);
    // A directory looked up before its process was reaped answers ENOENT afterwards...
    let dir = walk(&fs, "42").unwrap();
    let stat = walk(&fs, "42/stat").unwrap();
    fake.processes.lock().unwrap().remove(&42);
    assert_eq!(errno(dir.lookup(b"status")), Errno::ENOENT);
    assert_eq!(errno(walk(&fs, "42")), Errno::ENOENT);
    // ...and a file opened before then, ESRCH (the task is gone).
    assert_eq!(errno(stat.read_at(0, &mut [0; 64])), Errno::ESRCH);
}

#[test]
fn reads_at_offsets_and_in_small_pieces_give_the_same_text() {
    let (_, fs) = world();
    let whole = read_text(&fs, "1/status").into_bytes();
    let file = walk(&fs, "1/status").unwrap();
    for chunk in [1, 7, 64, 4096] {
        assert_eq!(read_chunked(&file, chunk).unwrap(), whole, "chunk {chunk}");
    }
    let mut buffer = [0u8; 10];
    assert_eq!(file.read_at(6, &mut buffer).unwrap(), 10);
    assert_eq!(&buffer, &whole[6..16]);
    let end = whole.len() as u64;
    assert_eq!(file.read_at(end - 3, &mut buffer).unwrap(), 3);
    assert_eq!(&buffer[..3], &whole[whole.len() - 3..]);
    assert_eq!(file.read_at(end, &mut buffer).unwrap(), 0);
    assert_eq!(file.read_at(u64::MAX, &mut buffer).unwrap(), 0);
}

#[test]
fn text_is_fixed_at_the_first_read_like_seq_file() {
    let (fake, fs) = world();
    let uptime = walk(&fs, "uptime").unwrap();
    let mut buffer = [0u8; 3];
    assert_eq!(uptime.read_at(0, &mut buffer).unwrap(), 3);
    assert_eq!(&buffer, b"12.");
    fake.system.lock().unwrap().uptime_ns = 99_000_000_000;
    assert_eq!(read_chunked(&uptime, 64).unwrap(), b"12.34 45.00\n");
    assert_eq!(
        read_text(&fs, "uptime"),
        "99.00 45.00\n",
        "a new lookup sees new facts"
    );
}

#[test]
fn self_and_mounts_are_links() {
    let (fake, fs) = world();
    let link = walk(&fs, "self").unwrap();
    assert_eq!(link.file_type(), FileType::Symlink);
    assert_eq!(link.readlink().unwrap(), b"1");
    *fake.current.lock().unwrap() = Some(pid(42));
    assert_eq!(link.readlink().unwrap(), b"42", "computed at each readlink");
    *fake.current.lock().unwrap() = None;
    assert_eq!(
        errno(link.readlink()),
        Errno::ENOENT,
        "a kernel thread has no self"
    );
    let mounts = walk(&fs, "mounts").unwrap();
    assert_eq!(mounts.metadata().mode, mode::S_IFLNK | 0o777);
    assert_eq!(mounts.readlink().unwrap(), b"self/mounts");
}

#[test]
fn exe_links_to_the_executable_until_the_process_is_a_zombie() {
    let (_, fs) = world();
    assert_eq!(
        walk(&fs, "1/exe").unwrap().readlink().unwrap(),
        b"/bin/busybox"
    );
    assert_eq!(
        errno(walk(&fs, "42/exe").unwrap().readlink()),
        Errno::ENOENT
    );
}

#[test]
fn fd_directory_lists_descriptors_as_links_with_access_modes() {
    let (_, fs) = world();
    let fd = walk(&fs, "1/fd").unwrap();
    assert_eq!(fd.metadata().mode, mode::S_IFDIR | 0o500);
    let (names, _) = list_from(&fd, 0, usize::MAX);
    assert_eq!(names, [".", "..", "0", "1", "10"]);
    let console = walk(&fs, "1/fd/0").unwrap();
    assert_eq!(console.readlink().unwrap(), b"/dev/console");
    let meta = console.metadata();
    assert_eq!(meta.mode, mode::S_IFLNK | 0o700);
    assert_eq!(meta.size, 64);
    let pipe = walk(&fs, "1/fd/10").unwrap();
    assert_eq!(pipe.readlink().unwrap(), b"pipe:[4711]");
    assert_eq!(pipe.metadata().mode, mode::S_IFLNK | 0o500);
    assert_eq!(errno(walk(&fs, "1/fd/2")), Errno::ENOENT);
    assert_eq!(errno(walk(&fs, "1/fd/x")), Errno::ENOENT);
    assert_eq!(
        walk(&fs, "1/fd/..").unwrap().metadata().mode,
        mode::S_IFDIR | 0o555
    );
    let (after_one, _) = list_from(&fd, 2 + 2, usize::MAX);
    assert_eq!(after_one, ["10"], "descriptor cursors are 2 + fd");
}

#[test]
fn zombie_fd_directory_has_only_dots() {
    let (_, fs) = world();
    let (names, _) = list_from(&walk(&fs, "42/fd").unwrap(), 0, usize::MAX);
    assert_eq!(names, [".", ".."]);
}

#[test]
fn cmdline_of_a_process_is_its_argument_bytes() {
    let (_, fs) = world();
    let file = walk(&fs, "1/cmdline").unwrap();
    assert_eq!(read_chunked(&file, 2).unwrap(), b"sh\0");
    assert_eq!(
        read_chunked(&walk(&fs, "42/cmdline").unwrap(), 8).unwrap(),
        b""
    );
}

#[test]
fn files_are_read_only_and_owned_like_linux() {
    let (fake, fs) = world();
    fake.processes
        .lock()
        .unwrap()
        .get_mut(&1)
        .unwrap()
        .info
        .uids = [1000, 1001, 1002, 1003];
    let status = walk(&fs, "1/status").unwrap();
    let meta = status.metadata();
    assert_eq!(meta.mode, mode::S_IFREG | 0o444);
    assert_eq!((meta.uid, meta.size), (1001, 0), "effective uid; size 0");
    assert_eq!(errno(status.write_at(0, b"x")), Errno::EINVAL);
    assert_eq!(errno(fs.root().unlink(b"uptime")), Errno::EPERM);
    assert_eq!(
        walk(&fs, "meminfo").unwrap().metadata().mode,
        mode::S_IFREG | 0o444
    );
    assert_eq!(fs.root().metadata().mode, mode::S_IFDIR | 0o555);
    assert_eq!(
        walk(&fs, "..").unwrap().metadata().ino,
        1,
        "the root is its own parent"
    );
}

#[test]
fn statfs_reports_proc_super_magic() {
    let (_, fs) = world();
    let stats = fs.stats();
    assert_eq!(stats.magic, 0x9fa0);
    assert_eq!(stats.magic, PROC_SUPER_MAGIC);
    assert_eq!((stats.block_size, stats.name_max), (4096, 255));
    assert_eq!(fs.name(), "proc");
}

#[test]
fn sysctl_printk_is_readable_and_writable_and_comm_ends_with_a_newline() {
    let (_, fs) = world();
    let printk = walk(&fs, "sys/kernel/printk").unwrap();
    assert_eq!(read_chunked(&printk, 64).unwrap(), b"7\t4\t1\t7\n");
    assert_eq!(printk.write_at(0, b"0").unwrap(), 1);
    assert_eq!(
        read_chunked(&walk(&fs, "sys/kernel/printk").unwrap(), 64).unwrap(),
        b"0\n"
    );
    assert_eq!(
        errno(walk(&fs, "sys/kernel/missing").map(|_| ())),
        Errno::ENOENT
    );
    let comm = read_chunked(&walk(&fs, "1/comm").unwrap(), 64).unwrap();
    assert_eq!(comm.last(), Some(&b'\n'));
}
