//! `cargo xtask syscalls-doc [--check]`: keeps `docs/syscalls.md` equal to the rendering of
//! abi-linux's syscall table.

use std::path::Path;
use std::process::ExitCode;

use crate::args::Args;
use crate::error::{Error, Result};
use crate::paths;
use crate::test::tally::{Failure, Tally};

/// The generated document, relative to the workspace root.
const DOC_PATH: &str = "docs/syscalls.md";

/// What [`sync`] found or did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocStatus {
    /// The file already equals the rendering.
    UpToDate,
    /// The file was (re)written.
    Written,
    /// The file differs from the rendering (check mode: nothing written).
    Stale,
}

/// The markdown rendering of the syscall table, or `None` while abi-linux has none.
///
/// This is the one place to wire: once abi-linux exposes its table (`abi_linux::table`), add
/// `abi-linux` to xtask's dependencies and return `Some(<rendered markdown>)` here.
fn render() -> Option<String> {
    None
}

/// Compares `rendered` with the file at `path`; writes it unless `check_only`.
pub fn sync(rendered: &str, path: &Path, check_only: bool) -> Result<DocStatus> {
    let current = std::fs::read_to_string(path).ok();
    if current.as_deref() == Some(rendered) {
        return Ok(DocStatus::UpToDate);
    }
    if check_only {
        return Ok(DocStatus::Stale);
    }
    if let Some(directory) = path.parent() {
        std::fs::create_dir_all(directory)
            .map_err(|source| Error::io(format!("creating {}", directory.display()), source))?;
    }
    std::fs::write(path, rendered)
        .map_err(|source| Error::io(format!("writing {}", path.display()), source))?;
    Ok(DocStatus::Written)
}

/// The message while the table does not exist.
const NO_TABLE: &str = "syscalls-doc: abi-linux has no table yet";

/// The subcommand.
pub fn run(mut args: Args) -> Result<ExitCode> {
    let check_only = args.flag("--check");
    args.finish()?;
    let Some(rendered) = render() else {
        println!("{NO_TABLE}");
        return Ok(ExitCode::SUCCESS);
    };
    let path = paths::workspace_root().join(DOC_PATH);
    match sync(&rendered, &path, check_only)? {
        DocStatus::UpToDate => println!("syscalls-doc: {DOC_PATH} is up to date"),
        DocStatus::Written => println!("syscalls-doc: wrote {DOC_PATH}"),
        DocStatus::Stale => {
            println!("syscalls-doc: {DOC_PATH} is stale; run `cargo xtask syscalls-doc`");
            return Ok(ExitCode::FAILURE);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The `test` tier: one case when the table exists, nothing counted before.
pub fn test_hook(tally: &mut Tally) {
    let Some(rendered) = render() else {
        println!("{NO_TABLE} (not counted)");
        return;
    };
    let case = "syscalls-doc --check";
    match sync(&rendered, &paths::workspace_root().join(DOC_PATH), true) {
        Ok(DocStatus::UpToDate) => tally.pass(case, ""),
        Ok(_) => tally.fail(Failure {
            case: case.into(),
            reason: format!("{DOC_PATH} is stale; run `cargo xtask syscalls-doc`"),
            details: String::new(),
            log: None,
        }),
        Err(error) => tally.fail(Failure {
            case: case.into(),
            reason: error.to_string(),
            details: String::new(),
            log: None,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tempdir::TempDir;

    #[test]
    fn check_reports_stale_without_writing_and_sync_writes() {
        let directory = TempDir::new("syscalls-doc").expect("temp dir");
        let path = directory.path().join("docs/syscalls.md");
        assert_eq!(
            sync("# table\n", &path, true).expect("check"),
            DocStatus::Stale
        );
        assert!(!path.exists());
        assert_eq!(
            sync("# table\n", &path, false).expect("write"),
            DocStatus::Written
        );
        assert_eq!(
            sync("# table\n", &path, true).expect("check"),
            DocStatus::UpToDate
        );
        assert_eq!(
            sync("# table v2\n", &path, true).expect("check"),
            DocStatus::Stale
        );
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "# table\n");
    }
}
