//! `cargo xtask difftest`: boots a kernel with the suite and compares each case with Linux's
//! golden output; [`tier`] is the same check as one tier of a larger test run.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::cases::Case;
use super::console::{ConsoleRun, Ending};
use super::diff::unified;
use super::{boot_suite, golden_dir, initramfs, machine_from_args, markers};
use crate::args::Args;
use crate::build::{self, BuildOptions};
use crate::error::{Error, Result};
use crate::paths::Cache;
use crate::qemu::VirtMachine;
use crate::test::tally::{Failure, Tally};

/// Diff lines quoted per failing case.
const DIFF_LINES: usize = 24;

/// Compares every case of `run` with the golden files in `golden`, counting into `tally`;
/// also counts whether the console stayed free of kernel panics and `/init` reached its end.
/// A case named in `pending` that differs is counted as pending; one that matches fails, so
/// that the list is kept honest.
pub fn compare(
    cases: &[Case],
    run: &ConsoleRun,
    golden: &Path,
    kernel_label: &str,
    pending: &BTreeSet<String>,
    tally: &mut Tally,
) {
    let transcript = markers::parse(&run.lines);
    let log = Some(run.log.clone());
    for case in cases {
        let listed = pending.contains(&case.name);
        let mut tally = Verdict {
            tally: &mut *tally,
            listed,
        };
        let tally = &mut tally;
        let path = golden.join(format!("{}.out", case.name));
        let Ok(expected) = std::fs::read_to_string(&path) else {
            tally.fail(Failure {
                case: case.name.clone(),
                reason: format!(
                    "no golden file {} (run `cargo xtask golden`)",
                    path.display()
                ),
                details: String::new(),
                log: None,
            });
            continue;
        };
        let Some(output) = transcript.case(&case.name) else {
            // The console checks below carry the log; one line per case is enough here.
            tally.fail(Failure {
                case: case.name.clone(),
                reason: if transcript.init_started {
                    "never started (the kernel stopped earlier)".into()
                } else {
                    "never started (the kernel did not reach /init)".into()
                },
                details: String::new(),
                log: None,
            });
            continue;
        };
        let actual = output.text();
        if actual == expected {
            tally.pass(&case.name, "");
        } else {
            tally.fail(Failure {
                case: case.name.clone(),
                reason: match output.status {
                    None => "did not finish".into(),
                    Some(_) => "output differs from Linux".into(),
                },
                details: unified(
                    &expected,
                    &actual,
                    ("Linux (golden)", kernel_label),
                    DIFF_LINES,
                ),
                log: log.clone(),
            });
        }
    }
    let fatal = run
        .lines
        .iter()
        .filter(|line| !line.starts_with("@@|"))
        .find(|line| {
            line.contains("Kernel panic")
                || line.contains("lichen: fatal:")
                || line.contains("Oops")
        });
    match fatal {
        None => tally.pass("console: no kernel panic", ""),
        Some(line) => tally.fail(Failure {
            case: "console: no kernel panic".into(),
            reason: line.clone(),
            details: String::new(),
            log: log.clone(),
        }),
    }
    if transcript.done && run.ending == Ending::Done {
        tally.pass("console: /init reached its end", "");
    } else {
        tally.fail(Failure {
            case: "console: /init reached its end".into(),
            reason: format!("the run ended: {:?}", run.ending),
            details: String::new(),
            log,
        });
    }
}

/// Counts one case's result, turning it around when the case is listed as pending.
struct Verdict<'a> {
    tally: &'a mut Tally,
    listed: bool,
}

impl Verdict<'_> {
    fn pass(&mut self, case: &str, note: &str) {
        if self.listed {
            self.tally.fail(Failure {
                case: case.into(),
                reason: format!("matches Linux now: remove it from {}", super::PENDING_FILE),
                details: String::new(),
                log: None,
            });
        } else {
            self.tally.pass(case, note);
        }
    }

    fn fail(&mut self, failure: Failure) {
        if self.listed {
            self.tally.pending(&failure.case, &failure.reason);
        } else {
            self.tally.fail(failure);
        }
    }
}

/// The differential tier: builds the initramfs (cases matching `only`, all when `None`), boots
/// `kernel`, compares with `tests/golden`. Problems before the comparison (no QEMU, no
/// busybox...) count as one failed case.
pub fn tier(
    kernel: &Path,
    machine: &VirtMachine,
    only: Option<&str>,
    pending: &BTreeSet<String>,
    tally: &mut Tally,
) {
    let outcome = initramfs::build(&Cache::from_env(), only).and_then(|built| {
        let run = boot_suite(machine, kernel, &built, "difftest")?;
        Ok((built, run))
    });
    match outcome {
        Ok((built, run)) => {
            let label = kernel
                .file_name()
                .map_or("kernel".into(), |name| name.to_string_lossy().into_owned());
            compare(&built.cases, &run, &golden_dir(), &label, pending, tally);
        }
        Err(error) => tally.fail(Failure {
            case: "difftest".into(),
            reason: error.to_string(),
            details: String::new(),
            log: None,
        }),
    }
}

/// `cargo xtask difftest [--kernel PATH] [--only PATTERNS] [--board B] [--debug] [--gic 2|3]`.
pub fn run(mut args: Args) -> Result<ExitCode> {
    let kernel = args.value("--kernel")?.map(PathBuf::from);
    let only = args.value("--only")?;
    let options = BuildOptions::from_args(&mut args)?;
    let machine = machine_from_args(&mut args)?;
    args.finish()?;
    crate::setup::run()?;
    let kernel = match kernel {
        Some(path) if path.is_file() => path,
        Some(path) => {
            return Err(Error::Usage(format!(
                "--kernel {}: no such file",
                path.display()
            )))
        }
        None => build::build(&options)?,
    };
    let mut tally = Tally::default();
    // By hand, every difference is reported: the pending list is for the test tier.
    tier(
        &kernel,
        &machine,
        only.as_deref(),
        &BTreeSet::new(),
        &mut tally,
    );
    tally.print_failures();
    println!("difftest: {}", tally.summary_line());
    Ok(if tally.any_failed() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tempdir::TempDir;

    fn case(name: &str) -> Case {
        Case {
            name: name.into(),
            command: Vec::new(),
            timeout_seconds: 5,
        }
    }

    /// Golden files for `a.same`, `a.differs` and `a.missing`, and a run of four cases in
    /// which `a.same` matches, `a.differs` differs and `a.no_golden` has no golden file.
    fn fixture() -> (TempDir, ConsoleRun, [Case; 4]) {
        let golden = TempDir::new("difftest-golden").expect("temp dir");
        std::fs::write(
            golden.path().join("a.same.out"),
            "== case a.same\nok\n== status 0\n",
        )
        .expect("write");
        std::fs::write(
            golden.path().join("a.differs.out"),
            "== case a.differs\nx = 1\n== status 0\n",
        )
        .expect("write");
        std::fs::write(golden.path().join("a.missing.out"), "== status 0\n").expect("write");
        let run = ConsoleRun {
            lines: "@@LICHEN-INIT\n\
                    @@LICHEN-CASE-BEGIN a.same\n@@| == case a.same\n@@| ok\n@@LICHEN-CASE-END a.same status=0\n\
                    @@LICHEN-CASE-BEGIN a.differs\n@@| == case a.differs\n@@| x = 2\n@@LICHEN-CASE-END a.differs status=0\n\
                    @@LICHEN-CASE-BEGIN a.no_golden\n@@LICHEN-CASE-END a.no_golden status=0\n\
                    @@LICHEN-DONE"
                .lines()
                .map(String::from)
                .collect(),
            init_after: None,
            ending: Ending::Done,
            log: "difftest.log".into(),
        };
        let cases = [
            case("a.same"),
            case("a.differs"),
            case("a.no_golden"),
            case("a.missing"),
        ];
        (golden, run, cases)
    }

    #[test]
    fn each_case_passes_or_fails_against_its_golden_file() {
        let (golden, run, cases) = fixture();
        let mut tally = Tally::default();
        compare(
            &cases,
            &run,
            golden.path(),
            "lichen",
            &BTreeSet::new(),
            &mut tally,
        );
        // a.same, no panic, /init end: 3 passed; a.differs, a.no_golden, a.missing: 3 failed.
        assert_eq!(tally.summary_line(), "3 passed, 3 failed");
    }

    #[test]
    fn a_pending_case_that_differs_is_pending_and_one_that_matches_fails() {
        let (golden, run, cases) = fixture();
        let pending: BTreeSet<String> = ["a.same", "a.differs", "a.missing"]
            .into_iter()
            .map(String::from)
            .collect();
        let mut tally = Tally::default();
        compare(&cases, &run, golden.path(), "lichen", &pending, &mut tally);
        // Passed: the two console checks. Failed: a.same (listed but matching), a.no_golden.
        // Pending: a.differs, a.missing.
        assert_eq!(
            tally.summary_line(),
            format!(
                "2 passed, 2 failed (2 more known to differ from Linux, listed in {})",
                crate::oracle::PENDING_FILE
            )
        );
    }

    #[test]
    fn a_panicking_kernel_fails_the_console_checks() {
        let golden = TempDir::new("difftest-golden").expect("temp dir");
        let run = ConsoleRun {
            lines: vec!["[ 1.0] Kernel panic - not syncing: Attempted to kill init!".into()],
            init_after: None,
            ending: Ending::Fatal("Kernel panic".into()),
            log: "difftest.log".into(),
        };
        let mut tally = Tally::default();
        compare(
            &[],
            &run,
            golden.path(),
            "lichen",
            &BTreeSet::new(),
            &mut tally,
        );
        assert_eq!(tally.summary_line(), "0 passed, 2 failed");
    }
}
