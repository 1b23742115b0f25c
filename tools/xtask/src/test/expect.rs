//! What a QEMU case expects of the serial log, and the check that lists every deviation.

use super::boot_log::{self, Banner};

/// The line that ends a good boot.
pub const BOOT_COMPLETE: &str = "lichen: boot complete";

/// Lines starting so end every run: the kernel has stopped.
pub const FATAL_PREFIX: &str = "lichen: fatal:";

/// Facts a good boot must report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoodBoot {
    /// The banner's kernel version, board and entry level.
    pub banner: Banner,
    /// The device tree's model.
    pub model: String,
    /// The kernel command line QEMU passed.
    pub command_line: String,
    /// Memory size given to `-m`.
    pub memory_mib: u64,
    /// GIC version of the machine.
    pub gic_version: u8,
    /// CPUs of the machine (`-smp`).
    pub cpu_count: u32,
}

/// What one case expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expectation {
    /// The full boot report, ending with `lichen: boot complete`.
    GoodBoot(GoodBoot),
    /// `boot complete`, then a Data Abort report on CPU 0 and the halt line.
    ExceptionReport,
    /// One `lichen: fatal: bad device tree: <reason>` line whose reason contains (ignoring
    /// case) one of the keywords.
    BadDeviceTree(&'static [&'static str]),
    /// A conversation with the shell (`interactive::Step`s); its steps are its checks.
    Conversation,
    /// A run that ends on a line starting with `prefix`, which must be exactly `expected`.
    FinalLine {
        /// What makes a line terminal, e.g. `lichen: user program `.
        prefix: &'static str,
        /// The whole last line a passing run prints.
        expected: &'static str,
        /// Whole lines that must come before it (the program's own output), in order.
        before: &'static [&'static str],
    },
}

/// How reading the serial output ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// The expectation's terminal line arrived (it is the last line read).
    Terminal,
    /// QEMU exited on its own, with this status.
    Exited(String),
    /// Nothing terminal arrived within this many seconds.
    TimedOut(u64),
}

impl Expectation {
    /// Whether `line` ends the run for this case.
    pub fn is_terminal(&self, line: &str) -> bool {
        let line = line.trim();
        line.starts_with(FATAL_PREFIX)
            || (matches!(self, Expectation::GoodBoot(_)) && line == BOOT_COMPLETE)
            || matches!(self, Expectation::FinalLine { prefix, .. } if line.starts_with(prefix))
    }

    /// Every way `lines` (ended by `ending`) falls short; empty when the case passes.
    pub fn check(&self, lines: &[String], ending: &Ending) -> Vec<String> {
        let last = lines.last().map(|line| line.trim()).unwrap_or_default();
        let mut problems = Vec::new();
        match ending {
            Ending::Terminal => {}
            Ending::Exited(status) => problems.push(format!("QEMU exited ({status}) early")),
            Ending::TimedOut(seconds) => {
                problems.push(format!("no terminal line within {seconds} s"))
            }
        }
        match self {
            Expectation::GoodBoot(expected) => {
                if *ending == Ending::Terminal && last != BOOT_COMPLETE {
                    problems.push(format!("the kernel stopped: `{last}`"));
                }
                check_good_boot(expected, lines, &mut problems);
            }
            Expectation::ExceptionReport => check_exception(lines, &mut problems),
            Expectation::Conversation => {}
            Expectation::FinalLine {
                expected, before, ..
            } => {
                if last != *expected {
                    problems.push(format!("last line is `{last}`, not `{expected}`"));
                }
                let mut rest = lines.iter().map(|line| line.trim());
                for wanted in before.iter() {
                    if !rest.any(|line| line == *wanted) {
                        problems.push(format!("missing line `{wanted}` (in order)"));
                    }
                }
            }
            Expectation::BadDeviceTree(keywords) => match boot_log::bad_device_tree_reason(last) {
                Some(reason) => {
                    let reason = reason.to_lowercase();
                    if !keywords.iter().any(|keyword| reason.contains(keyword)) {
                        problems.push(format!(
                            "reason `{reason}` names none of: {}",
                            keywords.join(", ")
                        ));
                    }
                }
                None => problems.push(format!(
                    "last line is not `lichen: fatal: bad device tree: ...` but `{last}`"
                )),
            },
        }
        problems
    }
}

/// The value of the first `lichen: <key>: ...` line, or a problem saying it is missing.
fn find_field<'a>(lines: &'a [String], key: &str, problems: &mut Vec<String>) -> Option<&'a str> {
    let found = lines.iter().find_map(|line| boot_log::field(line, key));
    if found.is_none() {
        problems.push(format!("no `lichen: {key}:` line"));
    }
    found
}

/// Parses a field's value, or records that it could not be parsed.
fn parsed<T>(
    key: &str,
    value: Option<&str>,
    parse: impl Fn(&str) -> Option<T>,
    problems: &mut Vec<String>,
) -> Option<T> {
    let value = value?;
    let result = parse(value);
    if result.is_none() {
        problems.push(format!("cannot parse `lichen: {key}: {value}`"));
    }
    result
}

/// Compares an actual value with the expected one.
fn expect_equal<T: PartialEq + std::fmt::Display>(
    what: &str,
    expected: T,
    actual: T,
    problems: &mut Vec<String>,
) {
    if expected != actual {
        problems.push(format!("{what}: expected {expected}, got {actual}"));
    }
}

/// Checks the boot report lines of a good boot.
fn check_good_boot(expected: &GoodBoot, lines: &[String], problems: &mut Vec<String>) {
    match lines.iter().find_map(|line| boot_log::parse_banner(line)) {
        None => problems.push("no `Lichen <version> on <board> (entered at ELn)` banner".into()),
        Some(banner) => {
            expect_equal(
                "version",
                &expected.banner.version,
                &banner.version,
                problems,
            );
            expect_equal("board", &expected.banner.board, &banner.board, problems);
            expect_equal(
                "entry level",
                expected.banner.entry_el,
                banner.entry_el,
                problems,
            );
        }
    }
    if let Some(model) = find_field(lines, "model", problems) {
        expect_equal("model", expected.model.as_str(), model.trim(), problems);
    }
    if let Some(command_line) = find_field(lines, "command line", problems) {
        expect_equal(
            "command line",
            expected.command_line.as_str(),
            command_line.trim(),
            problems,
        );
    }
    let memory = find_field(lines, "memory", problems);
    if let Some((mib, regions)) = parsed("memory", memory, boot_log::parse_memory, problems) {
        expect_equal("memory MiB", expected.memory_mib, mib, problems);
        expect_equal("memory regions", 1, regions, problems);
    }
    let gic = find_field(lines, "interrupt controller", problems);
    if let Some(version) = parsed("interrupt controller", gic, boot_log::parse_gic, problems) {
        expect_equal("GIC version", expected.gic_version, version, problems);
    }
    let timer = find_field(lines, "timer", problems);
    if let Some((counter_hz, tick_hz)) = parsed("timer", timer, boot_log::parse_timer, problems) {
        if counter_hz == 0 || tick_hz == 0 {
            problems.push(format!(
                "timer: zero frequency ({counter_hz} Hz, tick {tick_hz} Hz)"
            ));
        }
    }
    let cpus = find_field(lines, "cpus", problems);
    if let Some((online, present)) = parsed("cpus", cpus, boot_log::parse_cpus, problems) {
        expect_equal("CPUs present", expected.cpu_count, present, problems);
        expect_equal("CPUs online", expected.cpu_count, online, problems);
    }
    let ticks = find_field(lines, "ticks", problems);
    if let Some(entries) = parsed("ticks", ticks, boot_log::parse_ticks, problems) {
        let mut cpus: Vec<u32> = entries.iter().map(|(cpu, _)| *cpu).collect();
        cpus.sort_unstable();
        let wanted: Vec<u32> = (0..expected.cpu_count).collect();
        if cpus != wanted {
            problems.push(format!(
                "ticks: expected one entry for each of cpu0..cpu{}, got {cpus:?}",
                expected.cpu_count.saturating_sub(1)
            ));
        }
        for (cpu, count) in entries.iter().filter(|(_, count)| *count == 0) {
            problems.push(format!("ticks: cpu{cpu} counted {count} ticks"));
        }
    }
}

/// Checks the deliberate fault's report: after `boot complete`, the exception line on CPU 0
/// naming a Data Abort, lines with FAR and ELR, then the halt line.
fn check_exception(lines: &[String], problems: &mut Vec<String>) {
    let trimmed: Vec<&str> = lines.iter().map(|line| line.trim()).collect();
    let Some(complete) = trimmed.iter().position(|line| *line == BOOT_COMPLETE) else {
        problems.push(format!("no `{BOOT_COMPLETE}` before the fault"));
        return;
    };
    let after = &trimmed[complete + 1..];
    let Some(report) = after
        .iter()
        .position(|line| line.starts_with("lichen: exception on "))
    else {
        problems.push("no `lichen: exception on cpuN: <class>` line".into());
        return;
    };
    match boot_log::parse_exception(after[report]) {
        Some((0, class)) if class.contains("Data Abort") => {}
        _ => problems.push(format!(
            "expected a Data Abort on cpu0, got `{}`",
            after[report]
        )),
    }
    let details = &after[report + 1..];
    for register in ["FAR", "ELR"] {
        if !details.iter().any(|line| line.contains(register)) {
            problems.push(format!("no line with {register} after the exception line"));
        }
    }
    let halt = "lichen: fatal: cpu0 halted after exception";
    if details.last().copied() != Some(halt) {
        problems.push(format!("the report does not end with `{halt}`"));
    }
}

#[cfg(test)]
mod tests;
