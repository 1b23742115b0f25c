//! A tiny cpio `newc` writer for archives the `cpio` tool cannot make without root (device
//! nodes) or will not make at all (bad fields, odd padding).

/// One record to write.
#[derive(Clone, Debug)]
pub struct Record {
    /// Magic: `"070701"` or `"070702"`.
    pub magic: &'static str,
    /// Fields in archive order except `namesize` (computed unless overridden) and `filesize`
    /// (the data length unless overridden): ino, mode, uid, gid, nlink, mtime, devmajor,
    /// devminor, rdevmajor, rdevminor, check.
    pub ino: u32,
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    pub nlink: u32,
    pub mtime: u32,
    pub dev: (u32, u32),
    pub rdev: (u32, u32),
    pub check: u32,
    pub name: Vec<u8>,
    pub data: Vec<u8>,
}

impl Record {
    /// A record with the given name, mode and data, other fields zero, `nlink` 1.
    pub fn new(name: &str, mode: u32, data: &[u8]) -> Self {
        Self {
            magic: "070701",
            ino: 0,
            mode,
            uid: 0,
            gid: 0,
            nlink: 1,
            mtime: 0,
            dev: (0, 0),
            rdev: (0, 0),
            check: 0,
            name: name.as_bytes().to_vec(),
            data: data.to_vec(),
        }
    }

    /// The trailer.
    pub fn trailer() -> Self {
        Self::new("TRAILER!!!", 0, b"")
    }

    /// Appends this record (header, name + NUL, padding, data, padding) to `out`, which must
    /// start at a 4-byte boundary of the stream.
    pub fn write(&self, out: &mut Vec<u8>) {
        let fields = [
            self.ino,
            self.mode,
            self.uid,
            self.gid,
            self.nlink,
            self.mtime,
            self.data.len() as u32,
            self.dev.0,
            self.dev.1,
            self.rdev.0,
            self.rdev.1,
            self.name.len() as u32 + 1,
            self.check,
        ];
        out.extend_from_slice(self.magic.as_bytes());
        for field in fields {
            out.extend_from_slice(format!("{field:08X}").as_bytes());
        }
        out.extend_from_slice(&self.name);
        out.push(0);
        while !out.len().is_multiple_of(4) {
            out.push(0);
        }
        out.extend_from_slice(&self.data);
        while !out.len().is_multiple_of(4) {
            out.push(0);
        }
    }
}

/// An archive of `records` followed by a trailer.
pub fn archive(records: &[Record]) -> Vec<u8> {
    let mut out = Vec::new();
    for record in records {
        record.write(&mut out);
    }
    Record::trailer().write(&mut out);
    out
}
