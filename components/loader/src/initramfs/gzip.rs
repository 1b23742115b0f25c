//! One gzip member (RFC 1952): header, deflate data (via `miniz_oxide`), CRC-32 and size.

use alloc::boxed::Box;
use alloc::vec::Vec;

use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;

/// CRC-32 as gzip uses it (ISO-HDLC, the zlib one).
const GZIP_CRC: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC);

use super::error::Fault;

/// The gzip magic.
pub const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

const FTEXT_FHCRC: u8 = 0x02;
const FEXTRA: u8 = 0x04;
const FNAME: u8 = 0x08;
const FCOMMENT: u8 = 0x10;
const RESERVED: u8 = 0xe0;

/// A decoded member.
#[derive(Debug)]
pub struct Member {
    /// The decompressed bytes.
    pub data: Vec<u8>,
    /// Bytes of the image the member used (header, deflate data and 8-byte trailer).
    pub consumed: usize,
}

/// Decodes the gzip member at the start of `input`, producing at most `budget` bytes.
///
/// Errors carry the fault and its offset in `input`.
pub fn decode_member(input: &[u8], budget: usize) -> Result<Member, (Fault, usize)> {
    let header_size = header_size(input).ok_or((Fault::GzipHeader, 0))?;
    let deflate = &input[header_size..];
    let (data, used) = inflate(deflate, budget).map_err(|fault| (fault, header_size))?;
    let trailer_at = header_size + used;
    let trailer = input
        .get(trailer_at..trailer_at + 8)
        .ok_or((Fault::GzipTruncated, trailer_at))?;
    let expected_crc = u32::from_le_bytes([trailer[0], trailer[1], trailer[2], trailer[3]]);
    let expected_size = u32::from_le_bytes([trailer[4], trailer[5], trailer[6], trailer[7]]);
    let actual_crc = GZIP_CRC.checksum(&data);
    if actual_crc != expected_crc {
        return Err((
            Fault::GzipCrc {
                expected: expected_crc,
                actual: actual_crc,
            },
            trailer_at,
        ));
    }
    let actual_size = data.len() as u32;
    if actual_size != expected_size {
        return Err((
            Fault::GzipSize {
                expected: expected_size,
                actual: actual_size,
            },
            trailer_at + 4,
        ));
    }
    Ok(Member {
        data,
        consumed: trailer_at + 8,
    })
}

/// Size of the member header with its optional fields, or `None` if it is malformed.
fn header_size(input: &[u8]) -> Option<usize> {
    let fixed = input.get(..10)?;
    if fixed[..2] != GZIP_MAGIC || fixed[2] != 8 || fixed[3] & RESERVED != 0 {
        return None;
    }
    let flags = fixed[3];
    let mut at = 10;
    if flags & FEXTRA != 0 {
        let length = input.get(at..at + 2)?;
        at += 2 + usize::from(u16::from_le_bytes([length[0], length[1]]));
    }
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            let rest = input.get(at..)?;
            at += rest.iter().position(|&b| b == 0)? + 1;
        }
    }
    if flags & FTEXT_FHCRC != 0 {
        at += 2;
    }
    (at <= input.len()).then_some(at)
}

/// Raw-deflate decompression into a growing buffer bounded by `budget`; returns the data and
/// the number of input bytes the deflate stream used.
fn inflate(input: &[u8], budget: usize) -> Result<(Vec<u8>, usize), Fault> {
    let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let mut output: Vec<u8> = Vec::new();
    grow(
        &mut output,
        input.len().saturating_mul(4).clamp(1, budget.max(1)),
    )?;
    let mut state = Box::<DecompressorOxide>::default();
    let mut in_pos = 0;
    let mut out_pos = 0;
    loop {
        let rest = input.get(in_pos..).unwrap_or(&[]);
        let (status, consumed, written) = decompress(&mut state, rest, &mut output, out_pos, flags);
        in_pos += consumed;
        out_pos += written;
        match status {
            TINFLStatus::Done => {
                if out_pos > budget {
                    return Err(Fault::TooLarge { limit: budget });
                }
                output.truncate(out_pos);
                return Ok((output, in_pos));
            }
            TINFLStatus::HasMoreOutput => {
                if output.len() >= budget {
                    return Err(Fault::TooLarge { limit: budget });
                }
                let target = output.len().saturating_mul(2).min(budget);
                grow(&mut output, target)?;
            }
            TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
                return Err(Fault::GzipTruncated)
            }
            _ => return Err(Fault::GzipCorrupt),
        }
    }
}

/// Resizes `buffer` to `length` zero bytes without aborting when memory runs out.
fn grow(buffer: &mut Vec<u8>, length: usize) -> Result<(), Fault> {
    let extra = length.saturating_sub(buffer.len());
    buffer
        .try_reserve_exact(extra)
        .map_err(|_| Fault::OutOfMemory)?;
    buffer.resize(length, 0);
    Ok(())
}
