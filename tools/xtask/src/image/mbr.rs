//! A master boot record with one partition: U-Boot's distro boot needs a partition table.

/// Bytes per sector.
pub const SECTOR_BYTES: u64 = 512;

/// The first sector of the partition: 1 MiB in, as partitioning tools align it.
pub const FIRST_SECTOR: u64 = 2048;

/// MBR partition type 0x0C: FAT32 with LBA addressing.
pub const TYPE_FAT32_LBA: u8 = 0x0c;

/// The disk signature (`LICH`), so the disk has a stable identity.
const DISK_SIGNATURE: u32 = 0x4843_494c;

/// Why a partition cannot be described by an MBR.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MbrError {
    /// An MBR counts sectors in 32 bits.
    #[error("a partition of {0} sectors does not fit an MBR (at most 2^32 - 1 sectors)")]
    TooLarge(u64),
}

/// The boot sector of a disk whose only partition, bootable and of type `partition_type`,
/// starts at [`FIRST_SECTOR`] and is `sector_count` sectors long. CHS fields hold the
/// "use LBA" marker (0xFE 0xFF 0xFF).
pub fn single_partition(sector_count: u64, partition_type: u8) -> Result<[u8; 512], MbrError> {
    let start = u32::try_from(FIRST_SECTOR).map_err(|_| MbrError::TooLarge(sector_count))?;
    let count = u32::try_from(sector_count)
        .ok()
        .filter(|count| count.checked_add(start).is_some())
        .ok_or(MbrError::TooLarge(sector_count))?;
    let mut sector = [0u8; 512];
    sector[440..444].copy_from_slice(&DISK_SIGNATURE.to_le_bytes());
    let entry = &mut sector[446..462];
    entry[0] = 0x80; // bootable: distro boot scans bootable partitions first
    entry[1..4].copy_from_slice(&[0xfe, 0xff, 0xff]);
    entry[4] = partition_type;
    entry[5..8].copy_from_slice(&[0xfe, 0xff, 0xff]);
    entry[8..12].copy_from_slice(&start.to_le_bytes());
    entry[12..16].copy_from_slice(&count.to_le_bytes());
    sector[510] = 0x55;
    sector[511] = 0xaa;
    Ok(sector)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bootable_lba_partition_after_the_first_mebibyte() {
        let sector = single_partition(65536, TYPE_FAT32_LBA).expect("mbr");
        assert_eq!(&sector[510..], &[0x55, 0xaa]);
        assert_eq!(sector[446], 0x80);
        assert_eq!(sector[450], 0x0c);
        assert_eq!(
            u32::from_le_bytes([sector[454], sector[455], sector[456], sector[457]]),
            2048
        );
        assert_eq!(
            u32::from_le_bytes([sector[458], sector[459], sector[460], sector[461]]),
            65536
        );
        assert!(
            sector[462..510].iter().all(|&byte| byte == 0),
            "one entry only"
        );
    }

    #[test]
    fn a_partition_beyond_32_bits_is_refused() {
        assert_eq!(
            single_partition(1 << 32, TYPE_FAT32_LBA),
            Err(MbrError::TooLarge(1 << 32))
        );
        assert!(single_partition(u64::from(u32::MAX) - 2048, TYPE_FAT32_LBA).is_ok());
        assert!(single_partition(u64::from(u32::MAX) - 2047, TYPE_FAT32_LBA).is_err());
    }
}
