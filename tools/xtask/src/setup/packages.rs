//! Setup step 2: the Debian packages of the host tools (QEMU itself is step 3's business).

use std::process::Command;

use super::Setup;
use crate::error::Result;
use crate::process;

/// Host packages the build and tests use, besides QEMU: cross binutils and gcc (the boot stub,
/// objcopy) with the arm64 C library for `-static` test programs (only a Recommends of the
/// compiler, so named here), cpio (initramfs), U-Boot for QEMU and its tools, dtc, and FAT
/// image tools.
pub const PACKAGES: [&str; 9] = [
    "gcc-aarch64-linux-gnu",
    "libc6-dev-arm64-cross",
    "binutils-aarch64-linux-gnu",
    "cpio",
    "u-boot-qemu",
    "u-boot-tools",
    "device-tree-compiler",
    "mtools",
    "dosfstools",
];

/// Installs, in one `apt-get install`, every package of [`PACKAGES`] not yet installed.
pub fn ensure(setup: &mut Setup) -> Result<()> {
    let mut missing = Vec::new();
    for package in PACKAGES {
        if !is_installed(package)? {
            missing.push(package);
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    for package in &missing {
        setup.announce(package);
    }
    setup.apt_install(&missing, None)
}

/// Whether `dpkg-query` reports `package` as installed.
pub fn is_installed(package: &str) -> Result<bool> {
    let output =
        process::output_of(Command::new("dpkg-query").args(["-W", "-f=${Status}", package]))?;
    // An unknown package makes dpkg-query fail: that is "not installed", not an error.
    Ok(output.status.success() && status_is_installed(&String::from_utf8_lossy(&output.stdout)))
}

/// Whether a dpkg `Status` field (`want flag status`) says the package is installed.
fn status_is_installed(status: &str) -> bool {
    let words: Vec<&str> = status.split_whitespace().collect();
    matches!(words.as_slice(), [_, "ok", "installed"])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_ok_installed_status_counts() {
        assert!(status_is_installed("install ok installed"));
        assert!(status_is_installed("hold ok installed"));
        assert!(!status_is_installed("deinstall ok config-files"));
        assert!(!status_is_installed("install ok half-configured"));
        assert!(!status_is_installed("unknown ok not-installed"));
        assert!(!status_is_installed(""));
    }
}
