//! `cargo xtask image`: the deployable boot set for U-Boot (kernel, initramfs, extlinux.conf,
//! boot.scr) and a partitioned FAT disk image holding it. See docs/boards/u-boot.md.

pub mod boards;
pub mod boot_files;
pub mod disk;
pub mod initrd;
pub mod mbr;

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::args::Args;
use crate::build::{self, BuildOptions};
use crate::error::{Error, Result};
use crate::paths::{self, Cache};
use crate::process;
use crate::tempdir::TempDir;
use boards::BootProfile;
use boot_files::{EXTLINUX_FILE, INITRD_FILE, KERNEL_FILE, SCRIPT_FILE};
use disk::BootFile;

/// The disk image's file name in the output directory.
pub const DISK_FILE: &str = "disk.img";

/// The boot script's source file name in the output directory.
pub const SCRIPT_SOURCE_FILE: &str = "boot.cmd";

/// The files written for one board.
#[derive(Debug, Clone)]
pub struct ImageSet {
    /// The output directory.
    pub dir: PathBuf,
    /// The board's boot profile.
    pub profile: BootProfile,
}

impl ImageSet {
    /// A file of the set by its path relative to the output directory.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.join(relative)
    }

    /// What goes in the boot partition; `with_extlinux` false leaves `extlinux.conf` out, so
    /// distro boot falls back to `boot.scr`.
    pub fn boot_files(&self, with_extlinux: bool) -> Vec<BootFile> {
        let mut names = vec![
            KERNEL_FILE.to_string(),
            INITRD_FILE.to_string(),
            SCRIPT_FILE.to_string(),
        ];
        if with_extlinux {
            names.push(EXTLINUX_FILE.to_string());
        }
        names.extend(self.profile.dtb_path());
        names
            .into_iter()
            .map(|destination| BootFile {
                source: self.path(&destination),
                destination,
            })
            .collect()
    }

    /// Writes a disk image at `disk` holding [`ImageSet::boot_files`].
    pub fn write_disk(&self, disk: &Path, with_extlinux: bool) -> Result<()> {
        let scratch = TempDir::new("disk")?;
        disk::write(&self.boot_files(with_extlinux), disk, scratch.path())
    }
}

/// Writes `text` to `path`, creating its directory.
fn write_text(path: &Path, text: &str) -> Result<()> {
    if let Some(directory) = path.parent() {
        std::fs::create_dir_all(directory)
            .map_err(|source| Error::io(format!("creating {}", directory.display()), source))?;
    }
    std::fs::write(path, text)
        .map_err(|source| Error::io(format!("writing {}", path.display()), source))
}

/// Copies `source` to `destination`, creating its directory.
fn copy(source: &Path, destination: &Path) -> Result<()> {
    if let Some(directory) = destination.parent() {
        std::fs::create_dir_all(directory)
            .map_err(|source| Error::io(format!("creating {}", directory.display()), source))?;
    }
    std::fs::copy(source, destination)
        .map(|_| ())
        .map_err(|error| {
            Error::io(
                format!("copying {} to {}", source.display(), destination.display()),
                error,
            )
        })
}

/// Compiles `boot.cmd` into the U-Boot script image `boot.scr` (timestamp 0: reproducible).
fn compile_script(source: &Path, script: &Path) -> Result<()> {
    process::run_quietly(
        Command::new("mkimage")
            .env("SOURCE_DATE_EPOCH", "0")
            .args(["-A", "arm64", "-O", "linux", "-T", "script", "-C", "none"])
            .args(["-n", "Lichen boot script", "-d"])
            .arg(source)
            .arg(script),
    )
}

/// Writes the boot set for `profile` with the raw kernel `kernel` into `dir`: `Image`,
/// `initrd.gz`, `extlinux/extlinux.conf`, `boot.cmd`, `boot.scr`, the board's device tree
/// under `dtbs/` if it has one, and `disk.img` holding them all.
pub fn write_set(kernel: &Path, profile: BootProfile, dir: &Path) -> Result<ImageSet> {
    let set = ImageSet {
        dir: dir.to_path_buf(),
        profile,
    };
    copy(kernel, &set.path(KERNEL_FILE))?;
    initrd::write(&set.path(INITRD_FILE))?;
    write_text(
        &set.path(EXTLINUX_FILE),
        &boot_files::extlinux_conf(&profile),
    )?;
    let source = set.path(SCRIPT_SOURCE_FILE);
    write_text(&source, &boot_files::boot_cmd(&profile))?;
    compile_script(&source, &set.path(SCRIPT_FILE))?;
    if let (Some(name), Some(destination)) = (profile.dtb, profile.dtb_path()) {
        copy(&Cache::from_env().dtb(name), &set.path(&destination))?;
    }
    set.write_disk(&set.path(DISK_FILE), true)?;
    Ok(set)
}

/// `cargo xtask image [--board B] [--debug] [--out DIR]`: builds the kernel and writes its boot
/// set (default directory `<target>/image/<board>`), then lists it.
pub fn run(mut args: Args) -> Result<()> {
    let options = BuildOptions::from_args(&mut args)?;
    let out = args.value("--out")?.map(PathBuf::from);
    args.finish()?;
    let profile = BootProfile::of(&options.board)?;
    let dir = out.unwrap_or_else(|| paths::target_dir().join("image").join(&options.board));
    crate::setup::run()?;
    let kernel = build::build(&options)?;
    let set = write_set(&kernel, profile, &dir)?;
    println!(
        "image: boot set for {} in {}",
        profile.board,
        set.dir.display()
    );
    for file in set.boot_files(true) {
        println!("  {}", file.destination);
    }
    println!("  {SCRIPT_SOURCE_FILE} (the source of {SCRIPT_FILE})");
    println!("  {DISK_FILE} (MBR, one FAT32 partition holding the files above)");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a file from the partition of `disk` with mtools.
    fn read_from_disk(disk: &Path, file: &str) -> String {
        let mut mtype = Command::new("mtype");
        mtype
            .env("MTOOLS_SKIP_CHECK", "1")
            .arg("-i")
            .arg(format!("{}@@1M", disk.display()))
            .arg(format!("::{file}"));
        process::stdout_of(&mut mtype).unwrap_or_else(|error| panic!("{file}: {error}"))
    }

    #[test]
    #[ignore = "needs `cargo xtask setup` (mkimage, mtools, BusyBox and the boards' DTBs)"]
    fn every_board_gets_a_disk_with_its_files_and_device_tree() {
        let scratch = TempDir::new("image-test").expect("scratch");
        let kernel = scratch.path().join("kernel");
        std::fs::write(&kernel, b"not really a kernel").expect("kernel");
        for profile in boards::PROFILES {
            let dir = scratch.path().join(profile.board);
            let set = write_set(&kernel, profile, &dir).expect(profile.board);
            let disk = set.path(DISK_FILE);
            assert_eq!(
                read_from_disk(&disk, EXTLINUX_FILE),
                boot_files::extlinux_conf(&profile)
            );
            assert_eq!(read_from_disk(&disk, KERNEL_FILE), "not really a kernel");
            let script = std::fs::read(set.path(SCRIPT_FILE)).expect("boot.scr");
            assert_eq!(&script[..4], &[0x27, 0x05, 0x19, 0x56], "uImage magic");
            assert_eq!(script[30], 6, "{}: image type script", profile.board);
            if let Some(dtb) = profile.dtb_path() {
                let copied = std::fs::read(set.path(&dtb)).expect("dtb copied");
                assert_eq!(&copied[..4], &[0xd0, 0x0d, 0xfe, 0xed], "{dtb}");
                let mut mdir = Command::new("mdir");
                mdir.env("MTOOLS_SKIP_CHECK", "1")
                    .arg("-b")
                    .arg("-i")
                    .arg(format!("{}@@1M", disk.display()))
                    .arg("::dtbs");
                let listing = process::stdout_of(&mut mdir).expect("mdir");
                assert!(
                    listing.contains(profile.dtb.unwrap_or_default()),
                    "{listing}"
                );
            }
        }
    }
}
