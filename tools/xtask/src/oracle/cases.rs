//! The differential suite's cases, found in `userspace/`: C cases, shell scripts, the fuzzer.
//!
//! Order is fixed: C case files by name, each file's cases in source order; then scripts by
//! name; then the fuzzer. A C case is a `LCASE(name)` at the start of a line in
//! `userspace/cases/<group>.c` and is called `<group>.<name>`; a script
//! `userspace/scripts/<stem>.sh` is the case `sh.<stem>`.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Where the test programs live in the guest.
pub const GUEST_BIN: &str = "/oracle/bin";

/// Where the test scripts live in the guest.
pub const GUEST_SCRIPTS: &str = "/oracle/scripts";

/// Random system calls the fuzzer makes (issue 3 asks for 100,000).
pub const FUZZ_CALLS: u64 = 100_000;

/// Seconds a C case may run before `/init` kills it.
const C_CASE_SECONDS: u32 = 30;

/// Seconds a script may run.
const SCRIPT_SECONDS: u32 = 60;

/// Seconds the fuzzer may run.
const FUZZ_SECONDS: u32 = 900;

/// One case: its name and how `/init` runs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// `group.name`; also the golden file's stem.
    pub name: String,
    /// The command line inside the guest.
    pub command: Vec<String>,
    /// Seconds before `/init` kills the case.
    pub timeout_seconds: u32,
}

/// The `userspace/` folders.
#[derive(Debug, Clone)]
pub struct Userspace {
    /// `userspace/` itself.
    pub root: PathBuf,
}

impl Userspace {
    /// The workspace's `userspace/` folder.
    pub fn in_workspace() -> Self {
        Userspace {
            root: crate::paths::workspace_root().join("userspace"),
        }
    }

    /// C files holding cases, one group each.
    pub fn cases_dir(&self) -> PathBuf {
        self.root.join("cases")
    }

    /// BusyBox shell scripts, one case each.
    pub fn scripts_dir(&self) -> PathBuf {
        self.root.join("scripts")
    }

    /// The standalone programs: fuzzer and benchmark.
    pub fn tools_dir(&self) -> PathBuf {
        self.root.join("tools")
    }

    /// The framework shared by the programs.
    pub fn lib_dir(&self) -> PathBuf {
        self.root.join("lib")
    }

    /// The framework's header.
    pub fn include_dir(&self) -> PathBuf {
        self.root.join("include")
    }
}

/// Files in `directory` ending in `.extension`, sorted by name.
pub fn files_with_extension(directory: &Path, extension: &str) -> Result<Vec<PathBuf>> {
    let listing = std::fs::read_dir(directory)
        .map_err(|source| Error::io(format!("listing {}", directory.display()), source))?;
    let mut files: Vec<PathBuf> = listing
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|found| found == extension))
        .collect();
    files.sort();
    Ok(files)
}

/// The file's stem as UTF-8, or an error naming it.
pub fn stem(path: &Path) -> Result<String> {
    path.file_stem()
        .and_then(|stem| stem.to_str())
        .map(str::to_string)
        .ok_or_else(|| Error::Check(format!("{}: file name is not UTF-8", path.display())))
}

/// The case names `LCASE(name)` defines in one C source, in source order.
pub fn lcase_names(source: &str) -> Vec<String> {
    source
        .lines()
        .filter_map(|line| line.strip_prefix("LCASE("))
        .filter_map(|rest| rest.split_once(')'))
        .map(|(name, _)| name.trim().to_string())
        .collect()
}

/// Whether `name` is usable as a case name and a file name.
fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// Every case of the suite, in the fixed order.
pub fn discover(userspace: &Userspace) -> Result<Vec<Case>> {
    let mut cases = Vec::new();
    for source in files_with_extension(&userspace.cases_dir(), "c")? {
        let group = stem(&source)?;
        let text = std::fs::read_to_string(&source)
            .map_err(|error| Error::io(format!("reading {}", source.display()), error))?;
        for name in lcase_names(&text) {
            let full = format!("{group}.{name}");
            cases.push(Case {
                command: vec![format!("{GUEST_BIN}/lcase"), full.clone()],
                name: full,
                timeout_seconds: C_CASE_SECONDS,
            });
        }
    }
    for script in files_with_extension(&userspace.scripts_dir(), "sh")? {
        let stem = stem(&script)?;
        cases.push(Case {
            name: format!("sh.{stem}"),
            command: vec!["sh".into(), format!("{GUEST_SCRIPTS}/{stem}.sh")],
            timeout_seconds: SCRIPT_SECONDS,
        });
    }
    cases.push(Case {
        name: "fuzz.syscalls".into(),
        command: vec![format!("{GUEST_BIN}/fuzz"), FUZZ_CALLS.to_string()],
        timeout_seconds: FUZZ_SECONDS,
    });
    check_names(&cases)?;
    Ok(cases)
}

/// The cases whose name contains one of the comma-separated `patterns` (all when `None`).
pub fn select(cases: Vec<Case>, patterns: Option<&str>) -> Result<Vec<Case>> {
    let Some(patterns) = patterns else {
        return Ok(cases);
    };
    let wanted: Vec<&str> = patterns
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let selected: Vec<Case> = cases
        .into_iter()
        .filter(|case| wanted.iter().any(|pattern| case.name.contains(pattern)))
        .collect();
    if selected.is_empty() {
        return Err(Error::Usage(format!("--only {patterns}: no case matches")));
    }
    Ok(selected)
}

/// Refuses unusable or duplicate names.
fn check_names(cases: &[Case]) -> Result<()> {
    let mut seen = std::collections::BTreeSet::new();
    for case in cases {
        if !is_valid_name(&case.name) {
            return Err(Error::Check(format!("bad case name `{}`", case.name)));
        }
        if !seen.insert(case.name.as_str()) {
            return Err(Error::Check(format!("case `{}` defined twice", case.name)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lcase_lines_are_found_in_order_and_helpers_are_not() {
        let source = "\
/* LCASE(in_comment) is not at the start of a line */
LCASE(first) {
}
LHELPER(helper) {}
  LCASE(indented)
LCASE(second) { say(\"x\"); }
";
        assert_eq!(lcase_names(source), ["first", "second"]);
    }

    #[test]
    fn names_must_be_file_names_and_unique() {
        let case = |name: &str| Case {
            name: name.into(),
            command: Vec::new(),
            timeout_seconds: 1,
        };
        assert!(check_names(&[case("a.b"), case("sh.x-y")]).is_ok());
        assert!(check_names(&[case("a.b"), case("a.b")]).is_err());
        assert!(check_names(&[case("a/b")]).is_err());
        assert!(check_names(&[case("")]).is_err());
    }

    #[test]
    fn only_keeps_matching_cases_in_order() {
        let case = |name: &str| Case {
            name: name.into(),
            command: Vec::new(),
            timeout_seconds: 1,
        };
        let all = vec![
            case("pipes.a"),
            case("dirs.b"),
            case("pipes.c"),
            case("sh.d"),
        ];
        let names = |cases: Vec<Case>| cases.into_iter().map(|case| case.name).collect::<Vec<_>>();
        assert_eq!(names(select(all.clone(), None).expect("all")).len(), 4);
        assert_eq!(
            names(select(all.clone(), Some("pipes.,sh.")).expect("some")),
            ["pipes.a", "pipes.c", "sh.d"]
        );
        assert!(matches!(select(all, Some("nothing")), Err(Error::Usage(_))));
    }

    #[test]
    fn the_workspace_suite_is_large_and_ordered() {
        let cases = discover(&Userspace::in_workspace()).expect("discover");
        assert!(cases.len() >= 60, "only {} cases", cases.len());
        assert_eq!(
            cases.last().map(|case| case.name.as_str()),
            Some("fuzz.syscalls")
        );
        let first_script = cases
            .iter()
            .position(|case| case.name.starts_with("sh."))
            .expect("scripts");
        assert!(cases[..first_script]
            .iter()
            .all(|case| case.command[0].ends_with("/lcase")));
        let groups: Vec<&str> = cases[..first_script]
            .iter()
            .map(|case| case.name.split('.').next().unwrap_or(""))
            .collect();
        let mut sorted = groups.clone();
        sorted.sort();
        assert_eq!(groups, sorted, "C groups in file-name order");
    }
}
