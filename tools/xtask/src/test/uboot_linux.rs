//! The boot disk checked with Debian's own Linux: U-Boot boots `<cache>/linux/Image.gz`
//! (gunzipped) from the same kind of disk, by extlinux.conf, to the initramfs's BusyBox shell.
//! This proves the disk layout, the boot files and the initramfs independently of Lichen.

use std::process::Command;
use std::time::Duration;

use super::expect::Ending;
use super::serial;
use super::uboot::command;
use super::uboot_expect::{is_shell_greeting, is_terminal, LineMatch};
use crate::image::{self, boards::BootProfile, initrd::INIT_BANNER};
use crate::paths::{self, Cache};
use crate::process;
use crate::qemu::VirtMachine;
use crate::tempdir::TempDir;

#[test]
#[ignore = "needs `cargo xtask setup` (QEMU, u-boot-qemu, mtools, Debian's kernel)"]
fn debian_linux_boots_from_the_disk_through_extlinux() {
    let scratch = TempDir::new("uboot-linux").expect("scratch");
    let kernel = scratch.path().join("linux-Image");
    let file = std::fs::File::create(&kernel).expect("create");
    process::run(
        Command::new("gzip")
            .args(["-d", "-c"])
            .arg(Cache::from_env().linux_image())
            .stdout(file),
    )
    .expect("gunzip Linux");
    let profile = BootProfile::of("qemu-virt").expect("profile");
    let set = image::write_set(&kernel, profile, &scratch.path().join("set")).expect("boot set");
    let machine = VirtMachine {
        cpu_count: 2,
        ..VirtMachine::default()
    };
    let log = paths::qemu_test_logs().join("uboot-linux-extlinux.log");
    let run = serial::run_until(
        command(&machine, &set.path(image::DISK_FILE)),
        is_terminal,
        Duration::from_secs(180),
        &log,
    )
    .expect("run QEMU");
    assert_eq!(run.ending, Ending::Terminal, "see {}", log.display());
    let mut position = 0;
    for wanted in [
        LineMatch::Exact("Retrieving file: /extlinux/extlinux.conf".into()),
        LineMatch::Exact("Starting kernel ...".into()),
        LineMatch::Prefix("[    0.000000] Booting Linux on physical CPU".into()),
        LineMatch::Exact(INIT_BANNER.into()),
    ] {
        let offset = run.lines[position..]
            .iter()
            .position(|line| wanted.matches(line))
            .unwrap_or_else(|| panic!("no {wanted:?} in order; see {}", log.display()));
        position += offset + 1;
    }
    assert!(run.lines[position..]
        .iter()
        .any(|line| is_shell_greeting(line)));
}
