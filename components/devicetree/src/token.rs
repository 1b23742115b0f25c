//! The structure block's tokens, read with every offset checked.
//!
//! Every token is at least 4 bytes and [`read_token`] always returns an offset past the one it
//! was given, so any loop that follows tokens ends within `structure.len() / 4` steps.

use crate::error::Malformation;
use crate::header::be_u32;
use crate::node::Property;

const FDT_BEGIN_NODE: u32 = 1;
const FDT_END_NODE: u32 = 2;
const FDT_PROP: u32 = 3;
const FDT_NOP: u32 = 4;
const FDT_END: u32 = 9;

/// The structure and strings blocks of one blob.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Blocks<'a> {
    /// The structure block.
    pub(crate) structure: &'a [u8],
    /// The strings block.
    pub(crate) strings: &'a [u8],
}

/// One token of the structure block.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Token<'a> {
    /// FDT_BEGIN_NODE with the node's name (unit address included).
    BeginNode(&'a str),
    /// FDT_END_NODE.
    EndNode,
    /// FDT_PROP.
    Property(Property<'a>),
    /// FDT_NOP.
    Nop,
    /// FDT_END.
    End,
}

/// Rounds up to the next multiple of 4 (tokens are 4-byte aligned within the block).
fn align4(offset: usize) -> usize {
    offset.saturating_add(3) & !3
}

/// Reads the token at `offset` (a multiple of 4) and returns it with the offset of the next one.
pub(crate) fn read_token<'a>(
    blocks: Blocks<'a>,
    offset: usize,
) -> Result<(Token<'a>, usize), Malformation> {
    let structure = blocks.structure;
    let tag = be_u32(structure, offset).ok_or(Malformation::MissingEnd)?;
    let body = offset + 4;
    match tag {
        FDT_BEGIN_NODE => {
            let rest = structure.get(body..).unwrap_or(&[]);
            let len = rest
                .iter()
                .position(|&b| b == 0)
                .ok_or(Malformation::UnterminatedNodeName)?;
            let name = core::str::from_utf8(rest.get(..len).unwrap_or(&[]))
                .map_err(|_| Malformation::NameNotText)?;
            Ok((Token::BeginNode(name), align4(body + len + 1)))
        }
        FDT_END_NODE => Ok((Token::EndNode, body)),
        FDT_PROP => {
            let length = be_u32(structure, body).ok_or(Malformation::MissingEnd)?;
            let name_offset = be_u32(structure, body + 4).ok_or(Malformation::MissingEnd)?;
            let value_start = body + 8;
            let value = (length as usize)
                .checked_add(value_start)
                .and_then(|end| structure.get(value_start..end))
                .ok_or(Malformation::PropertyPastEnd { length })?;
            let name = property_name(blocks.strings, name_offset)?;
            let next = align4(value_start + value.len());
            Ok((Token::Property(Property::new(name, value)), next))
        }
        FDT_NOP => Ok((Token::Nop, body)),
        FDT_END => Ok((Token::End, body)),
        other => Err(Malformation::UnknownToken(other)),
    }
}

/// The NUL-terminated name at `name_offset` in the strings block.
fn property_name(strings: &[u8], name_offset: u32) -> Result<&str, Malformation> {
    let rest = strings
        .get(name_offset as usize..)
        .filter(|rest| !rest.is_empty())
        .ok_or(Malformation::NameOffsetOutOfRange {
            name_offset,
            strings_size: strings.len(),
        })?;
    let len = rest
        .iter()
        .position(|&b| b == 0)
        .ok_or(Malformation::UnterminatedPropertyName)?;
    core::str::from_utf8(rest.get(..len).unwrap_or(&[])).map_err(|_| Malformation::NameNotText)
}

/// Follows tokens from `offset`; yields `(token_offset, token)` and stops at END or at any error.
///
/// Used on a structure block that [`crate::Fdt::new`] already validated, where errors cannot
/// occur; stopping on them keeps the walk panic-free regardless.
#[derive(Clone, Debug)]
pub(crate) struct TokenIter<'a> {
    blocks: Blocks<'a>,
    offset: usize,
    done: bool,
}

impl<'a> TokenIter<'a> {
    /// Starts at `offset`.
    pub(crate) fn new(blocks: Blocks<'a>, offset: usize) -> Self {
        Self {
            blocks,
            offset,
            done: false,
        }
    }
}

impl<'a> Iterator for TokenIter<'a> {
    type Item = (usize, Token<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match read_token(self.blocks, self.offset) {
            Ok((Token::End, _)) | Err(_) => {
                self.done = true;
                None
            }
            Ok((token, next)) => {
                let here = self.offset;
                self.offset = next;
                Some((here, token))
            }
        }
    }
}
