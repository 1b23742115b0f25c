//! What can be wrong with a device tree, in words a board owner can act on.

use core::fmt;

/// A node name as quoted in an error message (cut at [`NodeName`]'s capacity).
pub type NodeName = heapless::String<64>;

/// Copies `name` into a [`NodeName`], cutting it at a character boundary if it is too long.
pub(crate) fn node_name(name: &str) -> NodeName {
    let mut out = NodeName::new();
    for ch in name.chars() {
        if out.push(ch).is_err() {
            break;
        }
    }
    if name.is_empty() {
        // The root node has an empty name; "/" is what people call it.
        let _ = out.push('/');
    }
    out
}

/// Which block of the blob a header offset points to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Block {
    /// The structure block (nodes and properties).
    Structure,
    /// The strings block (property names).
    Strings,
    /// The memory reservation block (`/memreserve/` entries).
    MemoryReservation,
}

impl fmt::Display for Block {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Block::Structure => "structure",
            Block::Strings => "strings",
            Block::MemoryReservation => "memory reservation",
        })
    }
}

/// How the structure block is broken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Malformation {
    /// A token word that is none of BEGIN_NODE, END_NODE, PROP, NOP, END.
    #[error("unknown token {0:#x}")]
    UnknownToken(u32),
    /// The block ends before the END token.
    #[error("the structure block ends without an end token")]
    MissingEnd,
    /// A node name has no terminating NUL inside the block.
    #[error("a node name runs past the end of the structure block")]
    UnterminatedNodeName,
    /// A node or property name is not UTF-8.
    #[error("a node or property name is not valid text")]
    NameNotText,
    /// A property's length runs past the block.
    #[error("a property of {length} bytes runs past the end of the structure block")]
    PropertyPastEnd {
        /// The length the property header claims.
        length: u32,
    },
    /// A property's name offset points outside the strings block.
    #[error(
        "a property name offset {name_offset:#x} is outside the {strings_size}-byte strings block"
    )]
    NameOffsetOutOfRange {
        /// The offset in the property header.
        name_offset: u32,
        /// Size of the strings block.
        strings_size: usize,
    },
    /// A property name has no terminating NUL inside the strings block.
    #[error("a property name runs past the end of the strings block")]
    UnterminatedPropertyName,
    /// A property appears before any node was opened.
    #[error("a property appears outside any node")]
    PropertyOutsideNode,
    /// An END_NODE closes a node that was never opened.
    #[error("a node is closed that was never opened")]
    UnbalancedEndNode,
    /// The END token arrives while nodes are still open.
    #[error("the end token arrives while {open} node(s) are still open")]
    EndInsideNode {
        /// How many nodes are still open.
        open: usize,
    },
    /// A second top-level node follows the root.
    #[error("a second root node follows the first")]
    SecondRoot,
    /// The block holds no node at all.
    #[error("there is no root node")]
    NoRoot,
}

/// Why a device tree could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DtbError {
    /// The boot loader passed address 0.
    #[error("the boot loader passed no device tree (its address is 0)")]
    NullAddress,
    /// The DTB is not on an 8-byte boundary (Linux arm64 boot protocol).
    #[error("the device tree at {address:#x} is not on an 8-byte boundary, as the arm64 boot protocol requires")]
    Misaligned {
        /// The address the boot loader passed.
        address: usize,
    },
    /// Fewer bytes than the header or the header's `totalsize` asks for.
    #[error(
        "the device tree is truncated: {needed} bytes are needed but only {available} are present"
    )]
    Truncated {
        /// Bytes needed.
        needed: usize,
        /// Bytes present.
        available: usize,
    },
    /// The first word is not `0xd00dfeed`.
    #[error(
        "this is not a device tree: its first word is {found:#010x}, not the magic 0xd00dfeed"
    )]
    BadMagic {
        /// The word found (read big-endian).
        found: u32,
    },
    /// A format version this parser does not read.
    #[error("device tree format version {version} (compatible back to {last_compatible}) is not supported; Lichen reads versions 16 and 17")]
    UnsupportedVersion {
        /// The header's `version`.
        version: u32,
        /// The header's `last_comp_version`.
        last_compatible: u32,
    },
    /// `totalsize` is below the header size or above Linux's 2 MiB limit.
    #[error("the device tree header gives a total size of {size} bytes; it must be between 40 bytes and 2 MiB")]
    BadTotalSize {
        /// The header's `totalsize`.
        size: u32,
    },
    /// A block the header points to lies (partly) outside the blob or over the header.
    #[error("the device tree {block} block (offset {offset:#x}, {size} bytes) lies outside the {total_size}-byte blob")]
    BlockOutOfBounds {
        /// Which block.
        block: Block,
        /// Its offset from the header.
        offset: u32,
        /// Its size (for the memory reservation block: one entry).
        size: u32,
        /// The header's `totalsize`.
        total_size: u32,
    },
    /// The memory reservation block has no all-zero terminating entry.
    #[error("the device tree memory reservation block has no terminating entry before the end of the blob")]
    UnterminatedReservations,
    /// The structure block is corrupt.
    #[error("the device tree structure block is malformed at offset {offset:#x}: {problem}")]
    Malformed {
        /// Byte offset of the offending token inside the structure block.
        offset: usize,
        /// What is wrong there.
        problem: Malformation,
    },
    /// Nodes nest deeper than [`crate::MAX_DEPTH`].
    #[error("device tree nodes are nested more than {limit} levels deep")]
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// No usable RAM described.
    #[error("device tree has no memory node with a non-zero size")]
    NoMemory,
    /// No CPU described.
    #[error("device tree has no /cpus node with a cpu child")]
    NoCpus,
    /// More entries than a fixed-capacity table holds.
    #[error("device tree lists more {what} than Lichen can hold ({limit})")]
    TooMany {
        /// What overflowed, e.g. "memory regions".
        what: &'static str,
        /// The capacity.
        limit: usize,
    },
    /// A string longer than its fixed-capacity buffer.
    #[error("device tree {what} is longer than Lichen's limit of {limit} bytes")]
    TooLong {
        /// What is too long, e.g. "/chosen bootargs".
        what: &'static str,
        /// The capacity in bytes.
        limit: usize,
    },
    /// A property is present but unusable.
    #[error("device tree property `{property}` of node `{node}` is invalid: {problem}")]
    BadProperty {
        /// The node's name (not its full path).
        node: NodeName,
        /// The property's name.
        property: &'static str,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// The heap could not hold the device list.
    #[error("out of memory while listing device tree nodes")]
    OutOfMemory,
}

impl DtbError {
    /// Builds [`DtbError::BadProperty`] for the node called `node`.
    pub(crate) fn bad_property(node: &str, property: &'static str, problem: &'static str) -> Self {
        DtbError::BadProperty {
            node: node_name(node),
            property,
            problem,
        }
    }
}
