//! Setup step 3: QEMU >= 9.2, from the release's backports suite when the release's is older.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::sources::{self, SourceEntry};
use super::version::{policy_candidate, Version};
use super::Setup;
use crate::error::{Error, Result};
use crate::process;

/// The Debian package that provides `qemu-system-aarch64`.
const QEMU_PACKAGE: &str = "qemu-system-arm";

/// The source file this step writes when backports must be enabled.
const BACKPORTS_FILE: &str = "/etc/apt/sources.list.d/lichen-backports.sources";

/// Makes sure `qemu-system-aarch64` is installed and at least [`Version::QEMU_MINIMUM`].
pub fn ensure(setup: &mut Setup) -> Result<()> {
    if installed_version().is_some_and(|version| version >= Version::QEMU_MINIMUM) {
        return Ok(());
    }
    setup.apt_update_once()?;
    let candidate = candidate_version()?;
    match candidate {
        Some(version) if version >= Version::QEMU_MINIMUM => {
            setup.announce(&format!("{QEMU_PACKAGE} (QEMU {version})"));
            setup.apt_install(&[QEMU_PACKAGE], None)?;
        }
        _ => {
            let codename = release_codename()?;
            let backports = format!("{codename}-backports");
            enable_backports(setup, &codename)?;
            setup.announce(&format!("{QEMU_PACKAGE} from {backports}"));
            setup.apt_install(&[QEMU_PACKAGE], Some(&backports))?;
        }
    }
    match installed_version() {
        Some(version) if version >= Version::QEMU_MINIMUM => Ok(()),
        Some(version) => Err(Error::Setup(format!(
            "QEMU {version} is installed but Lichen needs {}",
            Version::QEMU_MINIMUM
        ))),
        None => Err(Error::Setup(
            "qemu-system-aarch64 is still missing after installation".into(),
        )),
    }
}

/// The version `qemu-system-aarch64 --version` reports, if it runs.
pub fn installed_version() -> Option<Version> {
    let output = process::output_of(Command::new("qemu-system-aarch64").arg("--version")).ok()?;
    Version::from_qemu_banner(&String::from_utf8_lossy(&output.stdout))
}

/// The version APT would install by default.
fn candidate_version() -> Result<Option<Version>> {
    let policy = process::stdout_of(Command::new("apt-cache").args(["policy", QEMU_PACKAGE]))?;
    Ok(policy_candidate(&policy).and_then(Version::from_debian))
}

/// The release codename from `/etc/os-release`.
fn release_codename() -> Result<String> {
    let text = std::fs::read_to_string("/etc/os-release")
        .map_err(|source| Error::io("reading /etc/os-release", source))?;
    sources::codename_from_os_release(&text)
        .ok_or_else(|| Error::Setup("/etc/os-release has no VERSION_CODENAME".into()))
}

/// Adds a `<codename>-backports` source next to the main archive's, unless one exists.
fn enable_backports(setup: &mut Setup, codename: &str) -> Result<()> {
    let entries = read_sources(Path::new("/etc/apt"))?;
    let suite = format!("{codename}-backports");
    if sources::any_serves_suite(&entries, &suite) {
        return Ok(());
    }
    let archive = sources::main_archive(&entries, codename).ok_or_else(|| {
        Error::Setup(format!(
            "no APT source for the Debian archive suite `{codename}` found in /etc/apt; \
             add `{suite}` by hand"
        ))
    })?;
    setup.announce(&format!("APT source {BACKPORTS_FILE} ({suite})"));
    let stanza = sources::backports_stanza(archive, codename);
    write_as_root(Path::new(BACKPORTS_FILE), &stanza)?;
    setup.sources_changed();
    Ok(())
}

/// Every source entry under `apt_dir`: `sources.list`, `sources.list.d/*.list` and `*.sources`.
fn read_sources(apt_dir: &Path) -> Result<Vec<SourceEntry>> {
    let mut entries = Vec::new();
    let main_list = apt_dir.join("sources.list");
    if let Ok(text) = std::fs::read_to_string(&main_list) {
        entries.extend(sources::parse_one_line(&text));
    }
    let directory = apt_dir.join("sources.list.d");
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&directory) {
        Ok(listing) => listing
            .filter_map(|entry| Some(entry.ok()?.path()))
            .collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    for file in files {
        let parse = match file.extension().and_then(|extension| extension.to_str()) {
            Some("list") => sources::parse_one_line,
            Some("sources") => sources::parse_deb822,
            _ => continue,
        };
        let text = std::fs::read_to_string(&file)
            .map_err(|source| Error::io(format!("reading {}", file.display()), source))?;
        entries.extend(parse(&text));
    }
    Ok(entries)
}

/// Writes a root-owned file, through `sudo tee` when xtask is not root.
fn write_as_root(path: &Path, text: &str) -> Result<()> {
    if std::fs::write(path, text).is_ok() {
        return Ok(());
    }
    let mut command = process::privileged("tee");
    command
        .arg(path)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null());
    let shown = process::display(&command);
    let mut child = command
        .spawn()
        .map_err(|source| Error::io(format!("cannot start `{shown}`"), source))?;
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        stdin
            .write_all(text.as_bytes())
            .map_err(|source| Error::io(format!("writing {}", path.display()), source))?;
    }
    let status = child
        .wait()
        .map_err(|source| Error::io(format!("waiting for `{shown}`"), source))?;
    if status.success() {
        Ok(())
    } else {
        Err(Error::Setup(format!("cannot write {}", path.display())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tempdir::TempDir;

    #[test]
    fn sources_are_read_from_every_form_and_other_files_ignored() {
        let apt = TempDir::new("apt-sources").expect("temp dir");
        let list_dir = apt.path().join("sources.list.d");
        std::fs::create_dir_all(&list_dir).expect("mkdir");
        std::fs::write(
            apt.path().join("sources.list"),
            "deb http://deb.debian.org/debian bookworm main\n",
        )
        .expect("write");
        std::fs::write(
            list_dir.join("probe.sources"),
            "Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\n",
        )
        .expect("write");
        std::fs::write(
            list_dir.join("old.list.disabled-by-farm"),
            "deb http://example.org/debian trixie main\n",
        )
        .expect("write");
        let entries = read_sources(apt.path()).expect("read");
        assert_eq!(entries.len(), 2);
        assert!(sources::any_serves_suite(&entries, "bookworm-backports"));
        assert!(!sources::any_serves_suite(&entries, "trixie"));
    }
}
