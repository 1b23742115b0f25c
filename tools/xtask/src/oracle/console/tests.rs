//! Tests of the console runner on plain shell commands standing in for QEMU.

use super::*;
use crate::tempdir::TempDir;

fn limits(seconds: u64) -> Limits {
    Limits {
        to_init: Duration::from_secs(seconds),
        idle: Duration::from_secs(seconds),
        total: Duration::from_secs(60),
        per_case: BTreeMap::new(),
    }
}

fn shell(script: &str) -> Command {
    let mut command = Command::new("sh");
    command.args(["-c", script]);
    command
}

#[test]
fn a_finished_run_has_its_init_time_and_lines() {
    let directory = TempDir::new("console").expect("temp dir");
    let log = directory.path().join("run.log");
    let run = run(
        shell("echo booting; sleep 0.2; echo @@LICHEN-INIT; echo @@LICHEN-DONE; exec sleep 30"),
        &limits(20),
        &log,
    )
    .expect("run");
    assert_eq!(run.ending, Ending::Done);
    assert_eq!(run.lines, ["booting", "@@LICHEN-INIT", "@@LICHEN-DONE"]);
    let init_after = run.init_after.expect("init seen");
    assert!(init_after >= Duration::from_millis(200) && init_after < Duration::from_secs(10));
    assert!(std::fs::read_to_string(&log)
        .expect("log")
        .contains("@@LICHEN-DONE\n# xtask: Done"));
}

#[test]
fn fatal_lines_and_early_exits_end_the_run() {
    let directory = TempDir::new("console").expect("temp dir");
    let log = directory.path().join("run.log");
    let fatal = run(
        shell("echo 'lichen: fatal: no memory'; exec sleep 30"),
        &limits(20),
        &log,
    )
    .expect("run");
    assert_eq!(
        fatal.ending,
        Ending::Fatal("lichen: fatal: no memory".into())
    );
    let exited = run(shell("echo @@LICHEN-INIT; exit 3"), &limits(20), &log).expect("run");
    assert_eq!(exited.ending, Ending::Exited("exit status: 3".into()));
}

#[test]
fn silence_before_init_times_out() {
    let directory = TempDir::new("console").expect("temp dir");
    let log = directory.path().join("run.log");
    let run = run(
        shell("echo 'lichen: boot complete'; exec sleep 30"),
        &limits(1),
        &log,
    )
    .expect("run");
    assert!(matches!(&run.ending, Ending::TimedOut(why) if why.contains("/init did not start")));
    assert_eq!(run.init_after, None);
}

#[test]
fn a_running_case_gets_its_own_limit() {
    let mut limits = limits(1);
    limits
        .per_case
        .insert("slow.case".into(), Duration::from_secs(100));
    let start = Instant::now();
    let (deadline, reason) = next_deadline(&limits, start, start, true, Some("slow.case"));
    assert_eq!(
        deadline - start,
        Duration::from_secs(60),
        "the total limit is nearer"
    );
    assert!(reason.contains("whole run"));
    limits.total = Duration::from_secs(1000);
    let (deadline, reason) = next_deadline(&limits, start, start, true, Some("slow.case"));
    assert_eq!(deadline - start, Duration::from_secs(130));
    assert!(reason.contains("slow.case"));
    let (deadline, _) = next_deadline(&limits, start, start, true, None);
    assert_eq!(deadline - start, Duration::from_secs(1));
}
