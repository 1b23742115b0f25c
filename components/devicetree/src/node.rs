//! Nodes and properties of a validated tree, read in place without the heap.

use crate::header::{be_u32, be_u64};
use crate::token::{read_token, Blocks, Token, TokenIter};

/// One property: its name and raw big-endian value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Property<'a> {
    name: &'a str,
    value: &'a [u8],
}

impl<'a> Property<'a> {
    /// Wraps a name and value.
    pub(crate) const fn new(name: &'a str, value: &'a [u8]) -> Self {
        Self { name, value }
    }

    /// The property's name.
    pub fn name(&self) -> &'a str {
        self.name
    }

    /// The raw value bytes.
    pub fn value(&self) -> &'a [u8] {
        self.value
    }

    /// The value as one cell, if it is exactly 4 bytes.
    pub fn as_u32(&self) -> Option<u32> {
        if self.value.len() == 4 {
            be_u32(self.value, 0)
        } else {
            None
        }
    }

    /// The value as a number of 1 or 2 cells, told apart by the property's length.
    pub fn as_u32_or_u64(&self) -> Option<u64> {
        match self.value.len() {
            4 => be_u32(self.value, 0).map(u64::from),
            8 => be_u64(self.value, 0),
            _ => None,
        }
    }

    /// The value as one NUL-terminated UTF-8 string (the text before the first NUL).
    pub fn as_str(&self) -> Option<&'a str> {
        let len = self.value.iter().position(|&b| b == 0)?;
        core::str::from_utf8(self.value.get(..len)?).ok()
    }

    /// The value as a list of NUL-separated strings (e.g. `compatible`); pieces that are not
    /// UTF-8 are skipped.
    pub fn strings(&self) -> impl Iterator<Item = &'a str> + 'a {
        let value = self.value.strip_suffix(&[0]).unwrap_or(self.value);
        let pieces = if value.is_empty() {
            None
        } else {
            Some(value.split(|&b| b == 0))
        };
        pieces
            .into_iter()
            .flatten()
            .filter_map(|piece| core::str::from_utf8(piece).ok())
    }

    /// The value as big-endian cells (a trailing partial cell is ignored).
    pub fn cells(&self) -> impl Iterator<Item = u32> + 'a {
        self.value.chunks_exact(4).filter_map(|c| be_u32(c, 0))
    }
}

/// A node of a validated tree.
#[derive(Clone, Copy, Debug)]
pub struct Node<'a> {
    blocks: Blocks<'a>,
    /// Offset of the node's BEGIN_NODE token in the structure block.
    offset: usize,
    /// Offset of the first token after the name.
    body: usize,
    name: &'a str,
}

impl<'a> Node<'a> {
    /// The node whose BEGIN_NODE token is at `offset`, if there is one.
    pub(crate) fn at(blocks: Blocks<'a>, offset: usize) -> Option<Self> {
        match read_token(blocks, offset) {
            Ok((Token::BeginNode(name), body)) => Some(Self {
                blocks,
                offset,
                body,
                name,
            }),
            _ => None,
        }
    }

    /// The node's name with its unit address, e.g. `serial@7e201000` (empty for the root).
    pub fn name(&self) -> &'a str {
        self.name
    }

    /// The name without the unit address, e.g. `serial`.
    pub fn base_name(&self) -> &'a str {
        self.name.split('@').next().unwrap_or(self.name)
    }

    /// Offset of the node in the structure block: a stable identity within one blob.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The node's own properties, in blob order.
    pub fn properties(&self) -> Properties<'a> {
        Properties {
            tokens: TokenIter::new(self.blocks, self.body),
        }
    }

    /// The property called `name`, if the node has it.
    pub fn property(&self, name: &str) -> Option<Property<'a>> {
        self.properties().find(|p| p.name == name)
    }

    /// The string value of property `name`, if present and text.
    pub fn str_property(&self, name: &str) -> Option<&'a str> {
        self.property(name).and_then(|p| p.as_str())
    }

    /// The node's direct children, in blob order.
    pub fn children(&self) -> Children<'a> {
        Children {
            blocks: self.blocks,
            tokens: TokenIter::new(self.blocks, self.body),
            depth: 0,
        }
    }

    /// The direct child matching `component` (exact name, or the name without unit address when
    /// `component` has no `@`), as libfdt matches path components.
    pub fn child(&self, component: &str) -> Option<Node<'a>> {
        let mut fallback = None;
        for child in self.children() {
            if child.name == component {
                return Some(child);
            }
            if fallback.is_none() && !component.contains('@') && child.base_name() == component {
                fallback = Some(child);
            }
        }
        fallback
    }

    /// Whether `status` is absent, `"okay"` or `"ok"`.
    pub fn is_available(&self) -> bool {
        match self.property("status") {
            None => true,
            Some(p) => matches!(p.as_str(), Some("okay") | Some("ok")),
        }
    }

    /// Whether the `compatible` list contains one of `names`.
    pub fn is_compatible(&self, names: &[&str]) -> bool {
        self.property("compatible")
            .is_some_and(|p| p.strings().any(|c| names.contains(&c)))
    }

    /// `#address-cells` and `#size-cells` for this node's children (spec defaults 2 and 1).
    pub fn child_cells(&self) -> (u32, u32) {
        let read = |name, default| {
            self.property(name)
                .and_then(|p| p.as_u32())
                .unwrap_or(default)
        };
        (read("#address-cells", 2), read("#size-cells", 1))
    }
}

/// Iterator over a node's properties.
#[derive(Clone, Debug)]
pub struct Properties<'a> {
    tokens: TokenIter<'a>,
}

impl<'a> Iterator for Properties<'a> {
    type Item = Property<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.tokens.next()? {
                (_, Token::Property(p)) => return Some(p),
                (_, Token::Nop) => continue,
                // Properties end at the first child or at the node's end.
                _ => return None,
            }
        }
    }
}

/// Iterator over a node's direct children (skips grandchildren by counting depth).
#[derive(Clone, Debug)]
pub struct Children<'a> {
    blocks: Blocks<'a>,
    tokens: TokenIter<'a>,
    depth: usize,
}

impl<'a> Iterator for Children<'a> {
    type Item = Node<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.tokens.next()? {
                (offset, Token::BeginNode(_)) => {
                    self.depth += 1;
                    if self.depth == 1 {
                        return Node::at(self.blocks, offset);
                    }
                }
                (_, Token::EndNode) => {
                    if self.depth == 0 {
                        // The parent's own END_NODE: no more children.
                        self.tokens = TokenIter::new(self.blocks, usize::MAX);
                        return None;
                    }
                    self.depth -= 1;
                }
                _ => continue,
            }
        }
    }
}
