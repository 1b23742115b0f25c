//! Harness self-tests on real tools: Debian's Linux booted through the same QEMU plumbing as
//! the Lichen cases (needs `cargo xtask setup` first, hence ignored by default).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::bad_dtb::{self, Breakage};
use super::expect::Ending;
use super::serial;
use crate::paths::Cache;
use crate::process;
use crate::qemu::{kernel_command_line, VirtMachine};
use crate::tempdir::TempDir;

/// Linux under TCG needs longer than Lichen to reach its end.
const LINUX_TIMEOUT: Duration = Duration::from_secs(240);

/// Linux's last words without a root filesystem.
fn is_panic(line: &str) -> bool {
    line.contains("Kernel panic - not syncing")
}

/// The cached Linux image, or a panic telling how to get it.
fn linux_image() -> PathBuf {
    let image = Cache::from_env().linux_image();
    assert!(
        image.is_file(),
        "{} is missing: run `cargo xtask setup`",
        image.display()
    );
    image
}

/// The raw (uncompressed) Linux image in `directory`, for loading without `-kernel`.
fn raw_linux_image(directory: &Path) -> PathBuf {
    let raw = directory.join("Image");
    let file = std::fs::File::create(&raw).expect("create Image");
    let mut command = Command::new("gzip");
    command.arg("-dc").arg(linux_image()).stdout(file);
    process::run(&mut command).expect("gunzip the Linux image");
    raw
}

/// A line of `lines` containing `text`, or a panic listing the log.
fn assert_has(lines: &[String], text: &str, log: &Path) {
    assert!(
        lines.iter().any(|line| line.contains(text)),
        "no line with `{text}`; see {}",
        log.display()
    );
}

#[test]
#[ignore = "boots Debian's Linux in QEMU (~1 min); needs `cargo xtask setup`"]
fn linux_boots_through_the_kernel_option_and_is_stopped_at_its_panic() {
    let log = crate::paths::qemu_test_logs().join("linux-smoke-kernel.log");
    let machine = VirtMachine::default();
    let command = machine.boot_command(&linux_image(), &kernel_command_line(""), &[]);
    let run = serial::run_until(command, is_panic, LINUX_TIMEOUT, &log).expect("run QEMU");
    assert_eq!(run.ending, Ending::Terminal, "see {}", log.display());
    assert_has(&run.lines, "Machine model: linux,dummy-virt", &log);
    assert_has(&run.lines, "Kernel command line: console=ttyAMA0", &log);
    assert_has(&run.lines, "Brought up 1 node, 4 CPUs", &log);
    assert!(is_panic(run.lines.last().expect("lines")));
}

#[test]
#[ignore = "boots Debian's Linux in QEMU (~1 min); needs `cargo xtask setup`"]
fn the_boot_stub_hands_linux_the_device_tree_in_ram() {
    let directory = TempDir::new("linux-stub").expect("temp dir");
    let log = crate::paths::qemu_test_logs().join("linux-smoke-stub.log");
    let machine = VirtMachine {
        cpu_count: 1,
        ..VirtMachine::default()
    };
    // The tree in RAM says 256 MiB while the machine has 512 MiB (and QEMU's own tree, which it
    // places at the start of RAM, says so): Linux reporting 256 MiB proves it read ours.
    let dtb = directory.path().join("virt-256m.dtb");
    let smaller = VirtMachine {
        memory: "256M".into(),
        ..machine.clone()
    };
    smaller.dump_dtb(&dtb).expect("dump QEMU's tree");
    let stub = bad_dtb::assemble_stub(directory.path()).expect("assemble the stub");
    let image = raw_linux_image(directory.path());
    let command = bad_dtb::stub_boot_command(&machine, &stub, &image, &dtb);
    let run = serial::run_until(command, is_panic, LINUX_TIMEOUT, &log).expect("run QEMU");
    assert_eq!(run.ending, Ending::Terminal, "see {}", log.display());
    assert_has(&run.lines, "Machine model: linux,dummy-virt", &log);
    assert_has(
        &run.lines,
        "node   0: [mem 0x0000000040000000-0x000000004fffffff]",
        &log,
    );
    assert!(!run
        .lines
        .iter()
        .any(|line| line.contains("0x000000005fffffff")));
}

#[test]
#[ignore = "needs qemu-system-aarch64 and dtc (`cargo xtask setup`)"]
fn broken_trees_differ_from_qemus_as_intended() {
    let directory = TempDir::new("bad-dtbs").expect("temp dir");
    let machine = VirtMachine {
        cpu_count: 1,
        ..VirtMachine::default()
    };
    let decompile = |path: &Path| {
        process::stdout_of(
            Command::new("dtc")
                .args(["-q", "-I", "dtb", "-O", "dts"])
                .arg(path),
        )
    };
    let no_uart = bad_dtb::make(&machine, Breakage::NoUart, directory.path()).expect("no-uart");
    let source = decompile(&no_uart).expect("no-uart decompiles");
    assert!(!source.contains("arm,pl011"));
    assert!(!source.contains("stdout-path"));
    assert!(source.contains("arm,pl031"));
    let no_memory =
        bad_dtb::make(&machine, Breakage::NoMemory, directory.path()).expect("no-memory");
    let source = decompile(&no_memory).expect("no-memory decompiles");
    assert!(!source.contains("device_type = \"memory\""));
    assert!(source.contains("arm,pl011"));
    let bad_magic = bad_dtb::make(&machine, Breakage::BadMagic, directory.path()).expect("magic");
    let original =
        std::fs::read(directory.path().join("bad-magic-original.dtb")).expect("original");
    let broken = std::fs::read(&bad_magic).expect("read");
    assert_eq!(broken.len(), original.len());
    assert_ne!(broken[0], original[0]);
    assert_eq!(broken[1..], original[1..]);
    assert!(
        decompile(&bad_magic).is_err(),
        "dtc must reject the bad magic"
    );
    let truncated =
        bad_dtb::make(&machine, Breakage::Truncated, directory.path()).expect("truncated");
    let cut = std::fs::read(&truncated).expect("read");
    assert_eq!(cut.len(), original.len() * 60 / 100);
    // The cut falls inside the structure block (header: off_dt_struct + size_dt_struct).
    let header_word = |index: usize| {
        u32::from_be_bytes(
            original[index * 4..index * 4 + 4]
                .try_into()
                .expect("4 bytes"),
        ) as usize
    };
    assert_eq!(
        header_word(1),
        original.len(),
        "the compact tree's totalsize is its length"
    );
    assert!(
        cut.len() < header_word(2) + header_word(9),
        "the cut must hit the structure"
    );
    assert_eq!(cut[..], original[..cut.len()]);
    assert!(
        decompile(&truncated).is_err(),
        "dtc must reject the truncated tree"
    );
}
