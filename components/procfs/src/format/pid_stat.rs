//! `/proc/<pid>/stat` (`fs/proc/array.c` `do_task_stat`, 52 fields).

use super::text::{out, Text};
use super::{nsec_to_clock_t, ProcessView, PAGE_SHIFT};
use alloc::vec::Vec;

/// `MAX_RT_PRIO`: `task_prio` of a normal task is `120 + nice - 100`.
const MAX_RT_PRIO: i64 = 100;
/// `DEFAULT_PRIO`.
const DEFAULT_PRIO: i64 = 120;

/// `new_encode_dev`: a device number as `stat`'s `tty_nr` shows it.
fn encode_device(major: u32, minor: u32) -> u64 {
    let (major, minor) = (u64::from(major), u64::from(minor));
    (minor & 0xff) | (major << 8) | ((minor & !0xff) << 12)
}

/// The 52 fields, space-separated, with the name in parentheses unescaped. Values as Linux
/// prints them to a reader allowed to `ptrace`-read the process; `itrealvalue`, `nswap`,
/// `cnswap` and `kstkesp`/`kstkeip` of a live task read 0, `wchan` is 1 for a single-threaded
/// process that is not running (6.1 no longer shows the address), and the memory fields are 0
/// without an address space.
pub fn pid_stat(view: &ProcessView<'_>) -> Vec<u8> {
    let (info, task) = (view.info, view.task);
    let mut text = Text::default();
    out!(text, "{} (", info.pid.as_raw());
    text.bytes(&task.comm);
    out!(text, ") {}", &view.state()[..1]);
    let parent = info.parent.map_or(0, |pid| pid.as_raw());
    let (tty_nr, tty_pgrp) = task.tty.map_or((0, -1), |(device, pgrp)| {
        (encode_device(device.major, device.minor), pgrp)
    });
    out!(
        text,
        " {} {} {} {} {} {}",
        parent,
        info.pgid,
        info.sid,
        tty_nr,
        tty_pgrp,
        task.flags
    );
    out!(
        text,
        " {} {} {} {}",
        task.minor_faults.0,
        task.minor_faults.1,
        task.major_faults.0,
        task.major_faults.1
    );
    out!(
        text,
        " {} {} {} {}",
        nsec_to_clock_t(task.cpu_time_ns.0),
        nsec_to_clock_t(task.cpu_time_ns.1),
        nsec_to_clock_t(task.children_cpu_time_ns.0),
        nsec_to_clock_t(task.children_cpu_time_ns.1)
    );
    let priority = if task.rt_priority > 0 {
        -1 - i64::from(task.rt_priority)
    } else {
        DEFAULT_PRIO + i64::from(task.nice) - MAX_RT_PRIO
    };
    out!(
        text,
        " {} {} {} 0 {}",
        priority,
        task.nice,
        view.thread_count(),
        nsec_to_clock_t(task.start_time_ns)
    );
    let memory = view.memory.copied().unwrap_or_default();
    let vsize = view.memory.map_or(0, |m| m.total_pages.0 << PAGE_SHIFT);
    out!(
        text,
        " {} {} {}",
        vsize,
        view.resident_pages(),
        task.rss_limit
    );
    out!(
        text,
        " {} {} {} 0 0",
        memory.code.0,
        memory.code.1,
        memory.start_stack
    );
    // "The signal information here is obsolete": the low 31 bits only.
    for set in [task.thread_pending, task.blocked, task.ignored, task.caught] {
        out!(text, " {}", set & 0x7fff_ffff);
    }
    let waiting = view.thread_count() < 2 && !view.state().starts_with('R');
    out!(
        text,
        " {} 0 0 {} {} {} {} 0 0 0",
        u8::from(waiting),
        task.exit_signal,
        task.cpu,
        task.rt_priority,
        task.policy
    );
    for value in [
        memory.data.0,
        memory.data.1,
        memory.start_brk,
        memory.arguments.0,
        memory.arguments.1,
        memory.environment.0,
        memory.environment.1,
    ] {
        out!(text, " {}", value);
    }
    out!(text, " {}\n", task.exit_code);
    text.0
}
