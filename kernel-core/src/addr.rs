//! Typed addresses: physical, kernel-virtual and user-virtual never mix by accident.

use core::fmt;

macro_rules! address_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        #[repr(transparent)]
        pub struct $name(pub u64);

        impl $name {
            /// Wraps a raw address.
            pub const fn new(raw: u64) -> Self {
                Self(raw)
            }
            /// The raw address.
            pub const fn as_u64(self) -> u64 {
                self.0
            }
            /// The raw address as a `usize`.
            pub const fn as_usize(self) -> usize {
                self.0 as usize
            }
            /// Rounds down to a multiple of `align` (a power of two).
            pub const fn align_down(self, align: u64) -> Self {
                Self(self.0 & !(align - 1))
            }
            /// Rounds up to a multiple of `align` (a power of two); `None` on overflow.
            pub const fn checked_align_up(self, align: u64) -> Option<Self> {
                match self.0.checked_add(align - 1) {
                    Some(sum) => Some(Self(sum & !(align - 1))),
                    None => None,
                }
            }
            /// Whether the address is a multiple of `align` (a power of two).
            pub const fn is_aligned(self, align: u64) -> bool {
                self.0 & (align - 1) == 0
            }
            /// Adds a byte offset; `None` on overflow.
            pub const fn checked_add(self, bytes: u64) -> Option<Self> {
                match self.0.checked_add(bytes) {
                    Some(sum) => Some(Self(sum)),
                    None => None,
                }
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({:#x})"), self.0)
            }
        }

        impl fmt::LowerHex for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::LowerHex::fmt(&self.0, f)
            }
        }
    };
}

address_type!(
    /// A physical (bus) address, as the DTB and DMA engines see memory.
    PhysAddr
);
address_type!(
    /// A kernel virtual address, in the upper (TTBR1) half.
    VirtAddr
);
address_type!(
    /// An address in a user process's lower (TTBR0) half; never dereferenced directly.
    UserAddr
);

/// A half-open physical range `[start, start + size)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PhysRange {
    /// First byte.
    pub start: PhysAddr,
    /// Length in bytes.
    pub size: u64,
}

impl PhysRange {
    /// Builds a range.
    pub const fn new(start: u64, size: u64) -> Self {
        Self {
            start: PhysAddr(start),
            size,
        }
    }
    /// One past the last byte (saturating).
    pub const fn end(&self) -> u64 {
        self.start.0.saturating_add(self.size)
    }
    /// Whether the two ranges share a byte.
    pub const fn overlaps(&self, other: &PhysRange) -> bool {
        self.start.0 < other.end() && other.start.0 < self.end()
    }
    /// Whether `addr` lies inside.
    pub const fn contains(&self, addr: u64) -> bool {
        addr >= self.start.0 && addr < self.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alignment_helpers() {
        let a = PhysAddr::new(0x4020_1234);
        assert_eq!(a.align_down(0x1000), PhysAddr::new(0x4020_1000));
        assert_eq!(a.checked_align_up(0x1000), Some(PhysAddr::new(0x4020_2000)));
        assert!(!a.is_aligned(0x1000));
        assert_eq!(PhysAddr::new(u64::MAX).checked_align_up(0x1000), None);
    }

    #[test]
    fn ranges_overlap_and_contain() {
        let r = PhysRange::new(0x1000, 0x1000);
        assert!(r.contains(0x1fff));
        assert!(!r.contains(0x2000));
        assert!(r.overlaps(&PhysRange::new(0x1800, 0x10)));
        assert!(!r.overlaps(&PhysRange::new(0x2000, 0x10)));
        assert_eq!(PhysRange::new(u64::MAX - 1, 10).end(), u64::MAX);
    }
}
