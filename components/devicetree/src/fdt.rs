//! A validated blob: header, memory reservations and the node tree, all checked once up front.

use crate::error::{DtbError, Malformation};
use crate::header::{be_u64, validate_header, DtbHeader, RESERVATION_ENTRY_SIZE};
use crate::node::Node;
use crate::token::{read_token, Blocks, Token, TokenIter};
use crate::MAX_DEPTH;
use kernel_core::addr::PhysRange;

/// A device tree blob whose header, memory reservation block and structure block are valid.
///
/// [`Fdt::new`] walks the whole structure block once: every token known, every property inside
/// the block, every name offset inside the strings block, names UTF-8, nodes balanced, one root,
/// depth at most [`MAX_DEPTH`]. The accessors rely on that and never fail afterwards.
#[derive(Clone, Copy, Debug)]
pub struct Fdt<'a> {
    header: DtbHeader,
    blocks: Blocks<'a>,
    /// The memory reservation entries, without the terminating entry.
    reservations: &'a [u8],
    root: Node<'a>,
}

impl<'a> Fdt<'a> {
    /// Validates `dtb` (which may be longer than `totalsize`; the excess is ignored).
    pub fn new(dtb: &'a [u8]) -> Result<Self, DtbError> {
        let header = validate_header(dtb)?;
        let blob = dtb.get(..header.total_size).ok_or(DtbError::Truncated {
            needed: header.total_size,
            available: dtb.len(),
        })?;
        let section = |offset: usize, size: usize| blob.get(offset..offset + size).unwrap_or(&[]);
        let blocks = Blocks {
            structure: section(header.structure_offset, header.structure_size),
            strings: section(header.strings_offset, header.strings_size),
        };
        let reservations = reservation_entries(blob, header.reservations_offset)?;
        let root_offset = validate_structure(blocks)?;
        let root = Node::at(blocks, root_offset).ok_or(DtbError::Malformed {
            offset: root_offset,
            problem: Malformation::NoRoot,
        })?;
        Ok(Self {
            header,
            blocks,
            reservations,
            root,
        })
    }

    /// The validated header.
    pub fn header(&self) -> &DtbHeader {
        &self.header
    }

    /// The root node.
    pub fn root(&self) -> Node<'a> {
        self.root
    }

    /// The `/memreserve/` entries (the block ends at the first entry of size 0, as in Linux).
    pub fn memory_reservations(&self) -> impl Iterator<Item = PhysRange> + 'a {
        self.reservations
            .chunks_exact(RESERVATION_ENTRY_SIZE)
            .map(|entry| {
                PhysRange::new(be_u64(entry, 0).unwrap_or(0), be_u64(entry, 8).unwrap_or(0))
            })
    }

    /// Every node in blob order (parents before children), with its depth (root = 0).
    pub fn nodes(&self) -> AllNodes<'a> {
        AllNodes {
            blocks: self.blocks,
            tokens: TokenIter::new(self.blocks, self.root.offset()),
            depth: 0,
        }
    }

    /// The node at structure-block offset `offset` (as returned by [`Node::offset`]).
    pub fn node_at(&self, offset: usize) -> Option<Node<'a>> {
        Node::at(self.blocks, offset)
    }

    /// The target path of alias `name` in `/aliases`.
    pub fn alias(&self, name: &str) -> Option<&'a str> {
        self.root.child("aliases")?.str_property(name)
    }

    /// The node at `path`: absolute (`/soc/serial@7e201000`) or starting with an alias
    /// (`serial0`, `serial0/child`). A `:options` suffix is ignored, as Linux does for
    /// `stdout-path`. A component without `@` also matches a name with a unit address.
    pub fn find_node_by_path(&self, path: &str) -> Option<Node<'a>> {
        let path = path.split(':').next().unwrap_or(path);
        let (start, rest) = if let Some(absolute) = path.strip_prefix('/') {
            (self.root, absolute)
        } else {
            let (alias, rest) = path.split_once('/').unwrap_or((path, ""));
            let target = self.alias(alias)?.strip_prefix('/')?;
            (self.walk(self.root, target)?, rest)
        };
        self.walk(start, rest)
    }

    /// Follows `/`-separated components from `node` (empty components are skipped).
    fn walk(&self, node: Node<'a>, relative: &str) -> Option<Node<'a>> {
        relative
            .split('/')
            .filter(|c| !c.is_empty())
            .try_fold(node, |node, c| node.child(c))
    }

    /// The node whose `phandle` (or legacy `linux,phandle`) is `phandle`.
    pub fn find_node_by_phandle(&self, phandle: u32) -> Option<Node<'a>> {
        self.nodes()
            .map(|(_, node)| node)
            .find(|node| node_phandle(node) == Some(phandle))
    }
}

/// A node's `phandle` or `linux,phandle`.
pub fn node_phandle(node: &Node<'_>) -> Option<u32> {
    node.property("phandle")
        .or_else(|| node.property("linux,phandle"))
        .and_then(|p| p.as_u32())
}

/// Iterator over all nodes with their depth.
#[derive(Clone, Debug)]
pub struct AllNodes<'a> {
    blocks: Blocks<'a>,
    tokens: TokenIter<'a>,
    depth: usize,
}

impl<'a> Iterator for AllNodes<'a> {
    type Item = (usize, Node<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.tokens.next()? {
                (offset, Token::BeginNode(_)) => {
                    let depth = self.depth;
                    self.depth += 1;
                    return Node::at(self.blocks, offset).map(|node| (depth, node));
                }
                (_, Token::EndNode) => {
                    self.depth = self.depth.checked_sub(1)?;
                    if self.depth == 0 {
                        // The root closed: later tokens are NOPs and END.
                        return None;
                    }
                }
                _ => continue,
            }
        }
    }
}

/// The reservation entries before the terminator (size 0), which must lie inside the blob.
fn reservation_entries(blob: &[u8], offset: usize) -> Result<&[u8], DtbError> {
    let entries = blob.get(offset..).unwrap_or(&[]);
    for (index, entry) in entries.chunks_exact(RESERVATION_ENTRY_SIZE).enumerate() {
        if be_u64(entry, 8) == Some(0) {
            return Ok(entries.get(..index * RESERVATION_ENTRY_SIZE).unwrap_or(&[]));
        }
    }
    Err(DtbError::UnterminatedReservations)
}

/// Walks every token once; returns the root node's offset.
fn validate_structure(blocks: Blocks<'_>) -> Result<usize, DtbError> {
    let mut offset = 0;
    let mut depth = 0usize;
    let mut root = None;
    loop {
        let malformed = |problem| DtbError::Malformed { offset, problem };
        let (token, next) = read_token(blocks, offset).map_err(malformed)?;
        match token {
            Token::BeginNode(_) => {
                if depth == 0 {
                    if root.is_some() {
                        return Err(malformed(Malformation::SecondRoot));
                    }
                    root = Some(offset);
                }
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(DtbError::TooDeep { limit: MAX_DEPTH });
                }
            }
            Token::EndNode => {
                depth = depth
                    .checked_sub(1)
                    .ok_or_else(|| malformed(Malformation::UnbalancedEndNode))?;
            }
            Token::Property(_) if depth == 0 => {
                return Err(malformed(Malformation::PropertyOutsideNode))
            }
            Token::Property(_) | Token::Nop => {}
            Token::End => {
                if depth != 0 {
                    return Err(malformed(Malformation::EndInsideNode { open: depth }));
                }
                return root.ok_or_else(|| malformed(Malformation::NoRoot));
            }
        }
        offset = next;
    }
}
