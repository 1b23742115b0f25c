//! Setup step 4: test inputs in the cache: Debian's arm64 kernel, its DTBs, busybox, QEMU's DTBs.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::dtbs::{self, BOARD_DTBS, QEMU_DTBS};
use super::files::{copy_atomically, create_dir, file_name, store_gzipped, unpack};
use super::retry::retry_with_fresh_lists;
use super::Setup;
use crate::error::{Error, Result};
use crate::paths::Cache;
use crate::process;

/// The metapackage that depends on the current arm64 kernel.
const KERNEL_METAPACKAGE: &str = "linux-image-arm64:arm64";

/// The statically linked busybox package.
const BUSYBOX_PACKAGE: &str = "busybox-static";

/// Fetches and extracts whatever test input is missing from `cache`.
pub fn ensure(setup: &mut Setup, cache: &Cache) -> Result<()> {
    for directory in [cache.debs(), cache.dtbs()] {
        create_dir(&directory)?;
    }
    let kernel_outputs_missing = !cache.linux_image().is_file()
        || BOARD_DTBS
            .iter()
            .any(|board| !cache.dtb(board.cache_name).is_file());
    if kernel_outputs_missing {
        let deb = match cached_deb(&cache.debs(), is_kernel_deb)? {
            Some(deb) => deb,
            None => {
                let package = retry_with_fresh_lists(setup, |setup| {
                    let package = resolve_kernel_package(setup)?;
                    download(setup, cache, &package)?;
                    Ok(package)
                })?;
                cached_deb(&cache.debs(), is_kernel_deb)?.ok_or_else(|| {
                    Error::Setup(format!("apt-get download {package}:arm64 left no .deb"))
                })?
            }
        };
        setup.announce(&format!(
            "the Linux image and board DTBs from {}",
            file_name(&deb)
        ));
        extract_kernel(&deb, cache)?;
    }
    if !cache.busybox().is_file() {
        let deb = match cached_deb(&cache.debs(), is_busybox_deb)? {
            Some(deb) => deb,
            None => {
                retry_with_fresh_lists(setup, |setup| download(setup, cache, BUSYBOX_PACKAGE))?;
                cached_deb(&cache.debs(), is_busybox_deb)?.ok_or_else(|| {
                    Error::Setup(format!(
                        "apt-get download {BUSYBOX_PACKAGE}:arm64 left no .deb"
                    ))
                })?
            }
        };
        setup.announce(&format!("busybox from {}", file_name(&deb)));
        extract_busybox(&deb, cache)?;
    }
    for (name, gic_version) in QEMU_DTBS {
        let path = cache.dtb(name);
        if !path.is_file() {
            setup.announce(&format!("QEMU's device tree {}", path.display()));
            dtbs::dump_qemu_dtb(gic_version, &path)?;
        }
    }
    Ok(())
}

/// Whether a `.deb` file name is a versioned arm64 kernel image (not the metapackage, not -dbg).
fn is_kernel_deb(name: &str) -> bool {
    name.starts_with("linux-image-")
        && name.ends_with("_arm64.deb")
        && !name.starts_with("linux-image-arm64_")
        && !name.contains("-dbg")
        && !name.contains("-unsigned")
}

/// Whether a `.deb` file name is busybox-static for arm64.
fn is_busybox_deb(name: &str) -> bool {
    name.starts_with("busybox-static_") && name.ends_with("_arm64.deb")
}

/// The most recently downloaded `.deb` in `directory` whose name passes `accept`.
fn cached_deb(directory: &Path, accept: fn(&str) -> bool) -> Result<Option<PathBuf>> {
    let listing = std::fs::read_dir(directory)
        .map_err(|source| Error::io(format!("listing {}", directory.display()), source))?;
    let mut newest: Option<(std::time::SystemTime, PathBuf)> = None;
    for entry in listing.flatten() {
        let path = entry.path();
        if !path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(accept)
        {
            continue;
        }
        let modified = entry
            .metadata()
            .and_then(|metadata| metadata.modified())
            .unwrap_or(std::time::UNIX_EPOCH);
        if newest.as_ref().is_none_or(|(time, _)| modified > *time) {
            newest = Some((modified, path));
        }
    }
    Ok(newest.map(|(_, path)| path))
}

/// Makes sure dpkg knows the arm64 architecture, so APT lists arm64 packages.
fn ensure_arm64(setup: &mut Setup) -> Result<()> {
    let foreign = process::stdout_of(Command::new("dpkg").arg("--print-foreign-architectures"))?;
    if !foreign.split_whitespace().any(|arch| arch == "arm64") {
        setup.announce("the arm64 architecture for dpkg (test inputs are arm64 packages)");
        let mut command = process::privileged("dpkg");
        command.args(["--add-architecture", "arm64"]);
        process::run_quietly(&mut command)?;
        setup.sources_changed();
    }
    Ok(())
}

/// The versioned kernel package the metapackage depends on (`linux-image-6.1.0-NN-arm64`).
fn resolve_kernel_package(setup: &mut Setup) -> Result<String> {
    ensure_arm64(setup)?;
    let query = || {
        process::stdout_of(Command::new("apt-cache").args(["depends", KERNEL_METAPACKAGE]))
            .ok()
            .and_then(|text| kernel_dependency(&text))
    };
    if let Some(package) = query() {
        return Ok(package);
    }
    // The arm64 lists may never have been fetched: update once and ask again.
    setup.apt_update_once()?;
    query().ok_or_else(|| {
        Error::Setup(format!(
            "cannot resolve {KERNEL_METAPACKAGE} to a kernel package"
        ))
    })
}

/// The first `linux-image-*` dependency in `apt-cache depends` output, without arch qualifier.
fn kernel_dependency(depends: &str) -> Option<String> {
    depends.lines().find_map(|line| {
        let line = line.trim().trim_start_matches('|');
        let package = line.strip_prefix("Depends:")?.trim();
        let name = package.split(':').next()?;
        (name.starts_with("linux-image-") && !package.contains('<')).then(|| name.to_string())
    })
}

/// `apt-get download <package>:arm64` into the cache's `debs` folder.
fn download(setup: &mut Setup, cache: &Cache, package: &str) -> Result<()> {
    ensure_arm64(setup)?;
    if !apt_knows_arm64(package) {
        setup.apt_update_once()?;
    }
    setup.announce(&format!(
        "{package}:arm64 (test input, into {})",
        cache.debs().display()
    ));
    // As root, APT would try to download as its sandbox user `_apt`, who may not be able to
    // write into the cache; the download then happens as root anyway, with a warning.
    process::run_quietly(
        Command::new("apt-get")
            .current_dir(cache.debs())
            .args(["-o", "APT::Sandbox::User=root", "download"])
            .arg(format!("{package}:arm64")),
    )
}

/// Whether APT's lists know `package` for arm64 (if not, they must be fetched first).
fn apt_knows_arm64(package: &str) -> bool {
    process::output_of(Command::new("apt-cache").args(["show", &format!("{package}:arm64")]))
        .is_ok_and(|output| output.status.success() && !output.stdout.is_empty())
}

/// Extracts the kernel (gzip-compressed, as `linux/Image.gz`) and the board DTBs from `deb`.
fn extract_kernel(deb: &Path, cache: &Cache) -> Result<()> {
    let unpacked = unpack(deb)?;
    let boot = unpacked.path().join("boot");
    let vmlinuz = std::fs::read_dir(&boot)
        .map_err(|source| Error::io(format!("listing {}", boot.display()), source))?
        .flatten()
        .map(|entry| entry.path())
        .find(|path| file_name(path).starts_with("vmlinuz-"))
        .ok_or_else(|| Error::Setup(format!("{} has no /boot/vmlinuz-*", file_name(deb))))?;
    create_dir(cache.linux_image().parent().unwrap_or(&cache.root))?;
    store_gzipped(&vmlinuz, &cache.linux_image())?;
    let index = dtbs::index_dtbs(unpacked.path())?;
    for board in &BOARD_DTBS {
        let source = dtbs::choose(board, &index).ok_or_else(|| {
            Error::Setup(format!(
                "{} has none of {}",
                file_name(deb),
                board.package_names.join(", ")
            ))
        })?;
        copy_atomically(source, &cache.dtb(board.cache_name))?;
    }
    Ok(())
}

/// Extracts busybox's binary from `deb` into `<cache>/busybox/busybox`.
fn extract_busybox(deb: &Path, cache: &Cache) -> Result<()> {
    let unpacked = unpack(deb)?;
    let binary = ["bin/busybox", "usr/bin/busybox"]
        .iter()
        .map(|relative| unpacked.path().join(relative))
        .find(|path| path.is_file())
        .ok_or_else(|| Error::Setup(format!("{} has no busybox binary", file_name(deb))))?;
    create_dir(cache.busybox().parent().unwrap_or(&cache.root))?;
    copy_atomically(&binary, &cache.busybox())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernel_dependency_is_the_versioned_image() {
        let depends = "linux-image-arm64:arm64\n  Depends: linux-image-6.1.0-56-arm64:arm64\n";
        assert_eq!(
            kernel_dependency(depends).as_deref(),
            Some("linux-image-6.1.0-56-arm64")
        );
        let alternatives = "linux-image-arm64\n |Depends: linux-image-6.12.9-arm64\n  Depends: <linux-image-6.12.9-arm64-unsigned>\n";
        assert_eq!(
            kernel_dependency(alternatives).as_deref(),
            Some("linux-image-6.12.9-arm64")
        );
        assert_eq!(kernel_dependency("linux-image-arm64:arm64\n"), None);
    }

    #[test]
    fn cached_debs_are_recognised_by_name() {
        assert!(is_kernel_deb(
            "linux-image-6.1.0-56-arm64_6.1.192-2_arm64.deb"
        ));
        assert!(!is_kernel_deb("linux-image-arm64_6.1.192-2_arm64.deb"));
        assert!(!is_kernel_deb(
            "linux-image-6.1.0-56-arm64-dbg_6.1.192-2_arm64.deb"
        ));
        assert!(!is_kernel_deb(
            "linux-image-6.1.0-56-amd64_6.1.192-2_amd64.deb"
        ));
        assert!(is_busybox_deb(
            "busybox-static_1%3a1.35.0-4+deb12u1+b1_arm64.deb"
        ));
        assert!(!is_busybox_deb("busybox_1%3a1.35.0-4+deb12u1+b1_arm64.deb"));
    }
}
