//! The interactive initramfs `cargo xtask run` boots: Debian's static BusyBox with every applet
//! linked in `/bin`, and an `/init` that mounts what the kernel offers and execs an
//! interactive `sh` (ash) on the console, as Linux's `rdinit=/bin/sh` would, but with the
//! console as controlling terminal so that ^C and job control work.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::oracle::applets;
use crate::oracle::newc::{self, Entry};
use crate::paths::{self, Cache};

/// The shell's `/init`. `setsid -c` gives the shell its own session with the console as its
/// controlling terminal; a kernel without `setsid` makes BusyBox fork instead (the probe
/// then exits 0, not 7) and the shell runs in init's session.
pub const INIT_SCRIPT: &str = "#!/bin/sh
# Lichen's interactive initramfs: mount what exists, then a shell on the console.
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t proc proc /proc 2>/dev/null
mount -t sysfs sysfs /sys 2>/dev/null
mount -t tmpfs tmpfs /tmp 2>/dev/null
cd /
if setsid sh -c 'exit 7'; [ $? = 7 ]; then
\texec setsid -c sh -l
fi
exec sh -l
";

/// Top-level directories of the archive.
const DIRECTORIES: [&str; 9] = [
    "bin", "dev", "etc", "proc", "root", "sbin", "sys", "tmp", "usr",
];

/// Every archive entry, in a fixed order.
fn entries(busybox: Vec<u8>, applet_names: &[String]) -> Vec<Entry> {
    let mut entries = newc::busybox_root(&DIRECTORIES, busybox, applet_names);
    entries.push(Entry::file("init", 0o755, INIT_SCRIPT.as_bytes().to_vec()));
    entries
}

/// Builds `<target>/shell/initramfs.cpio.gz` from the cached BusyBox and returns its path.
pub fn build(cache: &Cache) -> Result<PathBuf> {
    let source = cache.busybox();
    let busybox = std::fs::read(&source).map_err(|error| {
        Error::io(
            format!("reading {} (run `cargo xtask setup`)", source.display()),
            error,
        )
    })?;
    let names = applets::applet_names(&busybox)
        .map_err(|error| Error::Check(format!("{}: {error}", source.display())))?;
    let bytes = newc::archive(&entries(busybox, &names))
        .map_err(|error| Error::Check(error.to_string()))?;
    let directory = paths::target_dir().join("shell");
    std::fs::create_dir_all(&directory)
        .map_err(|error| Error::io(format!("creating {}", directory.display()), error))?;
    crate::oracle::initramfs::write_compressed(&directory, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oracle::newc::Body;

    #[test]
    fn the_archive_links_the_applets_and_runs_the_shell_init() {
        let names = vec!["busybox".to_string(), "sh".into(), "setsid".into()];
        let list = entries(b"BB".to_vec(), &names);
        let find = |path: &str| list.iter().find(|entry| entry.path == path);
        assert_eq!(
            find("bin/sh").map(|e| &e.body),
            Some(&Body::Symlink("busybox".into()))
        );
        assert_eq!(
            find("dev/console").map(|e| &e.body),
            Some(&Body::CharDevice { major: 5, minor: 1 })
        );
        assert_eq!(find("init").map(|e| e.permissions), Some(0o755));
        assert!(INIT_SCRIPT.contains("exec setsid -c sh -l"));
        assert_eq!(list.iter().filter(|e| e.path == "bin/busybox").count(), 1);
    }
}
