//! Multi-cell numbers: `reg` entries and `ranges` triples with their `#...-cells` widths.

use crate::header::be_u32;

/// The most cells one number may take here: 64-bit addresses and sizes.
pub const MAX_NUMBER_CELLS: u32 = 2;

/// Reads a number of `cells` cells (0, 1 or 2) at `at` bytes into `bytes`.
pub fn read_number(bytes: &[u8], at: usize, cells: u32) -> Option<u64> {
    match cells {
        0 => Some(0),
        1 => be_u32(bytes, at).map(u64::from),
        2 => Some((u64::from(be_u32(bytes, at)?) << 32) | u64::from(be_u32(bytes, at + 4)?)),
        _ => None,
    }
}

/// Why a list of cell groups cannot be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellsProblem {
    /// A `#...-cells` value beyond [`MAX_NUMBER_CELLS`] (or 0 address cells).
    UnsupportedWidth,
    /// The property length is not a whole number of groups.
    PartialEntry,
}

impl CellsProblem {
    /// A short explanation for error messages.
    pub fn describe(self) -> &'static str {
        match self {
            CellsProblem::UnsupportedWidth => "its parent's #address-cells or #size-cells is not supported (address 1-2 cells, size 0-2)",
            CellsProblem::PartialEntry => "its length is not a whole number of (address, size) entries",
        }
    }
}

/// The `(address, size)` entries of a `reg` value.
pub fn reg_entries(
    value: &[u8],
    address_cells: u32,
    size_cells: u32,
) -> Result<impl Iterator<Item = (u64, u64)> + '_, CellsProblem> {
    if !(1..=MAX_NUMBER_CELLS).contains(&address_cells) || size_cells > MAX_NUMBER_CELLS {
        return Err(CellsProblem::UnsupportedWidth);
    }
    let entry_size = ((address_cells + size_cells) * 4) as usize;
    if !value.len().is_multiple_of(entry_size) {
        return Err(CellsProblem::PartialEntry);
    }
    let address_size = (address_cells * 4) as usize;
    Ok(value.chunks_exact(entry_size).filter_map(move |entry| {
        Some((
            read_number(entry, 0, address_cells)?,
            read_number(entry, address_size, size_cells)?,
        ))
    }))
}

/// One `ranges` triple: child bus address, parent bus address, length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    /// Address on the child bus.
    pub child: u64,
    /// Address on the parent bus.
    pub parent: u64,
    /// Length of the window.
    pub size: u64,
}

impl Range {
    /// Maps `address` from the child bus to the parent bus, if the window covers it.
    pub fn translate(&self, address: u64) -> Option<u64> {
        let offset = address.checked_sub(self.child)?;
        if offset < self.size {
            self.parent.checked_add(offset)
        } else {
            None
        }
    }
}

/// The triples of a `ranges` value.
pub fn range_entries(
    value: &[u8],
    child_cells: u32,
    parent_cells: u32,
    size_cells: u32,
) -> Result<impl Iterator<Item = Range> + '_, CellsProblem> {
    let supported = |cells| (1..=MAX_NUMBER_CELLS).contains(&cells);
    if !supported(child_cells) || !supported(parent_cells) || !supported(size_cells) {
        return Err(CellsProblem::UnsupportedWidth);
    }
    let entry_size = ((child_cells + parent_cells + size_cells) * 4) as usize;
    if !value.len().is_multiple_of(entry_size) {
        return Err(CellsProblem::PartialEntry);
    }
    let parent_at = (child_cells * 4) as usize;
    let size_at = parent_at + (parent_cells * 4) as usize;
    Ok(value.chunks_exact(entry_size).filter_map(move |entry| {
        Some(Range {
            child: read_number(entry, 0, child_cells)?,
            parent: read_number(entry, parent_at, parent_cells)?,
            size: read_number(entry, size_at, size_cells)?,
        })
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(words: &[u32]) -> std::vec::Vec<u8> {
        words.iter().flat_map(|w| w.to_be_bytes()).collect()
    }

    #[test]
    fn reg_with_two_and_one_cells() {
        let value = cells(&[0x1, 0x2000_0000, 0x1000, 0x0, 0x4000_0000, 0x20]);
        let entries: std::vec::Vec<_> = reg_entries(&value, 2, 1).expect("well formed").collect();
        assert_eq!(entries, [(0x1_2000_0000, 0x1000), (0x4000_0000, 0x20)]);
    }

    #[test]
    fn reg_rejects_partial_and_wide() {
        let value = cells(&[1, 2, 3]);
        assert_eq!(
            reg_entries(&value, 1, 1).err(),
            Some(CellsProblem::PartialEntry)
        );
        assert_eq!(
            reg_entries(&value, 3, 0).err(),
            Some(CellsProblem::UnsupportedWidth)
        );
        assert_eq!(
            reg_entries(&value, 0, 1).err(),
            Some(CellsProblem::UnsupportedWidth)
        );
        assert_eq!(reg_entries(&value, 1, 0).map(|e| e.count()).ok(), Some(3));
    }

    #[test]
    fn ranges_translate_inside_the_window_only() {
        // Raspberry Pi 4 /soc: <child(1) parent(2) size(1)>.
        let value = cells(&[0x7e00_0000, 0x0, 0xfe00_0000, 0x180_0000]);
        let range = range_entries(&value, 1, 2, 1)
            .expect("well formed")
            .next()
            .expect("one range");
        assert_eq!(range.translate(0x7e20_1000), Some(0xfe20_1000));
        assert_eq!(range.translate(0x7f80_0000), None);
        assert_eq!(range.translate(0x7dff_ffff), None);
        let huge = Range {
            child: 0,
            parent: u64::MAX,
            size: 16,
        };
        assert_eq!(huge.translate(1), None);
    }
}
