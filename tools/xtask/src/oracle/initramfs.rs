//! Assembles `<target>/oracle/initramfs.cpio.gz`: BusyBox and its applet links, the test
//! programs and scripts, `/init` and `/init-bench`, `/dev/console`; newc, then `gzip -n`.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::applets;
use super::cases::{self, Case, Userspace, GUEST_BIN, GUEST_SCRIPTS};
use super::compile;
use super::init_script;
use super::newc::{self, Entry};
use crate::error::{Error, Result};
use crate::paths::Cache;
use crate::process;

/// The suite's init, run by `rdinit=/init`.
pub const SUITE_INIT: &str = "/init";

/// The benchmark's init, run by `rdinit=/init-bench`.
pub const BENCH_INIT: &str = "/init-bench";

/// Directories of the archive's root, in archive order.
const DIRECTORIES: [&str; 14] = [
    "bin",
    "dev",
    "etc",
    "proc",
    "root",
    "sbin",
    "sys",
    "tmp",
    "usr",
    "usr/bin",
    "usr/sbin",
    "oracle",
    "oracle/bin",
    "oracle/scripts",
];

/// `<target>/oracle`: the archive, the program builds, the console logs.
pub fn oracle_dir() -> PathBuf {
    crate::paths::target_dir().join("oracle")
}

/// A built archive and the cases its `/init` runs.
#[derive(Debug, Clone)]
pub struct Initramfs {
    /// The gzip-compressed newc archive.
    pub path: PathBuf,
    /// The cases, in the order `/init` runs them.
    pub cases: Vec<Case>,
}

/// Reads a file, naming it in the error.
fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| Error::io(format!("reading {}", path.display()), source))
}

/// The guest path without its leading slash, as the archive names it.
fn relative(guest_path: &str) -> &str {
    guest_path.trim_start_matches('/')
}

/// Every archive entry, in a fixed order.
fn entries(
    busybox: Vec<u8>,
    applet_names: &[String],
    programs: &compile::Programs,
    scripts: &[PathBuf],
    cases: &[Case],
) -> Result<Vec<Entry>> {
    let mut entries = newc::busybox_root(&DIRECTORIES, busybox, applet_names);
    let bin = relative(GUEST_BIN);
    for (name, path) in [
        ("lcase", &programs.lcase),
        ("fuzz", &programs.fuzz),
        ("bench", &programs.bench),
    ] {
        entries.push(Entry::file(&format!("{bin}/{name}"), 0o755, read(path)?));
    }
    for script in scripts {
        let name = format!("{}/{}.sh", relative(GUEST_SCRIPTS), cases::stem(script)?);
        entries.push(Entry::file(&name, 0o644, read(script)?));
    }
    let listing: String = cases
        .iter()
        .map(|case| format!("{}\n", case.name))
        .collect();
    entries.push(Entry::file("oracle/cases", 0o644, listing.into_bytes()));
    let suite = init_script::suite_init(cases);
    entries.push(Entry::file(relative(SUITE_INIT), 0o755, suite.into_bytes()));
    let bench = init_script::bench_init(&format!("{GUEST_BIN}/bench"));
    entries.push(Entry::file(relative(BENCH_INIT), 0o755, bench.into_bytes()));
    Ok(entries)
}

/// Builds the programs and the archive whose `/init` runs the cases matching `only` (see
/// [`cases::select`]); returns where it is and what it runs.
pub fn build(cache: &Cache, only: Option<&str>) -> Result<Initramfs> {
    let userspace = Userspace::in_workspace();
    let cases = cases::select(cases::discover(&userspace)?, only)?;
    let directory = oracle_dir();
    let programs = compile::build_programs(&userspace, &directory.join("build"))?;
    let busybox = read(&cache.busybox())?;
    let applet_names = applets::applet_names(&busybox)
        .map_err(|error| Error::Check(format!("{}: {error}", cache.busybox().display())))?;
    let scripts = cases::files_with_extension(&userspace.scripts_dir(), "sh")?;
    let entries = entries(busybox, &applet_names, &programs, &scripts, &cases)?;
    let bytes = newc::archive(&entries).map_err(|error| Error::Check(error.to_string()))?;
    let path = write_compressed(&directory, &bytes)?;
    Ok(Initramfs { path, cases })
}

/// Writes `archive` as `<directory>/initramfs.cpio` and gzips it (`-n`: reproducible) to
/// `<directory>/initramfs.cpio.gz`, which appears whole or not at all; returns its path.
pub fn write_compressed(directory: &Path, archive: &[u8]) -> Result<PathBuf> {
    let raw = directory.join("initramfs.cpio");
    std::fs::write(&raw, archive)
        .map_err(|source| Error::io(format!("writing {}", raw.display()), source))?;
    let path = directory.join("initramfs.cpio.gz");
    let partial = directory.join("initramfs.cpio.gz.partial");
    let file = std::fs::File::create(&partial)
        .map_err(|source| Error::io(format!("creating {}", partial.display()), source))?;
    process::run(
        Command::new("gzip")
            .args(["-n", "-c"])
            .arg(&raw)
            .stdout(file),
    )?;
    std::fs::rename(&partial, &path)
        .map_err(|source| Error::io(format!("renaming to {}", path.display()), source))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oracle::newc::Body;

    #[test]
    fn the_archive_holds_busybox_links_programs_scripts_and_both_inits() {
        let programs = compile::Programs {
            lcase: "Cargo.toml".into(),
            fuzz: "Cargo.toml".into(),
            bench: "Cargo.toml".into(),
        };
        let names = vec!["[".to_string(), "busybox".into(), "sh".into()];
        let case = Case {
            name: "sh.demo".into(),
            command: vec!["sh".into(), "/oracle/scripts/demo.sh".into()],
            timeout_seconds: 5,
        };
        let list = entries(b"BB".to_vec(), &names, &programs, &[], &[case]).expect("entries");
        let find = |path: &str| {
            list.iter()
                .find(|entry| entry.path == path)
                .unwrap_or_else(|| panic!("no {path}"))
        };
        assert_eq!(find("bin/sh").body, Body::Symlink("busybox".into()));
        assert_eq!(find("bin/[").body, Body::Symlink("busybox".into()));
        assert_eq!(find("bin/busybox").body, Body::File(b"BB".to_vec()));
        assert_eq!(
            find("dev/console").body,
            Body::CharDevice { major: 5, minor: 1 }
        );
        assert_eq!(find("tmp").permissions, 0o1777);
        assert_eq!(find("oracle/bin/lcase").permissions, 0o755);
        assert_eq!(find("oracle/cases").body, Body::File(b"sh.demo\n".to_vec()));
        match &find("init").body {
            Body::File(text) => {
                assert!(String::from_utf8_lossy(text).contains("run_case sh.demo 5"))
            }
            other => panic!("init is {other:?}"),
        }
        assert!(matches!(find("init-bench").body, Body::File(_)));
        assert_eq!(
            list.iter()
                .filter(|entry| entry.path == "bin/busybox")
                .count(),
            1,
            "the applet named busybox is not linked over the binary"
        );
    }
}
