//! The initramfs: concatenated cpio `newc` archives, raw or gzip-compressed, as Linux unpacks it.
//!
//! [`unpack`] walks the image like `unpack_to_rootfs` in `init/initramfs.c`: a `0` at a 4-byte
//! aligned offset starts a cpio record, zero bytes are padding, anything else must be a
//! compressed member (gzip is decoded; bzip2, lzma, xz, lzo, lz4 and zstd are named and refused).
//! Records continue across archive boundaries; `TRAILER!!!` only ends the hard-link scope.
//! Parsing stops at the first fault, keeping the entries before it, as Linux keeps the files it
//! created before "Initramfs unpacking failed".

mod cpio;
mod entry;
mod error;
mod gzip;

use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use core::ops::Range;

pub use cpio::{mode, Header, HEADER_SIZE, TRAILER};
pub use entry::{DeviceNumber, Entry, EntryKind};
pub use error::{Fault, InitramfsError};
pub use gzip::GZIP_MAGIC;

use cpio::{parse_record, Record};

/// The unpacked initramfs: its entries in archive order and the fault that stopped it, if any.
#[derive(Debug)]
pub struct Initramfs<'a> {
    image: &'a [u8],
    members: Vec<Vec<u8>>,
    records: Vec<Stored>,
    error: Option<InitramfsError>,
    decompressed: usize,
}

/// A record kept by position: `source` 0 is the image, `n` is `members[n - 1]`.
#[derive(Debug)]
struct Stored {
    source: usize,
    member: Option<usize>,
    offset: usize,
    header: Header,
    name: Range<usize>,
    data: Range<usize>,
    hard_link_to: Option<usize>,
}

impl<'a> Initramfs<'a> {
    /// The entries, in archive order (trailers left out).
    pub fn entries(&self) -> impl ExactSizeIterator<Item = Entry<'_>> + '_ {
        self.records.iter().map(|stored| self.entry(stored))
    }

    /// The fault that stopped unpacking, if any; the entries before it are valid.
    pub fn error(&self) -> Option<&InitramfsError> {
        self.error.as_ref()
    }

    /// Bytes produced by decompression (counted against the caller's budget).
    pub fn decompressed_bytes(&self) -> usize {
        self.decompressed
    }

    /// The stream a record lives in.
    fn source(&self, source: usize) -> &[u8] {
        match source.checked_sub(1) {
            None => self.image,
            Some(index) => self.members.get(index).map_or(&[], Vec::as_slice),
        }
    }

    fn entry(&self, stored: &Stored) -> Entry<'_> {
        let stream = self.source(stored.source);
        let bytes = |range: &Range<usize>| stream.get(range.clone()).unwrap_or(&[]);
        let header = &stored.header;
        let data = bytes(&stored.data);
        let rdev = DeviceNumber {
            major: header.rdevmajor,
            minor: header.rdevminor,
        };
        let kind = match header.mode & mode::S_IFMT {
            mode::S_IFDIR => EntryKind::Directory,
            mode::S_IFLNK => EntryKind::Symlink { target: data },
            mode::S_IFCHR => EntryKind::CharDevice { rdev },
            mode::S_IFBLK => EntryKind::BlockDevice { rdev },
            mode::S_IFIFO => EntryKind::Fifo,
            mode::S_IFSOCK => EntryKind::Socket,
            _ => EntryKind::File { data },
        };
        let hard_link_to = stored.hard_link_to.and_then(|index| {
            let first = self.records.get(index)?;
            self.source(first.source).get(first.name.clone())
        });
        Entry {
            path: bytes(&stored.name),
            kind,
            mode: header.mode,
            uid: header.uid,
            gid: header.gid,
            mtime: u64::from(header.mtime),
            nlink: header.nlink,
            ino: header.ino,
            hard_link_to,
            offset: stored.offset,
            member: stored.member,
        }
    }
}

/// Compression formats Linux recognises by their first two bytes (`lib/decompress.c`).
const COMPRESSIONS: [([u8; 2], &str); 7] = [
    ([0x1f, 0x9e], "old gzip"),
    ([0x42, 0x5a], "bzip2"),
    ([0x5d, 0x00], "lzma"),
    ([0xfd, 0x37], "xz"),
    ([0x89, 0x4c], "lzo"),
    ([0x02, 0x21], "lz4"),
    ([0x28, 0xb5], "zstd"),
];

/// Unpacks `image`, decompressing at most `max_decompressed` bytes in total (pass what the
/// kernel can spare: a gzip bomb then stops with [`Fault::TooLarge`] instead of exhausting
/// memory).
pub fn unpack(image: &[u8], max_decompressed: usize) -> Initramfs<'_> {
    let mut unpacker = Unpacker {
        out: Initramfs {
            image,
            members: Vec::new(),
            records: Vec::new(),
            error: None,
            decompressed: 0,
        },
        links: BTreeMap::new(),
        budget: max_decompressed,
    };
    if let Err(error) = unpacker.run() {
        unpacker.out.error = Some(error);
    }
    unpacker.out
}

/// Hard-link identity: device, inode and file type.
type LinkKey = (u32, u32, u32, u32);

struct Unpacker<'a> {
    out: Initramfs<'a>,
    links: BTreeMap<LinkKey, usize>,
    budget: usize,
}

impl Unpacker<'_> {
    fn run(&mut self) -> Result<(), InitramfsError> {
        let image = self.out.image;
        let at_image = |(fault, offset)| InitramfsError {
            fault,
            offset,
            member: None,
        };
        let mut pos = 0;
        while let Some(&byte) = image.get(pos) {
            if byte == b'0' && pos % 4 == 0 {
                let record = parse_record(image, pos).map_err(at_image)?;
                let start = pos;
                pos = skip_padding(image, record.next).map_err(at_image)?;
                self.keep(0, None, start, record);
                continue;
            }
            if byte == 0 {
                pos += 1;
                continue;
            }
            let magic = [byte, image.get(pos + 1).copied().unwrap_or(0)];
            if magic != GZIP_MAGIC {
                let fault = COMPRESSIONS
                    .iter()
                    .find(|(known, _)| *known == magic)
                    .map_or(Fault::UnknownFormat(magic), |(_, name)| {
                        Fault::UnsupportedCompression(name)
                    });
                return Err(at_image((fault, pos)));
            }
            let member = gzip::decode_member(&image[pos..], self.budget)
                .map_err(|(fault, offset)| at_image((fault, pos + offset)))?;
            self.budget -= member.data.len();
            self.out.decompressed += member.data.len();
            self.unpack_member(pos, member.data)?;
            pos += member.consumed;
        }
        Ok(())
    }

    /// Parses the cpio records of one decompressed member.
    fn unpack_member(&mut self, member_at: usize, data: Vec<u8>) -> Result<(), InitramfsError> {
        self.out.members.push(data);
        let source = self.out.members.len();
        let in_member = |(fault, offset)| InitramfsError {
            fault,
            offset,
            member: Some(member_at),
        };
        let mut pos = 0;
        loop {
            let stream = self.out.source(source);
            let Some(&byte) = stream.get(pos) else {
                return Ok(());
            };
            match byte {
                0 => pos = skip_padding(stream, pos).map_err(in_member)?,
                b'0' => {
                    let record = parse_record(stream, pos).map_err(in_member)?;
                    let start = pos;
                    pos = skip_padding(stream, record.next).map_err(in_member)?;
                    self.keep(source, Some(member_at), start, record);
                }
                _ => return Err(in_member((Fault::JunkInCompressed, pos))),
            }
        }
    }

    /// Records an entry (or handles a trailer) and its hard-link identity.
    fn keep(&mut self, source: usize, member: Option<usize>, offset: usize, record: Record) {
        let stream = self.out.source(source);
        let header = record.header;
        let file_type = header.mode & mode::S_IFMT;
        if stream.get(record.name.clone()) == Some(TRAILER) && file_type != mode::S_IFLNK {
            self.links.clear();
            return;
        }
        let mut hard_link_to = None;
        let linkable = !matches!(file_type, mode::S_IFDIR | mode::S_IFLNK);
        if linkable && header.nlink >= 2 {
            let key = (header.devmajor, header.devminor, header.ino, file_type);
            let index = self.out.records.len();
            hard_link_to = match self.links.get(&key) {
                Some(&first) => Some(first),
                None => {
                    self.links.insert(key, index);
                    None
                }
            };
        }
        self.out.records.push(Stored {
            source,
            member,
            offset,
            header,
            name: record.name,
            data: record.data,
            hard_link_to,
        });
    }
}

/// Skips zero padding from `pos`; the next non-zero byte must be 4-byte aligned (Linux's
/// "broken padding" check in `do_reset`).
fn skip_padding(stream: &[u8], mut pos: usize) -> Result<usize, (Fault, usize)> {
    while stream.get(pos) == Some(&0) {
        pos += 1;
    }
    if pos < stream.len() && !pos.is_multiple_of(4) {
        return Err((Fault::BrokenPadding, pos));
    }
    Ok(pos)
}
