//! Booting through U-Boot: Debian's `qemu_arm64` U-Boot (`u-boot-qemu`) runs as the `virt`
//! machine's firmware, its distro boot finds the disk `cargo xtask image` writes on a
//! virtio-blk device, and boots Lichen to BusyBox's shell: by `extlinux.conf`, by `boot.scr`
//! (on a disk without `extlinux.conf`), and entered at EL2.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::serial;
use super::tally::{Failure, Tally};
use super::uboot_expect::{self, Loader};
use crate::error::Result;
use crate::image::{self, boards::BootProfile, ImageSet};
use crate::paths;
use crate::process;
use crate::qemu::{VirtMachine, QEMU};
use crate::tempdir::TempDir;

/// U-Boot for QEMU's `virt` machine, as Debian's `u-boot-qemu` installs it.
pub const UBOOT_QEMU_ARM64: &str = "/usr/lib/u-boot/qemu_arm64/u-boot.bin";

/// How long one boot may take: U-Boot's 2 s autoboot delay, its USB/SCSI scans, then Lichen.
const CASE_TIMEOUT: Duration = Duration::from_secs(120);

/// Lines of a failing case's log quoted in the summary.
const LOG_TAIL_LINES: usize = 12;

/// One boot through U-Boot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UbootCase {
    /// Name, also the log's file name.
    pub name: &'static str,
    /// How distro boot finds the kernel.
    pub loader: Loader,
    /// The machine; `el2` makes U-Boot, and so Lichen, start at EL2.
    pub machine: VirtMachine,
}

/// A 2-CPU, 512 MiB `virt` machine.
fn virt(gic_version: u8, el2: bool) -> VirtMachine {
    VirtMachine {
        gic_version,
        cpu_count: 2,
        memory: "512M".into(),
        el2,
    }
}

/// Every U-Boot case, in the order they run.
pub fn cases() -> Vec<UbootCase> {
    vec![
        UbootCase {
            name: "uboot-extlinux",
            loader: Loader::Extlinux,
            machine: virt(3, false),
        },
        UbootCase {
            name: "uboot-bootscr",
            loader: Loader::Script,
            machine: virt(2, false),
        },
        UbootCase {
            name: "uboot-extlinux-el2",
            loader: Loader::Extlinux,
            machine: virt(3, true),
        },
    ]
}

/// The QEMU command: U-Boot as firmware (`-bios`), `disk` on virtio-blk, no network (so a
/// failed disk boot does not wait for DHCP).
pub fn command(machine: &VirtMachine, disk: &Path) -> Command {
    let mut command = Command::new(QEMU);
    command
        .args(machine.machine_args())
        .args(["-nographic", "-nic", "none", "-bios", UBOOT_QEMU_ARM64])
        .arg("-drive")
        .arg(format!(
            "if=none,file={},format=raw,id=boot",
            disk.display()
        ))
        .args(["-device", "virtio-blk-device,drive=boot"]);
    command
}

/// The boot set for `kernel` and its two disks: (set, disk with extlinux.conf, disk without).
pub fn make_disks(
    kernel: &Path,
    profile: BootProfile,
    dir: &Path,
) -> Result<(ImageSet, PathBuf, PathBuf)> {
    let set = image::write_set(kernel, profile, dir)?;
    let with_extlinux = set.path(image::DISK_FILE);
    let script_only = dir.join("disk-bootscr.img");
    set.write_disk(&script_only, false)?;
    Ok((set, with_extlinux, script_only))
}

/// Runs one case on `disk`; the problems found (empty when it passed) and the log's tail.
fn run_case(
    case: &UbootCase,
    set: &ImageSet,
    disk: &Path,
    log: &Path,
) -> Result<(Vec<String>, String, Duration)> {
    let run = serial::run_until(
        command(&case.machine, disk),
        uboot_expect::is_terminal,
        CASE_TIMEOUT,
        log,
    )?;
    let expected = uboot_expect::expected_lines(
        case.loader,
        set.profile.board,
        if case.machine.el2 { 2 } else { 1 },
        &set.profile.bootargs(),
    );
    Ok((
        uboot_expect::check(&expected, &run.lines, &run.ending),
        process::tail_lines(&run.lines.join("\n"), LOG_TAIL_LINES),
        run.elapsed,
    ))
}

/// Runs every case with the qemu-virt `image` (or fails them all when it did not build).
pub fn run_all(image: Option<&Path>, tally: &mut Tally) {
    let fail_all = |tally: &mut Tally, reason: String| {
        for case in cases() {
            tally.fail(Failure {
                case: case.name.into(),
                reason: reason.clone(),
                details: String::new(),
                log: None,
            });
        }
    };
    let Some(image) = image else {
        return fail_all(tally, "not run: the kernel did not build".into());
    };
    let prepared = TempDir::new("uboot").and_then(|scratch| {
        let profile = BootProfile::of("qemu-virt")?;
        let disks = make_disks(image, profile, scratch.path())?;
        Ok((scratch, disks))
    });
    let (_scratch, (set, extlinux_disk, script_disk)) = match prepared {
        Ok(prepared) => prepared,
        Err(error) => return fail_all(tally, format!("not run: making the boot disks: {error}")),
    };
    for case in cases() {
        let log = paths::qemu_test_logs().join(format!("{}.log", case.name));
        let disk = match case.loader {
            Loader::Extlinux => &extlinux_disk,
            Loader::Script => &script_disk,
        };
        match run_case(&case, &set, disk, &log) {
            Ok((problems, _, elapsed)) if problems.is_empty() => {
                tally.pass(case.name, &format!("{:.1} s", elapsed.as_secs_f64()))
            }
            Ok((problems, tail, _)) => tally.fail(Failure {
                case: case.name.into(),
                reason: problems.join("; "),
                details: tail,
                log: Some(log),
            }),
            Err(error) => tally.fail(Failure {
                case: case.name.into(),
                reason: format!("could not run: {error}"),
                details: String::new(),
                log: log.is_file().then_some(log),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_cover_both_loaders_and_el2() {
        let cases = cases();
        assert!(cases
            .iter()
            .any(|case| case.loader == Loader::Extlinux && !case.machine.el2));
        assert!(cases.iter().any(|case| case.loader == Loader::Script));
        assert!(cases.iter().any(|case| case.machine.el2));
        for case in &cases {
            assert!(case.machine.validate().is_ok(), "{}", case.name);
        }
    }

    #[test]
    fn the_command_boots_u_boot_with_the_disk_on_virtio() {
        let line = process::display(&command(&virt(3, true), Path::new("/d/disk.img")));
        assert_eq!(
            line,
            "qemu-system-aarch64 -M virt,gic-version=3,virtualization=on -cpu cortex-a72 \
             -smp 2 -m 512M -nographic -nic none -bios /usr/lib/u-boot/qemu_arm64/u-boot.bin \
             -drive if=none,file=/d/disk.img,format=raw,id=boot \
             -device virtio-blk-device,drive=boot"
        );
    }
}
