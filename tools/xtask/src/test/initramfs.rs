//! A minimal initramfs for QEMU cases: Debian's static BusyBox as `/bin/busybox` (cpio newc,
//! gzip), made with the `cpio` tool that setup installs.

use crate::error::{Error, Result};
use crate::paths::Cache;
use crate::process;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Writes `<scratch>/busybox.cpio.gz` (with `init` as `/init`, mode 0755, when given) and
/// returns its path.
pub fn busybox(scratch: &Path, init: Option<&str>) -> Result<PathBuf> {
    let tree = scratch.join("initramfs");
    let bin = tree.join("bin");
    std::fs::create_dir_all(&bin)
        .map_err(|e| Error::io(format!("creating {}", bin.display()), e))?;
    let source = Cache::from_env().busybox();
    std::fs::copy(&source, bin.join("busybox")).map_err(|e| {
        Error::io(
            format!("copying {} (run `cargo xtask setup`)", source.display()),
            e,
        )
    })?;
    if let Some(script) = init {
        let path = tree.join("init");
        std::fs::write(&path, script)
            .map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| Error::io(format!("chmod {}", path.display()), e))?;
    }
    let archive = scratch.join("busybox.cpio.gz");
    let script = format!(
        "find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -9 > '{}'",
        archive.display()
    );
    let mut command = Command::new("sh");
    command
        .current_dir(&tree)
        .args(["-c", &script])
        .stdin(Stdio::null());
    process::run(&mut command)?;
    Ok(archive)
}
