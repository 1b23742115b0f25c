//! Descriptor bits, memory kinds and access rights, and how they encode into a leaf descriptor.

use super::{Half, MapError};
use bitflags::bitflags;

/// MAIR_EL1 attribute for index 0: Device-nGnRE.
pub const MAIR_ATTR_DEVICE_NGNRE: u64 = 0x04;
/// MAIR_EL1 attribute for index 1: Normal, inner and outer Write-Back, read- and write-allocate.
pub const MAIR_ATTR_NORMAL_WRITE_BACK: u64 = 0xff;
/// MAIR_EL1 attribute for index 2: Normal, inner and outer Non-cacheable.
pub const MAIR_ATTR_NORMAL_NON_CACHEABLE: u64 = 0x44;

/// The MAIR_EL1 value every CPU loads: attribute `i` sits in bits `[8i+7:8i]`.
pub const MAIR_EL1_VALUE: u64 = MAIR_ATTR_DEVICE_NGNRE
    | (MAIR_ATTR_NORMAL_WRITE_BACK << 8)
    | (MAIR_ATTR_NORMAL_NON_CACHEABLE << 16);

/// Bits `[47:12]` of a descriptor: the output address (table, page or block base).
pub const OUTPUT_ADDRESS_MASK: u64 = 0x0000_ffff_ffff_f000;

/// Position of the AttrIndx field, bits `[4:2]`.
pub const ATTR_INDEX_SHIFT: u32 = 2;
/// Mask of the AttrIndx field.
pub const ATTR_INDEX_MASK: u64 = 0b111 << ATTR_INDEX_SHIFT;
/// Mask of the shareability field SH, bits `[9:8]`.
pub const SHAREABILITY_MASK: u64 = 0b11 << 8;
/// SH = 0b11: Inner Shareable.
pub const SHAREABILITY_INNER: u64 = 0b11 << 8;

bitflags! {
    /// Single-bit fields of a VMSAv8-64 stage 1 descriptor (4 KiB granule). Multi-bit fields
    /// (AttrIndx, SH, the output address) have the masks defined beside this type.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct Descriptor: u64 {
        /// Bit 0: the entry is valid.
        const VALID = 1 << 0;
        /// Bit 1: set for table descriptors (levels 0-2) and pages (level 3); clear for blocks.
        const TABLE_OR_PAGE = 1 << 1;
        /// Bit 5: Non-secure output address.
        const NS = 1 << 5;
        /// Bit 6, AP[1]: EL0 may access.
        const AP_EL0 = 1 << 6;
        /// Bit 7, AP[2]: read-only at every level that may access.
        const AP_READ_ONLY = 1 << 7;
        /// Bit 10: Access Flag; clear would fault on first access.
        const AF = 1 << 10;
        /// Bit 11: not global; the TLB entry belongs to the current ASID.
        const NG = 1 << 11;
        /// Bit 52: hint that the entry is one of a contiguous, aligned run.
        const CONTIGUOUS = 1 << 52;
        /// Bit 53: privileged (EL1) execute-never.
        const PXN = 1 << 53;
        /// Bit 54: unprivileged (EL0) execute-never.
        const UXN = 1 << 54;
    }
}

/// What kind of memory a mapping shows, i.e. which MAIR_EL1 attribute index it uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MemoryKind {
    /// Ordinary RAM: Normal Write-Back, Inner Shareable (index 1).
    Normal,
    /// Device registers: Device-nGnRE (index 0); never executable.
    Device,
    /// RAM shared with non-coherent observers: Normal Non-cacheable, Inner Shareable (index 2).
    NonCacheable,
}

impl MemoryKind {
    /// The AttrIndx value selecting this kind's MAIR_EL1 attribute.
    pub const fn attr_index(self) -> u64 {
        match self {
            MemoryKind::Device => 0,
            MemoryKind::Normal => 1,
            MemoryKind::NonCacheable => 2,
        }
    }

    /// The kind an AttrIndx value selects; `None` for indices Lichen does not program.
    pub const fn from_attr_index(index: u64) -> Option<Self> {
        match index {
            0 => Some(MemoryKind::Device),
            1 => Some(MemoryKind::Normal),
            2 => Some(MemoryKind::NonCacheable),
            _ => None,
        }
    }
}

bitflags! {
    /// Access rights of a mapping. Every mapping must be readable: VMSAv8-64 stage 1 cannot
    /// express write-only or (portably) execute-only memory.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct Access: u8 {
        /// Loads allowed.
        const READ = 1 << 0;
        /// Stores allowed.
        const WRITE = 1 << 1;
        /// Instruction fetch allowed (at EL0 for user mappings, at EL1 otherwise).
        const EXECUTE = 1 << 2;
        /// EL0 (user space) may access; only in the user half.
        const USER = 1 << 3;
    }
}

impl Access {
    /// Kernel read-only data.
    pub const KERNEL_READ: Access = Access::READ;
    /// Kernel read-write data.
    pub const KERNEL_READ_WRITE: Access = Access::READ.union(Access::WRITE);
    /// Kernel code.
    pub const KERNEL_READ_EXECUTE: Access = Access::READ.union(Access::EXECUTE);
    /// User read-only data.
    pub const USER_READ: Access = Access::READ.union(Access::USER);
    /// User read-write data.
    pub const USER_READ_WRITE: Access = Access::USER_READ.union(Access::WRITE);
    /// User code.
    pub const USER_READ_EXECUTE: Access = Access::USER_READ.union(Access::EXECUTE);
}

/// The attribute bits (everything but the output address and the type bits) of a leaf that
/// maps `kind` memory with `access` rights in half `H`.
///
/// Rules: every mapping is readable; device memory is never executable; a mapping without
/// [`Access::USER`] is UXN and, if executable, not writable (W^X); a user mapping is PXN;
/// the kernel half holds no user mappings; every user-half entry is non-global.
pub fn leaf_attributes<H: Half>(kind: MemoryKind, access: Access) -> Result<u64, MapError> {
    if !access.contains(Access::READ) {
        return Err(MapError::NotReadable);
    }
    let user = access.contains(Access::USER);
    let write = access.contains(Access::WRITE);
    let execute = access.contains(Access::EXECUTE);
    if user && !H::IS_USER {
        return Err(MapError::UserInKernelHalf);
    }
    if execute && kind == MemoryKind::Device {
        return Err(MapError::ExecutableDevice);
    }
    let mut flags = Descriptor::VALID | Descriptor::AF;
    if !write {
        flags |= Descriptor::AP_READ_ONLY;
    }
    if user {
        // User memory: EL0 access, never executable by the kernel.
        flags |= Descriptor::AP_EL0 | Descriptor::PXN;
        if !execute {
            flags |= Descriptor::UXN;
        }
    } else {
        if write && execute {
            return Err(MapError::WritableExecutable);
        }
        flags |= Descriptor::UXN;
        if !execute {
            flags |= Descriptor::PXN;
        }
    }
    if H::IS_USER {
        flags |= Descriptor::NG;
    }
    let shareability = match kind {
        MemoryKind::Device => 0,
        MemoryKind::Normal | MemoryKind::NonCacheable => SHAREABILITY_INNER,
    };
    Ok(flags.bits() | (kind.attr_index() << ATTR_INDEX_SHIFT) | shareability)
}

/// Decodes the kind and access rights of a valid leaf descriptor; `None` for an AttrIndx that
/// Lichen never writes.
pub fn decode_leaf(descriptor: u64) -> Option<(MemoryKind, Access)> {
    let flags = Descriptor::from_bits_retain(descriptor);
    let kind = MemoryKind::from_attr_index((descriptor & ATTR_INDEX_MASK) >> ATTR_INDEX_SHIFT)?;
    let mut access = Access::READ;
    if !flags.contains(Descriptor::AP_READ_ONLY) {
        access |= Access::WRITE;
    }
    let user = flags.contains(Descriptor::AP_EL0);
    let execute_never = if user {
        Descriptor::UXN
    } else {
        Descriptor::PXN
    };
    if user {
        access |= Access::USER;
    }
    if !flags.contains(execute_never) {
        access |= Access::EXECUTE;
    }
    Some((kind, access))
}
