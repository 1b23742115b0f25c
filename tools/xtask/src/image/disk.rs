//! The boot disk: an MBR partition table and one FAT32 partition holding the boot files,
//! made with `mkfs.fat` and mtools (no mounts, no root).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::mbr::{self, FIRST_SECTOR, SECTOR_BYTES};
use crate::error::{Error, Result};
use crate::process;

/// The smallest partition: FAT32 needs at least 65525 clusters (512-byte clusters at 64 MiB).
const MIN_PARTITION_MIB: u64 = 64;

/// Room left free in the partition beyond the files, in MiB.
const FREE_MIB: u64 = 16;

/// The file system's label.
const LABEL: &str = "LICHENBOOT";

/// The volume ID, fixed so that images differ only by their contents.
const VOLUME_ID: &str = "4c494348";

/// One file to put in the partition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BootFile {
    /// The file on the host.
    pub source: PathBuf,
    /// Its path in the partition, relative to the root (`extlinux/extlinux.conf`).
    pub destination: String,
}

/// The partition's size in MiB for files totalling `content_bytes`: the files, a quarter more
/// for file-system overhead, [`FREE_MIB`] free, and at least [`MIN_PARTITION_MIB`].
pub fn partition_mib(content_bytes: u64) -> u64 {
    let mib = 1 << 20;
    let needed = content_bytes
        .saturating_add(content_bytes / 4)
        .div_ceil(mib);
    needed.saturating_add(FREE_MIB).max(MIN_PARTITION_MIB)
}

/// The directories `files` need, parents before children, each once.
pub fn directories(files: &[BootFile]) -> Vec<String> {
    let mut directories: Vec<String> = Vec::new();
    for file in files {
        let parts: Vec<&str> = file.destination.split('/').collect();
        for depth in 1..parts.len() {
            let directory = parts[..depth].join("/");
            if !directories.contains(&directory) {
                directories.push(directory);
            }
        }
    }
    directories
}

/// An mtools command on the FAT image `fat` (which has no partition table of its own).
fn mtools(program: &str, fat: &Path) -> Command {
    let mut command = Command::new(program);
    command.env("MTOOLS_SKIP_CHECK", "1").arg("-i").arg(fat);
    command
}

/// Writes `disk`: the MBR, padding to [`FIRST_SECTOR`], and a FAT32 file system holding
/// `files`, built in `scratch` as `fat.img`.
pub fn write(files: &[BootFile], disk: &Path, scratch: &Path) -> Result<()> {
    let mut content_bytes = 0u64;
    for file in files {
        let metadata = std::fs::metadata(&file.source)
            .map_err(|source| Error::io(format!("reading {}", file.source.display()), source))?;
        content_bytes = content_bytes.saturating_add(metadata.len());
    }
    let size_mib = partition_mib(content_bytes);
    let fat = scratch.join("fat.img");
    if fat.exists() {
        std::fs::remove_file(&fat)
            .map_err(|source| Error::io(format!("removing {}", fat.display()), source))?;
    }
    process::run_quietly(
        Command::new("mkfs.fat")
            .args(["-F", "32", "-n", LABEL, "-i", VOLUME_ID, "-C"])
            .arg(&fat)
            .arg((size_mib * 1024).to_string()),
    )?;
    for directory in directories(files) {
        process::run_quietly(mtools("mmd", &fat).arg(format!("::{directory}")))?;
    }
    for file in files {
        process::run_quietly(
            mtools("mcopy", &fat)
                .arg("-o")
                .arg(&file.source)
                .arg(format!("::{}", file.destination)),
        )?;
    }
    let sectors = size_mib * (1 << 20) / SECTOR_BYTES;
    let boot_sector = mbr::single_partition(sectors, mbr::TYPE_FAT32_LBA)
        .map_err(|error| Error::Check(error.to_string()))?;
    let cannot_write = |source| Error::io(format!("writing {}", disk.display()), source);
    let mut output = std::fs::File::create(disk).map_err(cannot_write)?;
    output.write_all(&boot_sector).map_err(cannot_write)?;
    let padding = vec![0u8; ((FIRST_SECTOR - 1) * SECTOR_BYTES) as usize];
    output.write_all(&padding).map_err(cannot_write)?;
    let mut input = std::fs::File::open(&fat)
        .map_err(|source| Error::io(format!("reading {}", fat.display()), source))?;
    std::io::copy(&mut input, &mut output).map_err(cannot_write)?;
    output.flush().map_err(cannot_write)?;
    std::fs::remove_file(&fat)
        .map_err(|source| Error::io(format!("removing {}", fat.display()), source))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(destination: &str) -> BootFile {
        BootFile {
            source: PathBuf::from("/dev/null"),
            destination: destination.into(),
        }
    }

    #[test]
    fn partitions_fit_fat32_and_grow_with_the_files() {
        assert_eq!(partition_mib(0), 64);
        assert_eq!(partition_mib(2 << 20), 64);
        assert_eq!(partition_mib(100 << 20), 125 + 16);
    }

    #[test]
    fn directories_come_once_and_parents_first() {
        let files = [
            file("Image"),
            file("extlinux/extlinux.conf"),
            file("dtbs/a/b.dtb"),
            file("dtbs/c.dtb"),
        ];
        assert_eq!(directories(&files), ["extlinux", "dtbs", "dtbs/a"]);
    }

    #[test]
    #[ignore = "needs mtools and dosfstools (`cargo xtask setup`)"]
    fn the_disk_has_one_fat_partition_holding_the_files() {
        let scratch = crate::tempdir::TempDir::new("disk-test").expect("scratch");
        let config = scratch.path().join("config");
        std::fs::write(&config, "label lichen\n").expect("write");
        let files = [BootFile {
            source: config,
            destination: "extlinux/extlinux.conf".into(),
        }];
        let disk = scratch.path().join("disk.img");
        write(&files, &disk, scratch.path()).expect("disk");
        let bytes = std::fs::read(&disk).expect("read");
        assert_eq!(bytes.len() as u64, (2048 + 64 * 2048) * 512);
        assert_eq!(&bytes[510..512], &[0x55, 0xaa]);
        assert_eq!(&bytes[1024 * 1024 + 82..1024 * 1024 + 87], b"FAT32");
        assert!(!scratch.path().join("fat.img").exists());
        let mut mtype = Command::new("mtype");
        mtype
            .env("MTOOLS_SKIP_CHECK", "1")
            .arg("-i")
            .arg(format!("{}@@1M", disk.display()))
            .arg("::extlinux/extlinux.conf");
        assert_eq!(
            process::stdout_of(&mut mtype).expect("mtype"),
            "label lichen\n"
        );
    }
}
