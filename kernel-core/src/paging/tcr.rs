//! The TCR_EL1 value for Lichen's translation regime: 48-bit VA both halves, 4 KiB granules.

/// The physical address size the tables may output, i.e. TCR_EL1.IPS.
///
/// The 4 KiB-granule descriptors Lichen writes hold 48 output-address bits (no FEAT_LPA2), so
/// 48 bits is the largest size offered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhysAddrSize {
    /// 32 bits, 4 GiB.
    Bits32,
    /// 36 bits, 64 GiB.
    Bits36,
    /// 40 bits, 1 TiB.
    Bits40,
    /// 42 bits, 4 TiB.
    Bits42,
    /// 44 bits, 16 TiB.
    Bits44,
    /// 48 bits, 256 TiB.
    Bits48,
}

impl PhysAddrSize {
    /// Reads ID_AA64MMFR0_EL1.PARange (bits `[3:0]`, same encoding as IPS). A 52-bit CPU is
    /// used with 48 bits; unknown encodings give `None`.
    pub const fn from_parange(parange: u64) -> Option<Self> {
        match parange & 0xf {
            0b0000 => Some(PhysAddrSize::Bits32),
            0b0001 => Some(PhysAddrSize::Bits36),
            0b0010 => Some(PhysAddrSize::Bits40),
            0b0011 => Some(PhysAddrSize::Bits42),
            0b0100 => Some(PhysAddrSize::Bits44),
            0b0101 | 0b0110 => Some(PhysAddrSize::Bits48),
            _ => None,
        }
    }

    /// The number of address bits.
    pub const fn bits(self) -> u32 {
        match self {
            PhysAddrSize::Bits32 => 32,
            PhysAddrSize::Bits36 => 36,
            PhysAddrSize::Bits40 => 40,
            PhysAddrSize::Bits42 => 42,
            PhysAddrSize::Bits44 => 44,
            PhysAddrSize::Bits48 => 48,
        }
    }

    /// The 3-bit IPS field encoding.
    pub const fn ips(self) -> u64 {
        match self {
            PhysAddrSize::Bits32 => 0b000,
            PhysAddrSize::Bits36 => 0b001,
            PhysAddrSize::Bits40 => 0b010,
            PhysAddrSize::Bits42 => 0b011,
            PhysAddrSize::Bits44 => 0b100,
            PhysAddrSize::Bits48 => 0b101,
        }
    }
}

/// TnSZ for a 48-bit half: the region size is 2^(64 - 16).
pub const TCR_TXSZ_48_BIT: u64 = 16;
/// IRGNn/ORGNn = 0b01: table walks are Normal Write-Back, read- and write-allocate.
pub const TCR_WALK_WRITE_BACK: u64 = 0b01;
/// SHn = 0b11: table walks are Inner Shareable.
pub const TCR_WALK_INNER_SHAREABLE: u64 = 0b11;
/// TG0 = 0b00: 4 KiB granule for TTBR0.
pub const TCR_TG0_4K: u64 = 0b00;
/// TG1 = 0b10: 4 KiB granule for TTBR1 (TG1 encodes granules differently from TG0).
pub const TCR_TG1_4K: u64 = 0b10;

/// AS (bit 36): 16-bit ASIDs. boot.S adds it to [`tcr_el1`]'s value when
/// ID_AA64MMFR0_EL1.ASIDBits (bits [7:4]) is 0b0010.
pub const TCR_AS_16_BIT: u64 = 1 << 36;

/// The ASID width a TCR_EL1 value selects: 16 with AS set, else 8.
pub const fn asid_bits(tcr: u64) -> u32 {
    if tcr & TCR_AS_16_BIT != 0 {
        16
    } else {
        8
    }
}

/// The TCR_EL1 value: T0SZ = T1SZ = 16 (48-bit halves), 4 KiB granules, Inner Shareable
/// Write-Back write-allocate table walks for both halves, IPS = `pa_size`, ASIDs taken from
/// TTBR0 (A1 = 0; AS = 0 here, set at boot where 16-bit ASIDs exist), both halves walked (EPD0 = EPD1 = 0), no top-byte-ignore and no
/// hardware Access/Dirty flag management.
pub const fn tcr_el1(pa_size: PhysAddrSize) -> u64 {
    TCR_TXSZ_48_BIT // T0SZ [5:0]
        | (TCR_WALK_WRITE_BACK << 8) // IRGN0 [9:8]
        | (TCR_WALK_WRITE_BACK << 10) // ORGN0 [11:10]
        | (TCR_WALK_INNER_SHAREABLE << 12) // SH0 [13:12]
        | (TCR_TG0_4K << 14) // TG0 [15:14]
        | (TCR_TXSZ_48_BIT << 16) // T1SZ [21:16]
        | (TCR_WALK_WRITE_BACK << 24) // IRGN1 [25:24]
        | (TCR_WALK_WRITE_BACK << 26) // ORGN1 [27:26]
        | (TCR_WALK_INNER_SHAREABLE << 28) // SH1 [29:28]
        | (TCR_TG1_4K << 30) // TG1 [31:30]
        | (pa_size.ips() << 32) // IPS [34:32]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Extracts `width` bits of `value` starting at bit `low`.
    fn field(value: u64, low: u32, width: u32) -> u64 {
        (value >> low) & ((1 << width) - 1)
    }

    #[test]
    fn tcr_fields_sit_where_the_arm_arm_puts_them() {
        let tcr = tcr_el1(PhysAddrSize::Bits40);
        assert_eq!(field(tcr, 0, 6), 16, "T0SZ");
        assert_eq!(field(tcr, 7, 1), 0, "EPD0");
        assert_eq!(field(tcr, 8, 2), 0b01, "IRGN0");
        assert_eq!(field(tcr, 10, 2), 0b01, "ORGN0");
        assert_eq!(field(tcr, 12, 2), 0b11, "SH0");
        assert_eq!(field(tcr, 14, 2), 0b00, "TG0 = 4 KiB");
        assert_eq!(field(tcr, 16, 6), 16, "T1SZ");
        assert_eq!(field(tcr, 22, 1), 0, "A1");
        assert_eq!(field(tcr, 23, 1), 0, "EPD1");
        assert_eq!(field(tcr, 24, 2), 0b01, "IRGN1");
        assert_eq!(field(tcr, 26, 2), 0b01, "ORGN1");
        assert_eq!(field(tcr, 28, 2), 0b11, "SH1");
        assert_eq!(field(tcr, 30, 2), 0b10, "TG1 = 4 KiB");
        assert_eq!(field(tcr, 32, 3), 0b010, "IPS = 40 bits");
        assert_eq!(tcr >> 35, 0, "AS, TBI, HA, HD and above all clear");
        // The whole value, assembled by hand from the fields above.
        assert_eq!(tcr, 0x0000_0002_B510_3510);
    }

    #[test]
    fn asid_width_follows_tcr_as() {
        assert_eq!(asid_bits(tcr_el1(PhysAddrSize::Bits40)), 8);
        assert_eq!(asid_bits(tcr_el1(PhysAddrSize::Bits40) | TCR_AS_16_BIT), 16);
        assert_eq!(field(TCR_AS_16_BIT, 36, 1), 1, "AS");
    }

    #[test]
    fn ips_follows_the_pa_size() {
        let ips = |size| field(tcr_el1(size), 32, 3);
        assert_eq!(ips(PhysAddrSize::Bits32), 0b000);
        assert_eq!(ips(PhysAddrSize::Bits36), 0b001);
        assert_eq!(ips(PhysAddrSize::Bits44), 0b100);
        assert_eq!(ips(PhysAddrSize::Bits48), 0b101);
    }

    #[test]
    fn parange_decodes_and_clamps_52_bits() {
        assert_eq!(
            PhysAddrSize::from_parange(0b0010),
            Some(PhysAddrSize::Bits40)
        );
        assert_eq!(
            PhysAddrSize::from_parange(0b0101).map(PhysAddrSize::bits),
            Some(48)
        );
        assert_eq!(
            PhysAddrSize::from_parange(0b0110),
            Some(PhysAddrSize::Bits48)
        );
        assert_eq!(PhysAddrSize::from_parange(0b0111), None);
        // Only PARange's own four bits count.
        assert_eq!(PhysAddrSize::from_parange(0xf0), Some(PhysAddrSize::Bits32));
    }
}
