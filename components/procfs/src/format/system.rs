//! `/proc/uptime`, `/proc/loadavg`, `/proc/stat` and `/proc/cmdline`.

use super::nsec_to_clock_t;
use super::text::{out, Text};
use crate::source::{CpuStats, CpuTimes, SystemStats};
use alloc::vec::Vec;

/// `fs/proc/uptime.c`: `"%lu.%02lu %lu.%02lu\n"`, uptime then idle time summed over CPUs,
/// each as seconds and truncated hundredths.
pub fn uptime(system: &SystemStats) -> Vec<u8> {
    let mut text = Text::default();
    let (up, idle) = (system.uptime_ns, system.idle_ns);
    out!(
        text,
        "{}.{:02} {}.{:02}\n",
        up / 1_000_000_000,
        up % 1_000_000_000 / 10_000_000,
        idle / 1_000_000_000,
        idle % 1_000_000_000 / 10_000_000
    );
    text.0
}

/// `FSHIFT`: fraction bits of `avenrun`.
const FSHIFT: u32 = 11;
/// `FIXED_1`: 1.0 in `avenrun`'s fixed point.
const FIXED_1: u64 = 1 << FSHIFT;

/// `fs/proc/loadavg.c`: `"%lu.%02lu %lu.%02lu %lu.%02lu %u/%d %d\n"` with `get_avenrun(...,
/// FIXED_1/200, 0)` rounding, `LOAD_INT(x) = x >> FSHIFT` and
/// `LOAD_FRAC(x) = LOAD_INT((x & (FIXED_1-1)) * 100)`.
pub fn loadavg(system: &SystemStats) -> Vec<u8> {
    let mut text = Text::default();
    for load in system.load_average {
        let rounded = load + FIXED_1 / 200;
        out!(
            text,
            "{}.{:02} ",
            rounded >> FSHIFT,
            ((rounded & (FIXED_1 - 1)) * 100) >> FSHIFT
        );
    }
    out!(
        text,
        "{}/{} {}\n",
        system.running_threads,
        system.total_threads,
        system.last_pid
    );
    text.0
}

/// The ten columns of a `cpu` line, each `seq_put_decimal_ull(p, " ", nsec_to_clock_t(x))`.
fn cpu_columns(text: &mut Text, times: &CpuTimes) {
    for value in [
        times.user,
        times.nice,
        times.system,
        times.idle,
        times.iowait,
        times.irq,
        times.softirq,
        times.steal,
        times.guest,
        times.guest_nice,
    ] {
        out!(text, " {}", nsec_to_clock_t(value));
    }
    text.bytes(b"\n");
}

/// `fs/proc/stat.c` `show_stat`: the `cpu  ` total (two spaces: the label is `"cpu  "` and the
/// first value has no separator), one `cpuN` line per online CPU, `intr` with the total and
/// one count per irq up to `nr_irqs`, `ctxt`, `btime`, `processes`, `procs_running`,
/// `procs_blocked`, and `softirq` with the total and the ten per-softirq counts.
pub fn stat(system: &SystemStats, cpus: &[CpuStats]) -> Vec<u8> {
    let mut text = Text::default();
    let mut total = CpuTimes::default();
    for cpu in cpus {
        let t = &cpu.times;
        total.user += t.user;
        total.nice += t.nice;
        total.system += t.system;
        total.idle += t.idle;
        total.iowait += t.iowait;
        total.irq += t.irq;
        total.softirq += t.softirq;
        total.steal += t.steal;
        total.guest += t.guest;
        total.guest_nice += t.guest_nice;
    }
    // Linux sums the nanoseconds first, then converts: the total is not the sum of the lines.
    text.bytes(b"cpu ");
    cpu_columns(&mut text, &total);
    for cpu in cpus {
        out!(text, "cpu{}", cpu.id);
        cpu_columns(&mut text, &cpu.times);
    }
    let interrupts: u64 = system.interrupts.iter().sum();
    out!(text, "intr {}", interrupts);
    for count in &system.interrupts {
        out!(text, " {}", count);
    }
    out!(
        text,
        "\nctxt {}\nbtime {}\nprocesses {}\nprocs_running {}\nprocs_blocked {}\n",
        system.context_switches,
        system.boot_time_secs,
        system.forks,
        system.running_threads,
        system.blocked_threads
    );
    let softirqs: u64 = system.softirqs.iter().sum();
    out!(text, "softirq {}", softirqs);
    for count in system.softirqs {
        out!(text, " {}", count);
    }
    text.bytes(b"\n");
    text.0
}

/// `fs/proc/cmdline.c`: the saved command line and a newline.
pub fn cmdline(command_line: &[u8]) -> Vec<u8> {
    let mut text = Text::default();
    text.bytes(command_line);
    text.bytes(b"\n");
    text.0
}
