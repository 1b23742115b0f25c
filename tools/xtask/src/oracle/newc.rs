//! The cpio `newc` archive format Linux unpacks as an initramfs, written in memory.
//!
//! Written here rather than by the `cpio` tool so the archive can hold `/dev/console` without
//! root, and is byte-for-byte reproducible (inode numbers in order, every mtime zero, owner root).

/// What an archive member is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// A directory.
    Directory,
    /// A regular file with these contents.
    File(Vec<u8>),
    /// A symbolic link to this target.
    Symlink(String),
    /// A character device node.
    CharDevice {
        /// Device major number.
        major: u32,
        /// Device minor number.
        minor: u32,
    },
}

/// One archive member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Path inside the archive, relative (`bin/sh`, not `/bin/sh`).
    pub path: String,
    /// Permission bits (`0o755`); the file type comes from `body`.
    pub permissions: u32,
    /// What the member is.
    pub body: Body,
}

impl Entry {
    /// A directory entry.
    pub fn directory(path: &str, permissions: u32) -> Self {
        Entry {
            path: path.into(),
            permissions,
            body: Body::Directory,
        }
    }

    /// A regular file entry.
    pub fn file(path: &str, permissions: u32, contents: Vec<u8>) -> Self {
        Entry {
            path: path.into(),
            permissions,
            body: Body::File(contents),
        }
    }

    /// A symbolic link entry.
    pub fn symlink(path: &str, target: &str) -> Self {
        Entry {
            path: path.into(),
            permissions: 0o777,
            body: Body::Symlink(target.into()),
        }
    }

    /// The `st_mode` value: type bits and permissions.
    fn mode(&self) -> u32 {
        let kind = match self.body {
            Body::Directory => 0o040000,
            Body::File(_) => 0o100000,
            Body::Symlink(_) => 0o120000,
            Body::CharDevice { .. } => 0o020000,
        };
        kind | (self.permissions & 0o7777)
    }

    /// The member's data: file contents or link target.
    fn data(&self) -> &[u8] {
        match &self.body {
            Body::File(contents) => contents,
            Body::Symlink(target) => target.as_bytes(),
            Body::Directory | Body::CharDevice { .. } => &[],
        }
    }
}

/// The magic of the `newc` format (no checksums).
pub const MAGIC: &str = "070701";

/// The name of the member that ends an archive.
pub const TRAILER: &str = "TRAILER!!!";

/// Header fields in order after the magic, each eight hex digits.
struct Header {
    inode: u32,
    mode: u32,
    link_count: u32,
    file_size: u32,
    rdev_major: u32,
    rdev_minor: u32,
    name_size: u32,
}

/// Appends one header, the NUL-terminated name and padding, then the data and padding.
fn push_member(out: &mut Vec<u8>, header: &Header, name: &str, data: &[u8]) {
    let fields = [
        header.inode,
        header.mode,
        0, // uid: root
        0, // gid: root
        header.link_count,
        0, // mtime: zero, for reproducible archives
        header.file_size,
        0, // devmajor
        0, // devminor
        header.rdev_major,
        header.rdev_minor,
        header.name_size,
        0, // check
    ];
    out.extend_from_slice(MAGIC.as_bytes());
    for field in fields {
        out.extend_from_slice(format!("{field:08x}").as_bytes());
    }
    out.extend_from_slice(name.as_bytes());
    out.push(0);
    pad_to_four(out);
    out.extend_from_slice(data);
    pad_to_four(out);
}

/// Pads with NULs to a multiple of four bytes, as `newc` requires after names and data.
fn pad_to_four(out: &mut Vec<u8>) {
    while !out.len().is_multiple_of(4) {
        out.push(0);
    }
}

/// Why an entry cannot be archived.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NewcError {
    /// The path is empty, absolute, or holds a NUL.
    #[error("bad archive path `{0}`")]
    BadPath(String),
    /// The member is larger than the format's 32-bit size field.
    #[error("`{0}` is too large for a newc archive")]
    TooLarge(String),
}

/// The base of a BusyBox root: `directories` (`tmp` sticky and world-writable), the
/// `/dev/console` node the kernel opens for init, `bin/busybox` and a symlink to it per applet.
pub fn busybox_root(directories: &[&str], busybox: Vec<u8>, applet_names: &[String]) -> Vec<Entry> {
    let mut entries: Vec<Entry> = directories
        .iter()
        .map(|path| Entry::directory(path, if *path == "tmp" { 0o1777 } else { 0o755 }))
        .collect();
    entries.push(Entry {
        path: "dev/console".into(),
        permissions: 0o600,
        body: Body::CharDevice { major: 5, minor: 1 },
    });
    entries.push(Entry::file("bin/busybox", 0o755, busybox));
    for name in applet_names.iter().filter(|name| *name != "busybox") {
        entries.push(Entry::symlink(&format!("bin/{name}"), "busybox"));
    }
    entries
}

/// The whole archive: every entry in order, then the trailer.
pub fn archive(entries: &[Entry]) -> Result<Vec<u8>, NewcError> {
    let mut out = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        if entry.path.is_empty() || entry.path.starts_with('/') || entry.path.contains('\0') {
            return Err(NewcError::BadPath(entry.path.clone()));
        }
        let data = entry.data();
        let file_size =
            u32::try_from(data.len()).map_err(|_| NewcError::TooLarge(entry.path.clone()))?;
        let (rdev_major, rdev_minor) = match entry.body {
            Body::CharDevice { major, minor } => (major, minor),
            _ => (0, 0),
        };
        let header = Header {
            inode: u32::try_from(index + 1).map_err(|_| NewcError::TooLarge(entry.path.clone()))?,
            mode: entry.mode(),
            link_count: if entry.body == Body::Directory { 2 } else { 1 },
            file_size,
            rdev_major,
            rdev_minor,
            name_size: name_size(&entry.path)?,
        };
        push_member(&mut out, &header, &entry.path, data);
    }
    let trailer = Header {
        inode: 0,
        mode: 0,
        link_count: 1,
        file_size: 0,
        rdev_major: 0,
        rdev_minor: 0,
        name_size: name_size(TRAILER)?,
    };
    push_member(&mut out, &trailer, TRAILER, &[]);
    Ok(out)
}

/// The name size field: bytes of the name plus its NUL.
fn name_size(name: &str) -> Result<u32, NewcError> {
    u32::try_from(name.len() + 1).map_err(|_| NewcError::BadPath(name.into()))
}

#[cfg(test)]
mod tests;
