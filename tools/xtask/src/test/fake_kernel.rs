//! End-to-end tests of the QEMU cases with a fake kernel: a real arm64 `Image` that only
//! writes a canned report to the PL011, so every case's plumbing runs under real QEMU.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::qemu_cases::{self, Case};
use crate::process;
use crate::tempdir::TempDir;

/// The good boot report of the kernel brief, for GICv3, 4 CPUs, 512 MiB.
const GOOD_REPORT: &str = "\
Lichen 0.1.0 on qemu-virt (entered at EL1)
lichen: model: linux,dummy-virt
lichen: command line: console=ttyAMA0
lichen: memory: 512 MiB in 1 region(s)
lichen: interrupt controller: GICv3
lichen: timer: 62500000 Hz counter, tick 100 Hz
lichen: cpus: 4 of 4 online
lichen: ticks: cpu0=12 cpu1=11 cpu2=11 cpu3=10
lichen: boot complete
";

/// Assembly of an arm64 `Image` (with the boot-protocol header) printing `text`, then idling.
fn fake_kernel_source(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n");
    format!(
        "\t.text\n\t.global _head\n_head:\n\
         \tb _start\n\t.long 0\n\t.quad 0\n\t.quad _end - _head\n\t.quad 0xa\n\
         \t.quad 0, 0, 0\n\t.ascii \"ARM\\x64\"\n\t.long 0\n\
         _start:\n\tldr x1, =0x09000000\n\tadr x2, message\n\
         1:\tldrb w3, [x2], #1\n\tcbz w3, 2f\n\tstrb w3, [x1]\n\tb 1b\n\
         2:\twfe\n\tb 2b\n\t.ltorg\n\
         message:\n\t.asciz \"{escaped}\"\n\t.balign 8\n_end:\n"
    )
}

/// Builds the fake kernel printing `text` into `directory/Image`.
fn fake_kernel(directory: &Path, text: &str) -> PathBuf {
    let source = directory.join("fake.S");
    let object = directory.join("fake.o");
    let image = directory.join("Image");
    std::fs::write(&source, fake_kernel_source(text)).expect("write source");
    process::stdout_of(
        Command::new("aarch64-linux-gnu-as")
            .arg("-o")
            .arg(&object)
            .arg(&source),
    )
    .expect("assemble");
    process::stdout_of(
        Command::new("aarch64-linux-gnu-objcopy")
            .args(["-O", "binary"])
            .arg(&object)
            .arg(&image),
    )
    .expect("objcopy");
    image
}

/// The case called `name`.
fn case(name: &str) -> Case {
    qemu_cases::all()
        .into_iter()
        .find(|case| case.name == name)
        .expect("known case")
}

/// Runs case `name` on a fake kernel printing `text`; returns its problems.
fn problems_of(name: &str, text: &str) -> Vec<String> {
    let directory = TempDir::new("fake-kernel").expect("temp dir");
    let image = fake_kernel(directory.path(), text);
    let log = directory.path().join(format!("{name}.log"));
    qemu_cases::run_case(&case(name), &image, &log)
        .expect("the case runs")
        .problems
}

#[test]
#[ignore = "needs QEMU and the cross assembler (`cargo xtask setup`)"]
fn the_documented_report_passes_its_case_and_fails_the_others() {
    assert_eq!(
        problems_of("virt-gicv3-smp4", GOOD_REPORT),
        Vec::<String>::new()
    );
    let problems = problems_of("virt-gicv2-smp1", GOOD_REPORT);
    assert!(
        problems.contains(&"GIC version: expected 2, got 3".to_string()),
        "{problems:?}"
    );
    assert!(
        problems.contains(&"CPUs present: expected 1, got 4".to_string()),
        "{problems:?}"
    );
    let problems = problems_of("virt-el2-gicv3-smp4", GOOD_REPORT);
    assert_eq!(problems, ["entry level: expected 2, got 1"]);
}

#[test]
#[ignore = "needs QEMU and the cross assembler (`cargo xtask setup`)"]
fn the_exception_report_case_reads_past_boot_complete() {
    let report = format!(
        "{GOOD_REPORT}lichen: exception on cpu0: Data Abort (current EL)\n\
         lichen:   FAR 0x0000000000000008 ESR 0x96000045\n\
         lichen:   ELR 0xffff000040081234\n\
         lichen: fatal: cpu0 halted after exception\n"
    );
    assert_eq!(
        problems_of("exception-report", &report),
        Vec::<String>::new()
    );
    let without_elr = report.replace("ELR", "PC");
    assert_eq!(
        problems_of("exception-report", &without_elr),
        ["no line with ELR after the exception line"]
    );
}

#[test]
#[ignore = "needs QEMU, dtc and the cross assembler (`cargo xtask setup`)"]
fn every_bad_tree_case_boots_the_image_and_reads_the_reason() {
    let reasons = [
        ("bad-dtb-no-uart", "no UART in /chosen or aliases"),
        ("bad-dtb-no-memory", "no memory node"),
        ("bad-dtb-bad-magic", "bad magic 0x2f0dfeed"),
        ("bad-dtb-truncated", "structure block truncated"),
    ];
    for (name, reason) in reasons {
        let text = format!("lichen: fatal: bad device tree: {reason}\n");
        assert_eq!(problems_of(name, &text), Vec::<String>::new(), "{name}");
    }
    let wrong = "lichen: fatal: bad device tree: no memory node\n";
    assert_eq!(problems_of("bad-dtb-no-uart", wrong).len(), 1);
}
