//! A scratch directory that removes itself when dropped.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use crate::error::{Error, Result};

/// Distinguishes the scratch directories of one process.
static NEXT_ID: AtomicU32 = AtomicU32::new(0);

/// A fresh directory under the system's temporary directory, deleted on drop.
#[derive(Debug)]
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    /// Creates `<tmp>/lichen-<purpose>-<pid>-<n>`, replacing any leftover of the same name.
    pub fn new(purpose: &str) -> Result<Self> {
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("lichen-{purpose}-{}-{id}", std::process::id()));
        if path.exists() {
            std::fs::remove_dir_all(&path)
                .map_err(|source| Error::io(format!("removing {}", path.display()), source))?;
        }
        std::fs::create_dir_all(&path)
            .map_err(|source| Error::io(format!("creating {}", path.display()), source))?;
        Ok(TempDir { path })
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        // Best effort: a leftover scratch directory is harmless.
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directory_exists_while_held_and_is_removed_on_drop() {
        let dir = TempDir::new("selftest").expect("temp dir");
        let path = dir.path().to_path_buf();
        std::fs::write(path.join("file"), b"x").expect("write");
        assert!(path.is_dir());
        drop(dir);
        assert!(!path.exists());
    }
}
