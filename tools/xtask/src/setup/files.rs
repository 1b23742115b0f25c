//! File handling for setup: unpacking packages, and outputs that appear whole or not at all.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{Error, Result};
use crate::process;
use crate::tempdir::TempDir;

/// `dpkg-deb -x` into a fresh scratch directory.
pub fn unpack(deb: &Path) -> Result<TempDir> {
    let directory = TempDir::new("deb")?;
    process::run(
        Command::new("dpkg-deb")
            .arg("-x")
            .arg(deb)
            .arg(directory.path()),
    )?;
    Ok(directory)
}

/// Stores `source` gzip-compressed at `destination` (as-is when it is gzip already).
pub fn store_gzipped(source: &Path, destination: &Path) -> Result<()> {
    let mut magic = [0u8; 2];
    let already_gzip = std::fs::File::open(source)
        .and_then(|mut file| std::io::Read::read_exact(&mut file, &mut magic))
        .is_ok()
        && magic == [0x1f, 0x8b];
    if already_gzip {
        return copy_atomically(source, destination);
    }
    let partial = partial_path(destination);
    let file = std::fs::File::create(&partial)
        .map_err(|source| Error::io(format!("creating {}", partial.display()), source))?;
    process::run(
        Command::new("gzip")
            .args(["-c", "-n"])
            .arg(source)
            .stdout(file),
    )?;
    rename(&partial, destination)
}

/// Copies through a `.partial` file, so an interrupted setup never leaves a truncated output.
pub fn copy_atomically(source: &Path, destination: &Path) -> Result<()> {
    let partial = partial_path(destination);
    std::fs::copy(source, &partial)
        .map_err(|error| Error::io(format!("copying to {}", partial.display()), error))?;
    rename(&partial, destination)
}

/// `<destination>.partial`.
pub fn partial_path(destination: &Path) -> PathBuf {
    let mut name = destination.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}

/// Renames, with the paths in the error.
pub fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to).map_err(|source| {
        Error::io(
            format!("renaming {} to {}", from.display(), to.display()),
            source,
        )
    })
}

/// Creates a directory and its parents.
pub fn create_dir(directory: &Path) -> Result<()> {
    std::fs::create_dir_all(directory)
        .map_err(|source| Error::io(format!("creating {}", directory.display()), source))
}

/// The last component of `path`, for messages.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_storage_compresses_raw_files_and_keeps_gzip_ones() {
        let directory = TempDir::new("gzip-store").expect("temp dir");
        let raw = directory.path().join("Image");
        std::fs::write(&raw, b"MZ raw kernel image").expect("write");
        let stored = directory.path().join("Image.gz");
        store_gzipped(&raw, &stored).expect("store");
        let bytes = std::fs::read(&stored).expect("read");
        assert_eq!(&bytes[..2], &[0x1f, 0x8b]);
        let again = directory.path().join("Image2.gz");
        store_gzipped(&stored, &again).expect("store gzip");
        assert_eq!(std::fs::read(&again).expect("read"), bytes);
        assert!(!partial_path(&stored).exists());
    }
}
