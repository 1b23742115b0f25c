//! What `/proc` shows beyond the process table: the kernel's answer to procfs's `ProcSource`
//! (programs, descriptors, memory, CPUs, mounts), and the registration of the `proc` type.

use crate::process::{self, Process};
use alloc::collections::BTreeMap;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::sync::atomic::Ordering;
use kernel_core::services::mm::{FrameStats, Prot, VmaKind};
use kernel_core::services::process::{FileIdentity, Pid, ProcessInfo, ProcessService, Signal};
use kernel_core::services::time::TimeService;
use kernel_core::services::vfs::{
    Credentials, DeviceId, OpenFlags, PathContext, Timespec, VfsService,
};
use kernel_core::sync::{IrqSpinLock, Once};
use kernel_core::Errno;
use procfs::{
    CpuStats, CpuTimes, MemoryInfo, MemoryLayout, MountEntry, OpenDescriptor, ProcCaps, ProcFs,
    ProcFsType, ProcSource, SchedState, SystemStats, TaskDetails,
};

/// `HWCAP_FP | HWCAP_ASIMD`, as the exec path reports them in the auxiliary vector.
const HWCAP: u64 = 0b11;

/// The kernel command line, for `/proc/cmdline`.
static COMMAND_LINE: Once<Vec<u8>> = Once::new();
/// RAM in bytes, for `/proc/meminfo`.
static MEMORY_BYTES: Once<u64> = Once::new();
/// The names of processes that became zombies (their `Process` is gone, `comm` stays).
static EXITED_NAMES: IrqSpinLock<BTreeMap<u32, Vec<u8>>> = IrqSpinLock::new(BTreeMap::new());

/// RAM in bytes (0 before `init`).
pub fn memory_bytes() -> u64 {
    MEMORY_BYTES.get().copied().unwrap_or(0)
}

/// Remembers the name of `process` for its zombie's `/proc/<pid>/stat`.
pub fn remember_exited(process: &Process) {
    let comm = process.program.lock().comm.clone();
    EXITED_NAMES.lock().insert(process.pid, comm);
}

/// Registers the `proc` file-system type with the VFS (after the process table exists).
pub fn init(command_line: &str, memory_bytes: u64) {
    COMMAND_LINE.call_once(|| command_line.as_bytes().to_vec());
    MEMORY_BYTES.call_once(|| memory_bytes);
    let Some(table) = process::table::get() else {
        return;
    };
    let fs = ProcFs::new(ProcCaps {
        processes: Arc::new(TableService(table)),
        source: Arc::new(KernelSource),
        device: DeviceId::new(0, 21),
    });
    crate::rootfs::vfs().register_filesystem_type(Arc::new(ProcFsType::new(fs)));
}

/// The static process table as an `Arc`-able service.
struct TableService(&'static process_component::Processes);

use ::process as process_component;

impl ProcessService for TableService {
    fn signal_process_group(&self, pgid: i32, signal: Signal) -> Result<(), Errno> {
        self.0.signal_process_group(pgid, signal)
    }
    fn signal_process(&self, pid: Pid, signal: Signal) -> Result<(), Errno> {
        self.0.signal_process(pid, signal)
    }
    fn session_of(&self, pid: Pid) -> Option<i32> {
        self.0.session_of(pid)
    }
    fn process_group_of(&self, pid: Pid) -> Option<i32> {
        self.0.process_group_of(pid)
    }
    fn session_of_process_group(&self, pgid: i32) -> Option<i32> {
        self.0.session_of_process_group(pgid)
    }
    fn is_orphaned_process_group(&self, pgid: i32) -> bool {
        self.0.is_orphaned_process_group(pgid)
    }
    fn ignores_or_blocks(&self, tid: Pid, signal: Signal) -> bool {
        self.0.ignores_or_blocks(tid, signal)
    }
    fn file_identity(&self, tid: Pid) -> Option<FileIdentity> {
        self.0.file_identity(tid)
    }
    fn umask(&self, tid: Pid) -> Option<u32> {
        ProcessService::umask(self.0, tid)
    }
    fn process_info(&self, pid: Pid) -> Option<ProcessInfo> {
        self.0.process_info(pid)
    }
    fn process_ids(&self) -> Vec<Pid> {
        self.0.process_ids()
    }
    fn thread_ids(&self, pid: Pid) -> Vec<Pid> {
        self.0.thread_ids(pid)
    }
}

/// The kernel's facts.
struct KernelSource;

fn live(pid: Pid) -> Option<Arc<Process>> {
    u32::try_from(pid.as_raw()).ok().and_then(process::lookup)
}

fn online_cpus() -> u32 {
    crate::kernel::get().map_or(1, |k| k.cpus_online.load(Ordering::Acquire) as u32)
}

fn uptime_ns() -> u64 {
    crate::kernel::time().uptime_ns()
}

fn frame_stats() -> FrameStats {
    crate::memory::user::frame_stats().unwrap_or_default()
}

fn root_context_credentials() -> Credentials {
    Credentials::root()
}

/// `R` or `S` for another process's main thread, as the scheduler sees it now: a test that
/// waits for `S` before signalling must see `S` only once the thread really sleeps.
fn sched_state(pid: Pid) -> SchedState {
    use kernel_core::services::sched::TaskState;
    let state = crate::process::threads::task_of(pid.as_raw() as u32)
        .and_then(|task| crate::kernel::get()?.sched.state(task));
    match state {
        Some(TaskState::Runnable | TaskState::Running(_)) => SchedState::Running,
        Some(TaskState::Blocked) | None => SchedState::Sleeping,
    }
}

impl ProcSource for KernelSource {
    fn current_process(&self) -> Option<Pid> {
        let process = crate::task::current_thread().process.get()?;
        Pid::new(process.pid as i32)
    }

    fn now(&self) -> Timespec {
        let ns = uptime_ns();
        Timespec {
            sec: (ns / 1_000_000_000) as i64,
            nsec: (ns % 1_000_000_000) as u32,
        }
    }

    fn task(&self, pid: Pid) -> Option<TaskDetails> {
        let comm = match live(pid) {
            Some(process) => process.program.lock().comm.clone(),
            None => EXITED_NAMES.lock().get(&(pid.as_raw() as u32)).cloned()?,
        };
        let me = self.current_process() == Some(pid);
        Some(TaskDetails {
            comm,
            sched_state: if me {
                SchedState::Running
            } else {
                sched_state(pid)
            },
            exit_signal: Signal::SIGCHLD.number(),
            signal_queue: (0, 7710),
            rss_limit: u64::MAX,
            fd_table_size: 64,
            cpus_allowed: abi_linux::sched::cpu_mask(online_cpus()),
            cpu: kernel_core::arch::cpu_index() as u32,
            ..TaskDetails::default()
        })
    }

    fn memory_layout(&self, pid: Pid) -> Option<MemoryLayout> {
        let process = live(pid)?;
        let space = process.space.lock();
        let mut layout = MemoryLayout::default();
        let (mut total, mut data, mut stack, mut exec) = (0u64, 0u64, 0u64, 0u64);
        for vma in space.vmas() {
            let (start, end) = (vma.start.as_u64(), vma.end.as_u64());
            let pages = (end - start) / 4096;
            total += pages;
            if vma.kind == VmaKind::Stack {
                stack += pages;
                layout.start_stack = end;
            } else if vma.prot.contains(Prot::EXEC) {
                exec += pages;
                if layout.code == (0, 0) {
                    layout.code = (start, end);
                }
            } else if vma.prot.contains(Prot::WRITE) && !vma.shared {
                data += pages;
            }
        }
        let resident = space.resident_pages();
        layout.total_pages = (total, total);
        layout.resident_pages = (resident, 0, 0);
        layout.resident_peak_pages = resident;
        layout.data_stack_exec_pages = (data, stack, exec);
        Some(layout)
    }

    fn command_line(&self, pid: Pid) -> Vec<u8> {
        live(pid).map_or_else(Vec::new, |p| p.program.lock().command_line.clone())
    }

    fn executable(&self, pid: Pid) -> Option<Vec<u8>> {
        live(pid).map(|p| p.program.lock().executable.clone())
    }

    fn open_descriptors(&self, pid: Pid) -> Option<Vec<OpenDescriptor>> {
        let process = live(pid)?;
        let files: Vec<(u32, Arc<dyn kernel_core::services::vfs::File>)> = process
            .files
            .lock()
            .iter()
            .map(|(fd, file, _)| (fd, file.clone()))
            .collect();
        let vfs = crate::rootfs::vfs();
        let root = vfs.root_directory();
        let credentials = root_context_credentials();
        let ctx = PathContext {
            credentials: &credentials,
            umask: 0,
            root: &root,
            base: &root,
        };
        Some(
            files
                .into_iter()
                .map(|(fd, file)| {
                    let flags = file.status_flags();
                    let write_only = flags.contains(OpenFlags::O_WRONLY);
                    let read_write = flags.contains(OpenFlags::O_RDWR);
                    OpenDescriptor {
                        fd,
                        target: vfs.path_of(&ctx, &file).unwrap_or_default(),
                        readable: !write_only,
                        writable: write_only || read_write,
                    }
                })
                .collect(),
        )
    }

    fn system(&self) -> SystemStats {
        let uptime = uptime_ns();
        let cpus = online_cpus();
        let total = process::table::get().map_or(1, |t| t.with(|t| t.task_count())) as u32;
        SystemStats {
            uptime_ns: uptime,
            idle_ns: uptime.saturating_mul(u64::from(cpus)) / 2,
            running_threads: 1,
            total_threads: total,
            last_pid: process::live().last().map_or(1, |p| p.pid as i32),
            hwcap: HWCAP,
            possible_cpus: cpus,
            timer_frequency_hz: timer_frequency(),
            interrupts: alloc::vec![0; 64],
            ..SystemStats::default()
        }
    }

    fn memory(&self) -> MemoryInfo {
        let stats = frame_stats();
        let total_kb = MEMORY_BYTES.get().copied().unwrap_or(0) / 1024;
        let free_kb = (stats.free_frames as u64 * 4).min(total_kb);
        MemoryInfo {
            total_kb,
            free_kb,
            available_kb: free_kb,
            commit_limit_kb: total_kb / 2,
            vmalloc_total_kb: 133_143_592_960,
            huge_page_size_kb: 2048,
            ..MemoryInfo::default()
        }
    }

    fn cpus(&self) -> Vec<CpuStats> {
        let midr = midr();
        let tick_ns = 1_000_000_000 / u64::from(crate::kernel::time().tick_hz().max(1));
        (0..online_cpus())
            .map(|id| CpuStats {
                id,
                midr,
                times: CpuTimes {
                    idle: crate::kernel::time().ticks_on(id as usize) * tick_ns,
                    ..CpuTimes::default()
                },
            })
            .collect()
    }

    fn kernel_command_line(&self) -> Vec<u8> {
        COMMAND_LINE.get().cloned().unwrap_or_default()
    }

    fn mounts(&self, _pid: Pid) -> Vec<MountEntry> {
        crate::rootfs::vfs()
            .mounts()
            .into_iter()
            .map(MountEntry::from)
            .collect()
    }

    fn working_directory(&self, pid: Pid) -> Option<Vec<u8>> {
        let process = live(pid)?;
        let view = process.fs.as_ref()?;
        let path = view.cwd_path.lock().clone();
        Some(path)
    }
}

/// `MIDR_EL1`: the CPU's identity (every CPU of a QEMU machine has the same).
fn midr() -> u32 {
    let value: u64;
    // SAFETY: reading MIDR_EL1 at EL1 has no side effect.
    unsafe { core::arch::asm!("mrs {}, midr_el1", out(reg) value, options(nomem, nostack)) };
    value as u32
}

/// `CNTFRQ_EL0`: the generic timer's frequency.
fn timer_frequency() -> u64 {
    let value: u64;
    // SAFETY: reading CNTFRQ_EL0 at EL1 has no side effect.
    unsafe { core::arch::asm!("mrs {}, cntfrq_el0", out(reg) value, options(nomem, nostack)) };
    value & 0xffff_ffff
}
