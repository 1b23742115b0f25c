//! A fake process table and `ProcSource` for procfs's host tests, and helpers to walk the tree.
#![allow(dead_code)]

use kernel_core::services::process::{
    FileIdentity, Pid, ProcessInfo, ProcessRunState, ProcessService, Signal,
};
use kernel_core::services::vfs::{DeviceId, FileSystem, Inode, MountFlags, Timespec};
use kernel_core::Errno;
use procfs::{
    CapabilitySets, CpuStats, CpuTimes, MemoryInfo, MemoryLayout, MountEntry, OpenDescriptor,
    ProcCaps, ProcFs, ProcSource, SchedState, SpeculationState, SystemStats, TaskDetails,
};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// One fake process.
#[derive(Clone)]
pub struct FakeProcess {
    pub info: ProcessInfo,
    pub task: TaskDetails,
    pub memory: Option<MemoryLayout>,
    pub cmdline: Vec<u8>,
    pub exe: Option<Vec<u8>>,
    pub fds: Option<Vec<OpenDescriptor>>,
}

#[derive(Default)]
pub struct Fake {
    pub processes: Mutex<BTreeMap<i32, FakeProcess>>,
    pub current: Mutex<Option<Pid>>,
    pub system: Mutex<SystemStats>,
    pub memory: Mutex<MemoryInfo>,
    pub cpus: Mutex<Vec<CpuStats>>,
    pub mounts: Mutex<Vec<MountEntry>>,
}

pub fn pid(raw: i32) -> Pid {
    Pid::new(raw).expect("positive pid")
}

impl ProcessService for Fake {
    fn signal_process_group(&self, _pgid: i32, _signal: Signal) -> Result<(), Errno> {
        Err(Errno::ESRCH)
    }
    fn signal_process(&self, _pid: Pid, _signal: Signal) -> Result<(), Errno> {
        Err(Errno::ESRCH)
    }
    fn session_of(&self, pid: Pid) -> Option<i32> {
        self.process_info(pid).map(|info| info.sid)
    }
    fn process_group_of(&self, pid: Pid) -> Option<i32> {
        self.process_info(pid).map(|info| info.pgid)
    }
    fn session_of_process_group(&self, _pgid: i32) -> Option<i32> {
        None
    }
    fn is_orphaned_process_group(&self, _pgid: i32) -> bool {
        false
    }
    fn ignores_or_blocks(&self, _tid: Pid, _signal: Signal) -> bool {
        false
    }
    fn file_identity(&self, _tid: Pid) -> Option<FileIdentity> {
        None
    }
    fn umask(&self, pid: Pid) -> Option<u32> {
        self.process_info(pid).map(|info| info.umask)
    }
    fn process_info(&self, pid: Pid) -> Option<ProcessInfo> {
        let table = self.processes.lock().unwrap();
        table.get(&pid.as_raw()).map(|p| p.info.clone())
    }
    fn process_ids(&self) -> Vec<Pid> {
        let table = self.processes.lock().unwrap();
        table.keys().map(|&raw| pid(raw)).collect()
    }
    fn thread_ids(&self, pid: Pid) -> Vec<Pid> {
        vec![pid]
    }
}

impl Fake {
    fn with<T>(&self, pid: Pid, f: impl FnOnce(&FakeProcess) -> T) -> Option<T> {
        let table = self.processes.lock().unwrap();
        table.get(&pid.as_raw()).map(f)
    }
}

impl ProcSource for Fake {
    fn current_process(&self) -> Option<Pid> {
        *self.current.lock().unwrap()
    }
    fn now(&self) -> Timespec {
        Timespec::new(1_700_000_000, 0)
    }
    fn task(&self, pid: Pid) -> Option<TaskDetails> {
        self.with(pid, |p| p.task.clone())
    }
    fn memory_layout(&self, pid: Pid) -> Option<MemoryLayout> {
        self.with(pid, |p| p.memory).flatten()
    }
    fn command_line(&self, pid: Pid) -> Vec<u8> {
        self.with(pid, |p| p.cmdline.clone()).unwrap_or_default()
    }
    fn executable(&self, pid: Pid) -> Option<Vec<u8>> {
        self.with(pid, |p| p.exe.clone()).flatten()
    }
    fn open_descriptors(&self, pid: Pid) -> Option<Vec<OpenDescriptor>> {
        self.with(pid, |p| p.fds.clone()).flatten()
    }
    fn system(&self) -> SystemStats {
        self.system.lock().unwrap().clone()
    }
    fn memory(&self) -> MemoryInfo {
        *self.memory.lock().unwrap()
    }
    fn cpus(&self) -> Vec<CpuStats> {
        self.cpus.lock().unwrap().clone()
    }
    fn kernel_command_line(&self) -> Vec<u8> {
        b"console=ttyAMA0 rdinit=/bin/sh".to_vec()
    }
    fn mounts(&self, _pid: Pid) -> Vec<MountEntry> {
        self.mounts.lock().unwrap().clone()
    }
}

/// The BusyBox shell as init: pid 1, root, sleeping, on /dev/ttyAMA0 (204:64).
pub fn init_shell() -> FakeProcess {
    FakeProcess {
        info: ProcessInfo {
            pid: pid(1),
            parent: None,
            pgid: 1,
            sid: 1,
            thread_count: 1,
            state: ProcessRunState::Alive,
            uids: [0; 4],
            gids: [0; 4],
            umask: 0o022,
            shared_pending: 0,
        },
        task: TaskDetails {
            comm: b"sh".to_vec(),
            sched_state: SchedState::Sleeping,
            tty: Some((DeviceId::new(204, 64), 1)),
            flags: 0x0040_0100,
            minor_faults: (285, 1012),
            major_faults: (0, 0),
            cpu_time_ns: (30_000_000, 125_000_000),
            children_cpu_time_ns: (8_000_000, 41_000_000),
            nice: 0,
            rt_priority: 0,
            policy: 0,
            start_time_ns: 1_234_000_000,
            cpu: 2,
            exit_signal: 17,
            exit_code: 0,
            thread_pending: 0,
            blocked: 0,
            ignored: 0x0038_0004,
            caught: 0x0001_0002 | (1 << 32),
            signal_queue: (0, 1855),
            rss_limit: u64::MAX,
            fd_table_size: 64,
            groups: vec![],
            capabilities: CapabilitySets {
                inheritable: 0,
                permitted: 0x1ff_ffff_ffff,
                effective: 0x1ff_ffff_ffff,
                bounding: 0x1ff_ffff_ffff,
                ambient: 0,
            },
            no_new_privs: false,
            context_switches: (97, 12),
            cpus_allowed: 0xf,
            speculation_store_bypass: SpeculationState::Vulnerable,
        },
        memory: Some(MemoryLayout {
            total_pages: (448, 451),
            locked_pages: (0, 0),
            resident_pages: (12, 190, 0),
            resident_peak_pages: 205,
            data_stack_exec_pages: (18, 33, 246),
            page_table_bytes: 36864,
            swap_pages: 0,
            code: (0x0040_0000, 0x004f_5a10),
            data: (0x0050_fb40, 0x0051_7ef1),
            start_brk: 0x3f2b_5000,
            start_stack: 0xffff_d2c4_6e40,
            arguments: (0xffff_d2c4_6f6d, 0xffff_d2c4_6f70),
            environment: (0xffff_d2c4_6f70, 0xffff_d2c4_6fee),
        }),
        cmdline: b"sh\0".to_vec(),
        exe: Some(b"/bin/busybox".to_vec()),
        fds: Some(vec![
            OpenDescriptor {
                fd: 0,
                target: b"/dev/console".to_vec(),
                readable: true,
                writable: true,
            },
            OpenDescriptor {
                fd: 1,
                target: b"/dev/console".to_vec(),
                readable: true,
                writable: true,
            },
            OpenDescriptor {
                fd: 10,
                target: b"pipe:[4711]".to_vec(),
                readable: true,
                writable: false,
            },
        ]),
    }
}

/// A zombie child of init: pid 42, no address space, no descriptor table.
pub fn zombie() -> FakeProcess {
    let mut process = init_shell();
    process.info.pid = pid(42);
    process.info.parent = Some(pid(1));
    process.info.pgid = 42;
    process.info.state = ProcessRunState::Zombie;
    process.info.thread_count = 0;
    process.task.comm = b"sleep".to_vec();
    process.task.tty = None;
    process.task.exit_code = 9;
    process.memory = None;
    process.cmdline = Vec::new();
    process.exe = None;
    process.fds = None;
    process
}

/// Four Cortex-A72 CPUs (MIDR 0x410fd083), a 62.5 MHz timer, `fp asimd evtstrm aes pmull
/// sha1 sha2 crc32 cpuid`.
pub fn qemu_system() -> (SystemStats, Vec<CpuStats>) {
    let system = SystemStats {
        uptime_ns: 12_345_678_901,
        idle_ns: 45_009_999_999,
        load_average: [0, 2048 + 1024, 41],
        running_threads: 1,
        total_threads: 2,
        blocked_threads: 0,
        last_pid: 42,
        boot_time_secs: 1_700_000_000,
        context_switches: 1234,
        forks: 43,
        interrupts: vec![0, 5, 0, 7],
        softirqs: [0, 100, 0, 0, 3, 0, 0, 50, 0, 20],
        hwcap: 0b1000_1111_1111,
        hwcap2: 0,
        possible_cpus: 4,
        timer_frequency_hz: 62_500_000,
    };
    let cpus = (0..4)
        .map(|id| CpuStats {
            id,
            midr: 0x410f_d083,
            times: CpuTimes {
                user: 15_000_000 * u64::from(id + 1),
                system: 25_000_000,
                idle: 11_259_999_999,
                irq: 9_999_999,
                ..CpuTimes::default()
            },
        })
        .collect();
    (system, cpus)
}

/// A procfs over a fake with `init_shell` and `zombie`, the QEMU system, and current pid 1.
pub fn world() -> (Arc<Fake>, Arc<ProcFs>) {
    let fake = Arc::new(Fake::default());
    {
        let mut table = fake.processes.lock().unwrap();
        table.insert(1, init_shell());
        table.insert(42, zombie());
    }
    *fake.current.lock().unwrap() = Some(pid(1));
    let (system, cpus) = qemu_system();
    *fake.system.lock().unwrap() = system;
    *fake.cpus.lock().unwrap() = cpus;
    *fake.mounts.lock().unwrap() = vec![
        MountEntry {
            source: b"rootfs".to_vec(),
            path: b"/".to_vec(),
            fs_type: b"rootfs".to_vec(),
            flags: MountFlags::empty(),
            options: b"size=233428k,nr_inodes=58357".to_vec(),
        },
        MountEntry {
            source: b"proc".to_vec(),
            path: b"/proc".to_vec(),
            fs_type: b"proc".to_vec(),
            flags: MountFlags::RELATIME,
            options: Vec::new(),
        },
    ];
    let fs = ProcFs::new(ProcCaps {
        processes: fake.clone(),
        source: fake.clone(),
        device: DeviceId::new(0, 21),
    });
    (fake, fs)
}

/// Walks `path` (relative to the procfs root) without following links.
pub fn walk(fs: &ProcFs, path: &str) -> Result<Arc<dyn Inode>, Errno> {
    let mut inode = fs.root();
    for name in path.split('/').filter(|name| !name.is_empty()) {
        inode = inode.lookup(name.as_bytes())?;
    }
    Ok(inode)
}

/// Reads a whole file in `chunk`-byte reads.
pub fn read_chunked(inode: &Arc<dyn Inode>, chunk: usize) -> Result<Vec<u8>, Errno> {
    let mut all = Vec::new();
    let mut buffer = vec![0; chunk];
    loop {
        let count = inode.read_at(all.len() as u64, &mut buffer)?;
        if count == 0 {
            return Ok(all);
        }
        all.extend_from_slice(&buffer[..count]);
    }
}

/// The text of `path`, as a string.
pub fn read_text(fs: &ProcFs, path: &str) -> String {
    let inode = walk(fs, path).unwrap_or_else(|e| panic!("{path}: {e:?}"));
    String::from_utf8(read_chunked(&inode, 4096).expect("readable")).expect("utf-8")
}

/// The names `read_dir` lists from `cursor`, and the final cursor.
pub fn list_from(inode: &Arc<dyn Inode>, cursor: u64, limit: usize) -> (Vec<String>, u64) {
    let mut names = Vec::new();
    let end = inode
        .read_dir(cursor, &mut |entry| {
            if names.len() == limit {
                return false;
            }
            names.push(String::from_utf8_lossy(entry.name).into_owned());
            true
        })
        .expect("a directory");
    (names, end)
}
