//! Retrying an APT download once with updated package lists, when the lists may be stale.

use super::Setup;
use crate::error::Result;

/// The package lists as [`retry_with_fresh_lists`] sees them (a trait, so tests can record).
pub trait PackageLists {
    /// Whether `apt-get update` ran in this setup run since the last change of sources.
    fn lists_fresh(&self) -> bool;
    /// Runs `apt-get update` unless the lists are fresh.
    fn update_lists(&mut self) -> Result<()>;
}

impl PackageLists for Setup {
    fn lists_fresh(&self) -> bool {
        self.apt_lists_fresh
    }

    fn update_lists(&mut self) -> Result<()> {
        self.apt_update_once()
    }
}

/// Runs `attempt`; when it fails while the package lists were not updated in this run, updates
/// them and runs it once more. Lists kept from an earlier day may name package versions the
/// archive has since dropped (a kernel or security update), so their downloads fail.
pub fn retry_with_fresh_lists<L: PackageLists, T>(
    lists: &mut L,
    mut attempt: impl FnMut(&mut L) -> Result<T>,
) -> Result<T> {
    match attempt(lists) {
        Err(error) if !lists.lists_fresh() => {
            let error = error.to_string();
            let first_line = error.lines().next().unwrap_or_default();
            println!("setup: {first_line}; updating the package lists and trying again");
            lists.update_lists()?;
            attempt(lists)
        }
        outcome => outcome,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    /// Package lists that record the updates asked of them.
    struct RecordingLists {
        fresh: bool,
        updates: usize,
    }

    impl PackageLists for RecordingLists {
        fn lists_fresh(&self) -> bool {
            self.fresh
        }

        fn update_lists(&mut self) -> Result<()> {
            self.updates += 1;
            self.fresh = true;
            Ok(())
        }
    }

    /// An attempt that fails until the lists are fresh, counting its calls.
    fn needs_fresh_lists(lists: &mut RecordingLists, calls: &mut usize) -> Result<&'static str> {
        *calls += 1;
        if lists.fresh {
            Ok("downloaded")
        } else {
            Err(Error::Setup("404 Not Found".into()))
        }
    }

    #[test]
    fn a_failure_with_old_lists_updates_them_and_retries_once() {
        let mut lists = RecordingLists {
            fresh: false,
            updates: 0,
        };
        let mut calls = 0;
        let outcome =
            retry_with_fresh_lists(&mut lists, |lists| needs_fresh_lists(lists, &mut calls));
        assert_eq!(outcome.ok(), Some("downloaded"));
        assert_eq!((calls, lists.updates), (2, 1));
    }

    #[test]
    fn a_failure_with_fresh_lists_is_final_and_success_needs_no_update() {
        let mut lists = RecordingLists {
            fresh: true,
            updates: 0,
        };
        let mut calls = 0;
        let outcome: Result<()> = retry_with_fresh_lists(&mut lists, |_| {
            calls += 1;
            Err(Error::Setup("no such package".into()))
        });
        assert!(outcome.is_err());
        assert_eq!((calls, lists.updates), (1, 0));

        let mut stale = RecordingLists {
            fresh: false,
            updates: 0,
        };
        let outcome = retry_with_fresh_lists(&mut stale, |_| Ok(7));
        assert_eq!(outcome.ok(), Some(7));
        assert_eq!(stale.updates, 0);
    }
}
