//! The deployable initramfs: Debian's static BusyBox and an `/init` that starts its shell on
//! the console (built by the same builder as the BusyBox QEMU cases).

use std::path::Path;

use crate::error::{Error, Result};
use crate::tempdir::TempDir;

/// The line `/init` prints before it becomes the shell.
pub const INIT_BANNER: &str = "Lichen initramfs: starting the BusyBox shell";

/// `/init`: announces itself and becomes BusyBox's shell (BusyBox runs its applets by name,
/// so `ls`, `cat`, `mount`... work without links).
pub fn init_script() -> String {
    format!(
        "#!/bin/busybox sh\n\
         # Lichen's boot initramfs, written by `cargo xtask image`.\n\
         export PATH=/bin\n\
         echo \"{INIT_BANNER}\"\n\
         exec /bin/busybox sh\n"
    )
}

/// Writes the gzip-compressed newc archive to `destination`.
pub fn write(destination: &Path) -> Result<()> {
    let scratch = TempDir::new("initrd")?;
    let archive = crate::test::initramfs::busybox(scratch.path(), Some(&init_script()))?;
    std::fs::copy(&archive, destination)
        .map(|_| ())
        .map_err(|source| Error::io(format!("writing {}", destination.display()), source))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_is_a_busybox_script_ending_in_the_shell() {
        let script = init_script();
        assert!(script.starts_with("#!/bin/busybox sh\n"));
        assert!(script.contains(INIT_BANNER));
        assert!(script.ends_with("exec /bin/busybox sh\n"));
    }
}
