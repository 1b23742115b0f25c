//! Where things live: the workspace, the kernel's target directory, the test-input cache.

use std::path::{Path, PathBuf};

/// The workspace root (two levels above this crate's manifest).
pub fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .ancestors()
        .nth(2)
        .unwrap_or(manifest_dir)
        .to_path_buf()
}

/// Cargo's target directory for the kernel: `$CARGO_TARGET_DIR` when set, else `<root>/target`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                workspace_root().join(dir)
            }
        }
        _ => workspace_root().join("target"),
    }
}

/// Where the QEMU test cases write their logs: `<target>/qemu-tests`.
pub fn qemu_test_logs() -> PathBuf {
    target_dir().join("qemu-tests")
}

/// The cache of downloaded test inputs: `$LICHEN_CACHE`, else `$HOME/.cache/lichen`.
pub fn cache_dir() -> PathBuf {
    cache_dir_from(
        std::env::var_os("LICHEN_CACHE").map(PathBuf::from),
        std::env::var_os("HOME").map(PathBuf::from),
    )
}

/// The cache rule on explicit values, so it can be tested without touching the environment.
fn cache_dir_from(lichen_cache: Option<PathBuf>, home: Option<PathBuf>) -> PathBuf {
    match (lichen_cache, home) {
        (Some(cache), _) if !cache.as_os_str().is_empty() => cache,
        (_, Some(home)) if !home.as_os_str().is_empty() => home.join(".cache/lichen"),
        _ => std::env::temp_dir().join("lichen-cache"),
    }
}

/// The cached test inputs, by name.
#[derive(Debug, Clone)]
pub struct Cache {
    /// The cache's root directory.
    pub root: PathBuf,
}

impl Cache {
    /// The cache chosen by the environment.
    pub fn from_env() -> Self {
        Cache { root: cache_dir() }
    }

    /// Downloaded `.deb` packages.
    pub fn debs(&self) -> PathBuf {
        self.root.join("debs")
    }

    /// Device trees, real boards' and QEMU's.
    pub fn dtbs(&self) -> PathBuf {
        self.root.join("dtbs")
    }

    /// One device tree by file name.
    pub fn dtb(&self, name: &str) -> PathBuf {
        self.dtbs().join(name)
    }

    /// Debian's Linux kernel, the behaviour oracle.
    pub fn linux_image(&self) -> PathBuf {
        self.root.join("linux/Image.gz")
    }

    /// The static busybox binary for AArch64.
    pub fn busybox(&self) -> PathBuf {
        self.root.join("busybox/busybox")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lichen_cache_wins_over_home() {
        let chosen = cache_dir_from(Some("/c".into()), Some("/home/u".into()));
        assert_eq!(chosen, PathBuf::from("/c"));
    }

    #[test]
    fn home_cache_is_used_when_lichen_cache_is_unset_or_empty() {
        let expected = PathBuf::from("/home/u/.cache/lichen");
        assert_eq!(cache_dir_from(None, Some("/home/u".into())), expected);
        assert_eq!(
            cache_dir_from(Some("".into()), Some("/home/u".into())),
            expected
        );
    }

    #[test]
    fn workspace_root_holds_the_workspace_manifest() {
        let manifest = workspace_root().join("Cargo.toml");
        let text = std::fs::read_to_string(manifest).expect("workspace manifest");
        assert!(text.contains("[workspace]"));
    }
}
