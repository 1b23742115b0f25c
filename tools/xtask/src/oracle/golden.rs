//! `cargo xtask golden`: boots Debian's Linux with the suite and writes `tests/golden/*.out`.
//!
//! Every case must finish on Linux, and none may report a failed set-up step (`FATAL` lines,
//! exit status 99) or be killed by its timeout: such a case is a broken test, and no golden file
//! is written. With `--twice`, Linux boots a second time and any case whose output differs
//! between the two boots is reported as non-deterministic (a bug in that test).

use std::process::ExitCode;
use std::time::Instant;

use super::console::{ConsoleRun, Ending};
use super::diff::unified;
use super::{boot_suite, golden_dir, initramfs, machine_from_args, markers};
use crate::args::Args;
use crate::error::{Error, Result};
use crate::paths::Cache;

/// Exit status of a case whose set-up step failed (`die()` in the C framework).
const SETUP_FAILED_STATUS: i32 = 99;

/// Exit status of a case `timeout -s KILL` stopped.
const KILLED_STATUS: i32 = 137;

/// Each case's golden text, in suite order, from one Linux boot; problems if any.
pub fn collect(
    cases: &[super::cases::Case],
    run: &ConsoleRun,
) -> std::result::Result<Vec<(String, String)>, Vec<String>> {
    let transcript = markers::parse(&run.lines);
    let mut problems = Vec::new();
    if run.ending != Ending::Done {
        problems.push(format!("the run did not finish: {:?}", run.ending));
    }
    let mut outputs = Vec::new();
    for case in cases {
        let Some(output) = transcript.case(&case.name) else {
            problems.push(format!("{}: never started", case.name));
            continue;
        };
        match output.status {
            None => problems.push(format!("{}: did not finish", case.name)),
            Some(KILLED_STATUS) => problems.push(format!("{}: killed by its timeout", case.name)),
            Some(SETUP_FAILED_STATUS) => {
                problems.push(format!("{}: a set-up step failed", case.name))
            }
            Some(_) => {}
        }
        if let Some(line) = output.lines.iter().find(|line| line.starts_with("FATAL ")) {
            problems.push(format!("{}: {line}", case.name));
        }
        outputs.push((case.name.clone(), output.text()));
    }
    if problems.is_empty() {
        Ok(outputs)
    } else {
        Err(problems)
    }
}

/// Writes one file per case; for a full run (`prune`), removes `.out` files of cases that no
/// longer exist.
fn write_golden(outputs: &[(String, String)], prune: bool) -> Result<()> {
    let directory = golden_dir();
    std::fs::create_dir_all(&directory)
        .map_err(|source| Error::io(format!("creating {}", directory.display()), source))?;
    for (name, text) in outputs {
        let path = directory.join(format!("{name}.out"));
        std::fs::write(&path, text)
            .map_err(|source| Error::io(format!("writing {}", path.display()), source))?;
    }
    if !prune {
        return Ok(());
    }
    for stale in super::cases::files_with_extension(&directory, "out")? {
        let stem = super::cases::stem(&stale)?;
        if !outputs.iter().any(|(name, _)| *name == stem) {
            std::fs::remove_file(&stale)
                .map_err(|source| Error::io(format!("removing {}", stale.display()), source))?;
            println!("golden: removed stale {}", stale.display());
        }
    }
    Ok(())
}

/// The cases whose text differs between two boots, with diff excerpts.
fn nondeterministic(first: &[(String, String)], second: &[(String, String)]) -> Vec<String> {
    first
        .iter()
        .zip(second)
        .filter(|((_, left), (_, right))| left != right)
        .map(|((name, left), (_, right))| {
            format!(
                "{name}:\n{}",
                unified(left, right, ("first boot", "second boot"), 20)
            )
        })
        .collect()
}

/// A check error listing `problems` and pointing at the log.
fn failed(what: &str, problems: &[String], run: &ConsoleRun) -> Error {
    Error::Check(format!(
        "golden: {what}; nothing written:\n  {}\nconsole log: {}",
        problems.join("\n  "),
        run.log.display()
    ))
}

/// `cargo xtask golden [--twice] [--only PATTERNS] [--gic 2|3]`.
pub fn run(mut args: Args) -> Result<ExitCode> {
    let twice = args.flag("--twice");
    let only = args.value("--only")?;
    let machine = machine_from_args(&mut args)?;
    args.finish()?;
    crate::setup::run()?;
    let started = Instant::now();
    let cache = Cache::from_env();
    let built = initramfs::build(&cache, only.as_deref())?;
    let first = boot_suite(&machine, &cache.linux_image(), &built, "golden-1")?;
    let outputs = collect(&built.cases, &first)
        .map_err(|problems| failed("Linux did not run every case cleanly", &problems, &first))?;
    println!(
        "golden: {} cases ran in {:.0} s",
        outputs.len(),
        started.elapsed().as_secs_f64()
    );
    if twice {
        let second = boot_suite(&machine, &cache.linux_image(), &built, "golden-2")?;
        let again = collect(&built.cases, &second)
            .map_err(|problems| failed("the second boot failed", &problems, &second))?;
        let differing = nondeterministic(&outputs, &again);
        if !differing.is_empty() {
            return Err(failed(
                "cases differ between two Linux boots",
                &differing,
                &second,
            ));
        }
        println!("golden: both boots agree on every case");
    }
    write_golden(&outputs, only.is_none())?;
    println!(
        "golden: wrote {} files to {} in {:.0} s",
        outputs.len(),
        golden_dir().display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oracle::cases::Case;

    fn case(name: &str) -> Case {
        Case {
            name: name.into(),
            command: Vec::new(),
            timeout_seconds: 5,
        }
    }

    fn console(text: &str, ending: Ending) -> ConsoleRun {
        ConsoleRun {
            lines: text.lines().map(String::from).collect(),
            init_after: None,
            ending,
            log: "log".into(),
        }
    }

    #[test]
    fn clean_runs_give_every_case_text_in_order() {
        let run = console(
            "@@LICHEN-INIT\n@@LICHEN-CASE-BEGIN a.x\n@@| == case a.x\n@@LICHEN-CASE-END a.x status=0\n\
             @@LICHEN-CASE-BEGIN a.y\n@@LICHEN-CASE-END a.y status=3\n@@LICHEN-DONE",
            Ending::Done,
        );
        let outputs = collect(&[case("a.x"), case("a.y")], &run).expect("clean");
        assert_eq!(
            outputs,
            [
                ("a.x".to_string(), "== case a.x\n== status 0\n".to_string()),
                ("a.y".to_string(), "== status 3\n".to_string())
            ]
        );
    }

    #[test]
    fn broken_tests_are_refused() {
        let run = console(
            "@@LICHEN-CASE-BEGIN a.fatal\n@@| FATAL pipe: EMFILE\n@@LICHEN-CASE-END a.fatal status=99\n\
             @@LICHEN-CASE-BEGIN a.killed\n@@LICHEN-CASE-END a.killed status=137\n\
             @@LICHEN-CASE-BEGIN a.hung",
            Ending::TimedOut("silent".into()),
        );
        let cases = [
            case("a.fatal"),
            case("a.killed"),
            case("a.hung"),
            case("a.never"),
        ];
        let problems = collect(&cases, &run).expect_err("broken");
        let text = problems.join("\n");
        for expected in [
            "did not finish: TimedOut",
            "a.fatal: a set-up step failed",
            "a.fatal: FATAL pipe: EMFILE",
            "a.killed: killed by its timeout",
            "a.hung: did not finish",
            "a.never: never started",
        ] {
            assert!(text.contains(expected), "missing `{expected}` in\n{text}");
        }
    }

    #[test]
    fn differing_boots_are_listed_with_a_diff() {
        let first = [
            ("a".to_string(), "x\n".to_string()),
            ("b".to_string(), "same\n".to_string()),
        ];
        let second = [
            ("a".to_string(), "y\n".to_string()),
            ("b".to_string(), "same\n".to_string()),
        ];
        let differing = nondeterministic(&first, &second);
        assert_eq!(differing.len(), 1);
        assert!(differing[0].starts_with("a:\n--- first boot\n+++ second boot\n"));
        assert!(differing[0].contains("-x\n+y\n"));
    }
}
