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

/// Passed and failed counts over every tier, plus the cases known to differ from Linux.
#[derive(Debug, Default)]
pub struct Tally {
    passed: u64,
    failed: u64,
    /// Cases listed as not yet matching Linux that still do not: neither passed nor failed,
    /// always printed so that nobody mistakes them for passes.
    pending: Vec<String>,
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

    /// Counts one case that is listed as known to differ and still differs.
    pub fn pending(&mut self, case: &str, reason: &str) {
        self.pending.push(case.into());
        println!("  PEND  {case}: {reason}");
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

    /// The closing line: `N passed, M failed`, and how many known differences remain.
    pub fn summary_line(&self) -> String {
        let counts = format!("{} passed, {} failed", self.passed, self.failed);
        if self.pending.is_empty() {
            counts
        } else {
            format!(
                "{counts} ({} more known to differ from Linux, listed in {})",
                self.pending.len(),
                crate::oracle::PENDING_FILE
            )
        }
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

    #[test]
    fn pending_cases_are_neither_passes_nor_failures_but_are_named_in_the_summary() {
        let mut tally = Tally::default();
        tally.pass("a", "");
        tally.pending("b", "output differs from Linux");
        assert!(!tally.any_failed());
        assert_eq!(
            tally.summary_line(),
            format!(
                "1 passed, 0 failed (1 more known to differ from Linux, listed in {})",
                crate::oracle::PENDING_FILE
            )
        );
    }
}
