//! The host tiers: static checks (fmt, clippy), `cargo test` with per-test counts, the kernel build.

use std::path::PathBuf;
use std::process::Command;

use super::tally::{Failure, Tally};
use crate::build::{BuildOptions, KERNEL_TARGET};
use crate::paths;
use crate::process;

/// Lines of output quoted for a failed check.
const TAIL_LINES: usize = 25;

/// `cargo` with the given arguments, run in the workspace root.
fn cargo(args: &[&str]) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.current_dir(paths::workspace_root()).args(args);
    command
}

/// Runs `command` with output captured; `Err` carries the reason and the output's tail.
fn captured(command: Command) -> Result<(), (String, String)> {
    let shown = process::display(&command);
    match process::merged_output_of(command) {
        Ok((status, _)) if status.success() => Ok(()),
        Ok((status, output)) => Err((
            format!("`{shown}` failed ({status})"),
            process::tail_lines(&output, TAIL_LINES),
        )),
        Err(error) => Err((error.to_string(), String::new())),
    }
}

/// Counts one case for `command`: passed when it exits successfully.
fn check(tally: &mut Tally, case: &str, command: Command) {
    println!("test: {case}: {}", process::display(&command));
    match captured(command) {
        Ok(()) => tally.pass(case, ""),
        Err((reason, details)) => tally.fail(Failure {
            case: case.into(),
            reason,
            details,
            log: None,
        }),
    }
}

/// The static checks, one case each: formatting, host clippy, kernel clippy.
///
/// The host run leaves out `lichen`, the kernel binary: it only compiles for the kernel target
/// (its arch layer is `cfg(target_arch = "aarch64")`), and the kernel clippy run checks it there.
pub fn static_checks(tally: &mut Tally) {
    check(tally, "fmt", cargo(&["fmt", "--all", "--", "--check"]));
    check(
        tally,
        "clippy (host)",
        cargo(&[
            "clippy",
            "--workspace",
            "--exclude",
            "lichen",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    );
    check(
        tally,
        "clippy (kernel)",
        cargo(&[
            "clippy",
            "-p",
            "lichen",
            "--target",
            KERNEL_TARGET,
            "--",
            "-D",
            "warnings",
        ]),
    );
}

/// The host tests: `cargo test --no-fail-fast` for the default members (doctests included; every
/// test binary runs even after one fails, so every test is counted), then xtask's own
/// tests including the ignored ones, which need the tools and inputs setup has just provided
/// (they boot Debian's Linux through the same QEMU plumbing as the Lichen cases); every test
/// counts as one case.
pub fn unit_tests(tally: &mut Tally) {
    let xtask_args = [
        "test",
        "-p",
        "xtask",
        "--no-fail-fast",
        "--",
        "--include-ignored",
    ];
    for (label, args) in [
        ("cargo test", &["test", "--no-fail-fast"][..]),
        ("cargo test -p xtask", &xtask_args[..]),
    ] {
        let command = cargo(args);
        println!("test: {label}: {}", process::display(&command));
        let (success, output) = match process::merged_output_of(command) {
            Ok((status, output)) => (status.success(), output),
            Err(error) => (false, error.to_string()),
        };
        let summary = parse_test_output(&output);
        let mut failures: Vec<Failure> = summary
            .failed_names
            .iter()
            .map(|name| Failure {
                case: name.clone(),
                reason: format!("failed in `{label}`"),
                details: failure_section(&output, name),
                log: None,
            })
            .collect();
        // A failure the harness did not report per test (a build error, a crash).
        if !success && failures.is_empty() {
            failures.push(Failure {
                case: label.into(),
                reason: "did not build or run to completion".into(),
                details: process::tail_lines(&output, TAIL_LINES),
                log: None,
            });
        }
        println!(
            "  {}  {label}: {} passed, {} failed",
            if failures.is_empty() { "ok  " } else { "FAIL" },
            summary.passed,
            failures.len()
        );
        tally.add_counted(summary.passed, failures);
    }
}

/// Builds the kernel like `cargo xtask build` (one case); returns the `Image` when it built.
pub fn kernel_build(tally: &mut Tally, features: &[&str]) -> Option<PathBuf> {
    let options = BuildOptions {
        board: crate::build::BOARDS[0].into(),
        release: true,
        features: features.iter().map(|f| f.to_string()).collect(),
    };
    let command = options.cargo_command();
    let case = match features {
        [] => "kernel build".to_string(),
        _ => format!("kernel build [{}]", features.join("+")),
    };
    println!("test: {case}: {}", process::display(&command));
    let mut objcopy = Command::new("aarch64-linux-gnu-objcopy");
    objcopy
        .args(["-O", "binary"])
        .arg(options.elf_path())
        .arg(options.image_path());
    match captured(command).and_then(|()| captured(objcopy)) {
        Ok(()) => {
            tally.pass(&case, &options.image_path().display().to_string());
            Some(options.image_path())
        }
        Err((reason, details)) => {
            tally.fail(Failure {
                case,
                reason,
                details,
                log: None,
            });
            None
        }
    }
}

/// What `cargo test` output says, summed over every test binary and doctest run.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TestSummary {
    /// Sum of `N passed` over the `test result:` lines.
    pub passed: u64,
    /// Sum of `M failed`.
    pub failed: u64,
    /// Names from `test <name> ... FAILED` lines.
    pub failed_names: Vec<String>,
}

/// Parses `test result: ok. 12 passed; 0 failed; ...` lines and `test x ... FAILED` lines.
pub fn parse_test_output(output: &str) -> TestSummary {
    let mut summary = TestSummary::default();
    for line in output.lines() {
        let line = line.trim();
        if let Some(result) = line.strip_prefix("test result: ") {
            for part in result.split(';') {
                let mut words = part.split_whitespace().rev();
                let (Some(kind), Some(number)) = (words.next(), words.next()) else {
                    continue;
                };
                let Ok(number) = number.parse::<u64>() else {
                    continue;
                };
                match kind {
                    "passed" => summary.passed += number,
                    "failed" => summary.failed += number,
                    _ => {}
                }
            }
        } else if let Some(name) = line
            .strip_prefix("test ")
            .and_then(|rest| rest.strip_suffix(" ... FAILED"))
        {
            summary.failed_names.push(name.to_string());
        }
    }
    summary
}

/// The captured output of failed test `name` (`---- name stdout ----` up to the next section).
fn failure_section(output: &str, name: &str) -> String {
    let header = format!("---- {name} stdout ----");
    let Some(start) = output.find(&header) else {
        return String::new();
    };
    let body = &output[start + header.len()..];
    let end = body
        .find("\n---- ")
        .into_iter()
        .chain(body.find("\nfailures:"))
        .min()
        .unwrap_or(body.len());
    process::tail_lines(body[..end].trim(), TAIL_LINES)
}

#[cfg(test)]
mod tests;
