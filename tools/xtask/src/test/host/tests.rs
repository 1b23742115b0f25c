//! Tests of the `cargo test` output parsing on real output shapes.

use super::*;

/// Output of a workspace `cargo test` with one failing unit test and doctests.
const OUTPUT: &str = "\
   Compiling mm v0.1.0 (/work/main/components/mm)
    Finished `test` profile [unoptimized + debuginfo] target(s) in 3.10s
     Running unittests src/lib.rs (target/debug/deps/kernel_core-0123)

running 3 tests
test addr::tests::align_up ... ok
test addr::tests::align_down ... ok
test cap::tests::rights ... ok

test result: ok. 3 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s

     Running unittests src/lib.rs (target/debug/deps/mm-4567)

running 2 tests
test buddy::tests::split ... FAILED
test buddy::tests::merge ... ok

failures:

---- buddy::tests::split stdout ----

thread 'buddy::tests::split' panicked at components/mm/src/buddy.rs:40:9:
assertion `left == right` failed
  left: 2
 right: 3
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace


failures:
    buddy::tests::split

test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s

   Doc-tests kernel_core

running 2 tests
test kernel-core/src/cap.rs - cap::Cap (line 12) - compile fail ... ok
test kernel-core/src/addr.rs - addr::PhysAddr (line 5) ... ok

test result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.05s
";

#[test]
fn results_are_summed_over_every_binary_and_doctests() {
    let summary = parse_test_output(OUTPUT);
    assert_eq!(summary.passed, 6);
    assert_eq!(summary.failed, 1);
    assert_eq!(summary.failed_names, ["buddy::tests::split"]);
}

#[test]
fn the_failure_section_holds_the_panic_message() {
    let section = failure_section(OUTPUT, "buddy::tests::split");
    assert!(section.starts_with("thread 'buddy::tests::split' panicked"));
    assert!(section.contains("left: 2"));
    assert!(!section.contains("test result"));
    assert_eq!(failure_section(OUTPUT, "no::such::test"), "");
}

#[test]
fn output_without_results_counts_nothing() {
    let summary = parse_test_output("error[E0425]: cannot find value `x` in this scope\n");
    assert_eq!(summary, TestSummary::default());
}
