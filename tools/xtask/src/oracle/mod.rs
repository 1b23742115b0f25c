//! The Linux oracle: the userspace suite, its initramfs, and the commands that boot it.
//!
//! `cargo xtask golden` boots Debian's Linux with the suite and writes `tests/golden/`;
//! `cargo xtask difftest [--kernel PATH]` boots another kernel (Lichen by default) with the
//! same initramfs and compares case by case; `cargo xtask bench [--kernel PATH]` runs the
//! benchmark program on Linux and the other kernel and prints medians and ratios.
//! See docs/oracle.md and docs/performance.md.

pub(crate) mod applets;
mod bench;
mod bench_table;
mod cases;
mod compile;
mod console;
mod diff;
mod difftest;
mod golden;
mod init_script;
pub(crate) mod initramfs;
mod markers;
pub(crate) mod newc;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use crate::args::Args;
use crate::error::Result;
use crate::qemu::VirtMachine;
use cases::Case;
use console::{ConsoleRun, Limits};

/// The differential tier of `cargo xtask test`.
pub use difftest::tier as difftest_tier;

/// The cases known to differ from Linux, relative to the workspace root (see [`pending`]).
pub const PENDING_FILE: &str = "tests/difftest-pending.txt";

/// The cases listed in [`PENDING_FILE`]: one case name per line, `#` starts a comment. The
/// test tier reports them as pending while they differ and fails once one matches (so the list
/// only shrinks); `cargo xtask difftest` ignores the list and reports every difference.
pub fn pending() -> Result<std::collections::BTreeSet<String>> {
    let path = crate::paths::workspace_root().join(PENDING_FILE);
    let text = std::fs::read_to_string(&path)
        .map_err(|error| crate::error::Error::Usage(format!("{}: {error}", path.display())))?;
    Ok(parse_pending(&text))
}

/// Parses [`PENDING_FILE`]'s text.
fn parse_pending(text: &str) -> std::collections::BTreeSet<String> {
    text.lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|name| !name.is_empty())
        .map(String::from)
        .collect()
}

/// `cargo xtask golden [--twice] [--only PATTERNS] [--gic 2|3]`.
pub fn golden(args: Args) -> Result<ExitCode> {
    golden::run(args)
}

/// `cargo xtask difftest [--kernel PATH] [--only PATTERNS] [--board B] [--debug] [--gic 2|3]`.
pub fn difftest(args: Args) -> Result<ExitCode> {
    difftest::run(args)
}

/// `cargo xtask bench [--kernel PATH] [--runs N] [--board B] [--debug] [--gic 2|3]`.
pub fn bench(args: Args) -> Result<ExitCode> {
    bench::run(args)
}

/// `tests/golden/`: one `<case>.out` per case, written by `cargo xtask golden`.
pub fn golden_dir() -> PathBuf {
    crate::paths::workspace_root().join("tests/golden")
}

/// The machine every oracle boot uses: `cargo xtask run`'s default (4 CPUs, 512M, GICv3),
/// with `--gic` to choose the interrupt controller.
fn machine_from_args(args: &mut Args) -> Result<VirtMachine> {
    let defaults = VirtMachine::default();
    let machine = VirtMachine {
        gic_version: args.parsed("--gic", defaults.gic_version)?,
        ..defaults
    };
    machine.validate()?;
    Ok(machine)
}

/// Limits of a suite boot: each case's own timeout while it runs, an hour in all.
fn suite_limits(cases: &[Case]) -> Limits {
    let per_case: BTreeMap<String, Duration> = cases
        .iter()
        .map(|case| {
            (
                case.name.clone(),
                Duration::from_secs(case.timeout_seconds.into()),
            )
        })
        .collect();
    Limits {
        to_init: Duration::from_secs(120),
        idle: Duration::from_secs(120),
        total: Duration::from_secs(3600),
        per_case,
    }
}

/// Boots `kernel` with the suite and returns its console; the log is `<target>/oracle/<label>.log`.
fn boot_suite(
    machine: &VirtMachine,
    kernel: &Path,
    built: &initramfs::Initramfs,
    label: &str,
) -> Result<ConsoleRun> {
    let command = console::command(machine, kernel, &built.path, initramfs::SUITE_INIT);
    let log = initramfs::oracle_dir().join(format!("{label}.log"));
    println!(
        "{label}: booting {} with {}",
        kernel.display(),
        built.path.display()
    );
    console::run(command, &suite_limits(&built.cases), &log)
}

#[cfg(test)]
mod tests {
    use super::parse_pending;

    #[test]
    fn the_pending_list_is_one_name_per_line_with_comments() {
        let list = parse_pending("# header\n\nsh.jobs   # job control\n  pipes.poll_states\n");
        let names: Vec<&str> = list.iter().map(String::as_str).collect();
        assert_eq!(names, ["pipes.poll_states", "sh.jobs"]);
    }
}
