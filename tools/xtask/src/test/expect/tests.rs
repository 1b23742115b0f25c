//! Tests of the case expectations against hand-written logs, good and subtly wrong.

use super::*;

fn lines(text: &str) -> Vec<String> {
    text.lines().map(String::from).collect()
}

fn expected_virt(cpu_count: u32, memory_mib: u64, gic_version: u8, entry_el: u8) -> GoodBoot {
    GoodBoot {
        banner: Banner {
            version: "0.1.0".into(),
            board: "qemu-virt".into(),
            entry_el,
        },
        model: "linux,dummy-virt".into(),
        command_line: "console=ttyAMA0".into(),
        memory_mib,
        gic_version,
        cpu_count,
    }
}

/// The boot report of the brief, verbatim.
const GOOD_SMP4: &str = "\
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

#[test]
fn the_documented_report_passes() {
    let expectation = Expectation::GoodBoot(expected_virt(4, 512, 3, 1));
    let problems = expectation.check(&lines(GOOD_SMP4), &Ending::Terminal);
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn each_fact_is_compared_with_the_machine() {
    let cases = [
        (
            expected_virt(4, 1024, 3, 1),
            "memory MiB: expected 1024, got 512",
        ),
        (
            expected_virt(4, 512, 2, 1),
            "GIC version: expected 2, got 3",
        ),
        (
            expected_virt(4, 512, 3, 2),
            "entry level: expected 2, got 1",
        ),
        (
            expected_virt(2, 512, 3, 1),
            "CPUs present: expected 2, got 4",
        ),
    ];
    for (expected, problem) in cases {
        let problems = Expectation::GoodBoot(expected).check(&lines(GOOD_SMP4), &Ending::Terminal);
        assert!(
            problems.iter().any(|p| p == problem),
            "{problem}: {problems:?}"
        );
    }
}

#[test]
fn a_cpu_without_ticks_or_a_missing_cpu_fails() {
    let expectation = Expectation::GoodBoot(expected_virt(4, 512, 3, 1));
    let zero = GOOD_SMP4.replace("cpu3=10", "cpu3=0");
    let problems = expectation.check(&lines(&zero), &Ending::Terminal);
    assert_eq!(problems, ["ticks: cpu3 counted 0 ticks"]);
    let missing = GOOD_SMP4.replace(" cpu3=10", "");
    let problems = expectation.check(&lines(&missing), &Ending::Terminal);
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].starts_with("ticks: expected one entry"),
        "{problems:?}"
    );
    let offline = GOOD_SMP4.replace("cpus: 4 of 4", "cpus: 3 of 4");
    let problems = expectation.check(&lines(&offline), &Ending::Terminal);
    assert_eq!(problems, ["CPUs online: expected 4, got 3"]);
}

#[test]
fn missing_lines_timeouts_and_fatal_stops_are_reported() {
    let expectation = Expectation::GoodBoot(expected_virt(4, 512, 3, 1));
    let truncated: Vec<String> = lines(GOOD_SMP4).into_iter().take(3).collect();
    let problems = expectation.check(&truncated, &Ending::TimedOut(60));
    assert!(problems.contains(&"no terminal line within 60 s".to_string()));
    assert!(problems.contains(&"no `lichen: memory:` line".to_string()));
    assert!(problems.contains(&"no `lichen: ticks:` line".to_string()));
    let mut fatal = truncated.clone();
    fatal.push("lichen: fatal: bad device tree: no memory node".into());
    let problems = expectation.check(&fatal, &Ending::Terminal);
    assert!(
        problems[0].starts_with("the kernel stopped"),
        "{problems:?}"
    );
    assert!(expectation.is_terminal("lichen: boot complete\r"));
    assert!(expectation.is_terminal("lichen: fatal: anything"));
    assert!(!expectation.is_terminal("lichen: booting"));
}

#[test]
fn exception_report_passes_only_in_full() {
    let good = "\
lichen: boot complete
lichen: exception on cpu0: Data Abort (current EL, SP_ELx)
lichen:   ESR 0x96000045  FAR 0x0000000000000008
lichen:   ELR 0xffff000040081234  SPSR 0x600003c5
lichen: fatal: cpu0 halted after exception
";
    let expectation = Expectation::ExceptionReport;
    assert!(!expectation.is_terminal("lichen: boot complete"));
    assert!(expectation
        .check(&lines(good), &Ending::Terminal)
        .is_empty());
    let wrong_cpu = good.replace("on cpu0", "on cpu1");
    assert_eq!(
        expectation
            .check(&lines(&wrong_cpu), &Ending::Terminal)
            .len(),
        1
    );
    let no_far = good.replace("FAR", "XYZ");
    assert_eq!(
        expectation.check(&lines(&no_far), &Ending::Terminal),
        ["no line with FAR after the exception line"]
    );
    let early = good.replace("lichen: boot complete\n", "");
    assert_eq!(
        expectation.check(&lines(&early), &Ending::Terminal).len(),
        1
    );
}

#[test]
fn bad_device_tree_reason_is_matched_without_case() {
    let expectation = Expectation::BadDeviceTree(&["truncat", "malformed"]);
    let log = lines("Lichen 0.1.0 on qemu-virt (entered at EL1)\nlichen: fatal: bad device tree: Truncated structure block\n");
    assert!(expectation.check(&log, &Ending::Terminal).is_empty());
    let wrong = lines("lichen: fatal: bad device tree: bad magic 0x2f0dfeed\n");
    assert_eq!(expectation.check(&wrong, &Ending::Terminal).len(), 1);
    let other = lines("lichen: fatal: cpu0 halted after exception\n");
    assert_eq!(expectation.check(&other, &Ending::Terminal).len(), 1);
}

const SMOKE: Expectation = Expectation::FinalLine {
    prefix: "lichen: user program ",
    expected: "lichen: user program exited with status 42",
    before: &["hello"],
};

#[test]
fn final_line_passes_only_on_the_exact_line() {
    assert!(SMOKE.is_terminal("lichen: user program killed by signal 11"));
    assert!(!SMOKE.is_terminal("lichen: boot complete"));
    let good = vec![
        "lichen: boot complete".to_string(),
        "hello".to_string(),
        "lichen: user program exited with status 42".to_string(),
    ];
    assert!(SMOKE.check(&good, &Ending::Terminal).is_empty());
    let silent = vec!["lichen: user program exited with status 42".to_string()];
    assert_eq!(
        SMOKE.check(&silent, &Ending::Terminal).len(),
        1,
        "the program's output is required"
    );
    let bad = vec![
        "hello".to_string(),
        "lichen: user program exited with status 1".to_string(),
    ];
    assert_eq!(SMOKE.check(&bad, &Ending::Terminal).len(), 1);
    assert_eq!(SMOKE.check(&good, &Ending::TimedOut(60)).len(), 1);
}
