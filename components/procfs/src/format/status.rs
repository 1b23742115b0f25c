//! `/proc/<pid>/status` (`fs/proc/array.c` `proc_pid_status`, `task_mem` in
//! `fs/proc/task_mmu.c`).

use super::text::{out, Text};
use super::{ProcessView, PAGE_SHIFT};
use alloc::vec::Vec;
use kernel_core::services::process::ProcessRunState;

/// Highest node number + 1 (`MAX_NUMNODES` with Debian's `CONFIG_NODES_SHIFT=4`).
const MAX_NUMNODES: u32 = 16;

/// `proc_task_name(m, p, true)`: `ESCAPE_SPACE | ESCAPE_SPECIAL` limited to `"\n\\"`, so
/// only a newline (`\n`) and a backslash (`\\`) are escaped.
fn escaped_name(text: &mut Text, name: &[u8]) {
    for &byte in name {
        match byte {
            b'\n' => text.bytes(b"\\n"),
            b'\\' => text.bytes(b"\\\\"),
            _ => text.bytes(&[byte]),
        }
    }
}

/// `%*pb` of a mask `bits` wide (`bitmap_string`): 32-bit chunks in hexadecimal, most
/// significant first, separated by commas; the first chunk has the digits its width needs,
/// the others 8.
fn bitmap(text: &mut Text, mask: u64, bits: u32) {
    let bits = bits.clamp(1, 64);
    let mut chunk_bits = match bits % 32 {
        0 => 32,
        rest => rest,
    };
    let mut low_bit = bits.div_ceil(32) * 32;
    let mut first = true;
    while low_bit > 0 {
        low_bit -= 32;
        let value = (mask >> low_bit) & ((1u64 << chunk_bits) - 1);
        if !first {
            text.bytes(b",");
        }
        first = false;
        let digits = chunk_bits.div_ceil(4) as usize;
        out!(text, "{:0digits$x}", value);
        chunk_bits = 32;
    }
}

/// `%*pbl`: ranges (`0-3,5`).
fn bitmap_list(text: &mut Text, mask: u64) {
    let mut first = true;
    let mut bit = 0u32;
    while bit < 64 {
        if mask & (1 << bit) == 0 {
            bit += 1;
            continue;
        }
        let start = bit;
        while bit + 1 < 64 && mask & (1 << (bit + 1)) != 0 {
            bit += 1;
        }
        if !first {
            text.bytes(b",");
        }
        first = false;
        if start == bit {
            out!(text, "{}", start);
        } else {
            out!(text, "{}-{}", start, bit);
        }
        bit += 1;
    }
}

/// `task_mem`: the `Vm*`/`Rss*` lines, each value in kB right-aligned in 8 columns.
fn task_mem(text: &mut Text, memory: &crate::source::MemoryLayout) {
    let kb = |pages: u64| pages << (PAGE_SHIFT - 10);
    let (anon, file, shmem) = memory.resident_pages;
    let rss = anon + file + shmem;
    let (total, peak) = memory.total_pages;
    let (data, stack, exec) = memory.data_stack_exec_pages;
    let page_mask = !((1u64 << PAGE_SHIFT) - 1);
    let text_bytes = ((memory.code.1 + (1 << PAGE_SHIFT) - 1) & page_mask)
        .saturating_sub(memory.code.0 & page_mask)
        .min(exec << PAGE_SHIFT);
    let library_bytes = (exec << PAGE_SHIFT) - text_bytes;
    let lines = [
        ("VmPeak", kb(peak.max(total))),
        ("VmSize", kb(total)),
        ("VmLck", kb(memory.locked_pages.0)),
        ("VmPin", kb(memory.locked_pages.1)),
        ("VmHWM", kb(memory.resident_peak_pages.max(rss))),
        ("VmRSS", kb(rss)),
        ("RssAnon", kb(anon)),
        ("RssFile", kb(file)),
        ("RssShmem", kb(shmem)),
        ("VmData", kb(data)),
        ("VmStk", kb(stack)),
        ("VmExe", text_bytes >> 10),
        ("VmLib", library_bytes >> 10),
        ("VmPTE", memory.page_table_bytes >> 10),
        ("VmSwap", kb(memory.swap_pages)),
        ("HugetlbPages", 0),
    ];
    for (label, value) in lines {
        out!(text, "{label}:\t{value:>8} kB\n");
    }
    text.bytes(b"CoreDumping:\t0\nTHP_enabled:\t1\n");
}

/// The status text: `Name`, `Umask` (`%#04o`; not for zombies), `State`, ids, `FDSize`, `Groups` (each
/// followed by a space), the namespace ids, memory (not for zombies), `CoreDumping`,
/// `THP_enabled`, signals (`%016x` masks), capabilities, seccomp, speculation, CPU and node
/// masks, context switches.
///
/// `possible_cpus` is `nr_cpu_ids`, the width of the `Cpus_allowed` mask.
pub fn status(view: &ProcessView<'_>, possible_cpus: u32) -> Vec<u8> {
    let (info, task) = (view.info, view.task);
    let zombie = info.state == ProcessRunState::Zombie;
    let mut text = Text::default();
    text.bytes(b"Name:\t");
    escaped_name(&mut text, &task.comm);
    text.bytes(b"\n");
    // A zombie has no `fs_struct` left: Linux omits the umask line.
    if !zombie {
        out!(text, "Umask:\t{:04o}\n", info.umask);
    }
    out!(text, "State:\t{}\n", view.state());
    let pid = info.pid.as_raw();
    let parent = info.parent.map_or(0, |p| p.as_raw());
    out!(
        text,
        "Tgid:\t{pid}\nNgid:\t0\nPid:\t{pid}\nPPid:\t{parent}\nTracerPid:\t0\n"
    );
    let [uid, euid, suid, fsuid] = info.uids;
    let [gid, egid, sgid, fsgid] = info.gids;
    out!(text, "Uid:\t{uid}\t{euid}\t{suid}\t{fsuid}\n");
    out!(text, "Gid:\t{gid}\t{egid}\t{sgid}\t{fsgid}\n");
    // A zombie's descriptor table is gone: FDSize 0.
    let fd_table_size = if zombie { 0 } else { task.fd_table_size };
    out!(text, "FDSize:\t{fd_table_size}\nGroups:\t");
    for group in &task.groups {
        out!(text, "{group} ");
    }
    if task.groups.is_empty() {
        // "Trailing space shouldn't have been added in the first place."
        text.bytes(b" ");
    }
    out!(
        text,
        "\nNStgid:\t{pid}\nNSpid:\t{pid}\nNSpgid:\t{}\nNSsid:\t{}\n",
        info.pgid,
        info.sid
    );
    if let Some(memory) = view.memory {
        task_mem(&mut text, memory);
    }
    out!(
        text,
        "Threads:\t{}\nSigQ:\t{}/{}\n",
        view.thread_count(),
        task.signal_queue.0,
        task.signal_queue.1
    );
    for (label, set) in [
        ("SigPnd", task.thread_pending),
        ("ShdPnd", info.shared_pending),
        ("SigBlk", task.blocked),
        ("SigIgn", task.ignored),
        ("SigCgt", task.caught),
    ] {
        out!(text, "{label}:\t{set:016x}\n");
    }
    let caps = &task.capabilities;
    for (label, set) in [
        ("CapInh", caps.inheritable),
        ("CapPrm", caps.permitted),
        ("CapEff", caps.effective),
        ("CapBnd", caps.bounding),
        ("CapAmb", caps.ambient),
    ] {
        out!(text, "{label}:\t{set:016x}\n");
    }
    out!(
        text,
        "NoNewPrivs:\t{}\nSeccomp:\t0\nSeccomp_filters:\t0\n",
        u8::from(task.no_new_privs)
    );
    out!(
        text,
        "Speculation_Store_Bypass:\t{}\n",
        task.speculation_store_bypass.as_str()
    );
    text.bytes(b"SpeculationIndirectBranch:\tunknown\n");
    text.bytes(b"Cpus_allowed:\t");
    bitmap(&mut text, task.cpus_allowed, possible_cpus);
    text.bytes(b"\nCpus_allowed_list:\t");
    bitmap_list(&mut text, task.cpus_allowed);
    text.bytes(b"\nMems_allowed:\t");
    bitmap(&mut text, 1, MAX_NUMNODES);
    text.bytes(b"\nMems_allowed_list:\t0\n");
    out!(
        text,
        "voluntary_ctxt_switches:\t{}\nnonvoluntary_ctxt_switches:\t{}\n",
        task.context_switches.0,
        task.context_switches.1
    );
    text.0
}
