//! Which text a generated file shows, and gathering the facts for it.

use super::Shared;
use crate::format::{self, ProcessView};
use alloc::vec::Vec;
use kernel_core::services::process::Pid;
use kernel_core::Errno;

/// The text of one generated file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Content {
    /// `/proc/cmdline`.
    KernelCommandLine,
    /// `/proc/cpuinfo`.
    CpuInfo,
    /// `/proc/loadavg`.
    LoadAverage,
    /// `/proc/meminfo`.
    MemInfo,
    /// `/proc/stat`.
    SystemStat,
    /// `/proc/uptime`.
    Uptime,
    /// `/proc/<pid>/cmdline`.
    CommandLine(Pid),
    /// `/proc/<pid>/comm`.
    Comm(Pid),
    /// `/proc/<pid>/mounts`.
    Mounts(Pid),
    /// `/proc/<pid>/stat`.
    Stat(Pid),
    /// `/proc/<pid>/status`.
    Status(Pid),
}

/// Generates `content` now; `ESRCH` if its process has gone (Linux's answer when the task
/// behind an open `/proc/<pid>` file is dead).
pub(crate) fn generate(shared: &Shared, content: Content) -> Result<Vec<u8>, Errno> {
    let source = &shared.source;
    Ok(match content {
        Content::KernelCommandLine => format::cmdline(&source.kernel_command_line()),
        Content::CpuInfo => format::cpuinfo(&source.system(), &source.cpus()),
        Content::LoadAverage => format::loadavg(&source.system()),
        Content::MemInfo => format::meminfo(&source.memory()),
        Content::SystemStat => format::stat(&source.system(), &source.cpus()),
        Content::Uptime => format::uptime(&source.system()),
        Content::CommandLine(pid) => {
            shared.processes.process_info(pid).ok_or(Errno::ESRCH)?;
            source.command_line(pid)
        }
        Content::Comm(pid) => {
            shared.processes.process_info(pid).ok_or(Errno::ESRCH)?;
            let mut comm = source.task(pid).ok_or(Errno::ESRCH)?.comm;
            comm.push(b'\n');
            comm
        }
        Content::Mounts(pid) => {
            shared.processes.process_info(pid).ok_or(Errno::ESRCH)?;
            format::mounts(&source.mounts(pid))
        }
        Content::Stat(pid) | Content::Status(pid) => {
            let info = shared.processes.process_info(pid).ok_or(Errno::ESRCH)?;
            let task = source.task(pid).ok_or(Errno::ESRCH)?;
            let memory = source.memory_layout(pid);
            let view = ProcessView {
                info: &info,
                task: &task,
                memory: memory.as_ref(),
            };
            if matches!(content, Content::Stat(_)) {
                format::pid_stat(&view)
            } else {
                format::status(&view, source.system().possible_cpus)
            }
        }
    })
}
