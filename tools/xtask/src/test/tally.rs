//! The count of passed and failed test cases, the failures' details, and the closing line.

use std::path::PathBuf;

/// One failed case, kept for the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Case name (`clippy (host)`, `virt-gicv3-smp4`, `mm::tests::split`).
    pub case: String,
    /// Why it failed, in one line.
    pub reason: String,
    /// The tail of its output.
    pub details: String,
    /// The full log, when one was saved.
    pub log: Option<PathBuf>,
}

/// Passed and failed counts over every tier.
#[derive(Debug, Default)]
pub struct Tally {
    passed: u64,
    failed: u64,
    failures: Vec<Failure>,
}

impl Tally {
    /// Counts one passed case and prints its progress line.
    pub fn pass(&mut self, case: &str, note: &str) {
        self.passed += 1;
        println!("  ok    {case}{}", parenthesised(note));
    }

    /// Counts one failed case and prints its progress line.
    pub fn fail(&mut self, failure: Failure) {
        self.failed += 1;
        println!("  FAIL  {}: {}", failure.case, failure.reason);
        self.failures.push(failure);
    }

    /// Adds cases counted elsewhere (the per-test results of `cargo test`): passes, and the
    /// failures with their details.
    pub fn add_counted(&mut self, passed: u64, failures: Vec<Failure>) {
        self.passed += passed;
        self.failed += failures.len() as u64;
        self.failures.extend(failures);
    }

    /// Whether anything failed.
    pub fn any_failed(&self) -> bool {
        self.failed > 0
    }

    /// The closing line: `N passed, M failed`.
    pub fn summary_line(&self) -> String {
        format!("{} passed, {} failed", self.passed, self.failed)
    }

    /// Prints each failure with the tail of its output and its log path.
    pub fn print_failures(&self) {
        if self.failures.is_empty() {
            return;
        }
        println!("\nfailures:");
        for failure in &self.failures {
            println!("\n--- {}: {}", failure.case, failure.reason);
            if !failure.details.trim().is_empty() {
                for line in failure.details.trim_end().lines() {
                    println!("    {line}");
                }
            }
            if let Some(log) = &failure.log {
                println!("    full log: {}", log.display());
            }
        }
        println!();
    }
}

/// ` (note)`, or nothing for an empty note.
fn parenthesised(note: &str) -> String {
    if note.is_empty() {
        String::new()
    } else {
        format!(" ({note})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(case: &str) -> Failure {
        Failure {
            case: case.into(),
            reason: "broken".into(),
            details: String::new(),
            log: None,
        }
    }

    #[test]
    fn counts_add_up_over_tiers() {
        let mut tally = Tally::default();
        assert_eq!(tally.summary_line(), "0 passed, 0 failed");
        tally.pass("fmt", "");
        tally.add_counted(41, vec![failure("mm::tests::split")]);
        tally.fail(failure("virt-gicv2-smp1"));
        assert_eq!(tally.summary_line(), "42 passed, 2 failed");
        assert!(tally.any_failed());
        assert_eq!(tally.failures.len(), 2);
    }
}
