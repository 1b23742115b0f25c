//! Finding the device tree the boot loader passed in x0.

use core::fmt;
use kernel_core::layout::phys_to_linear;

/// Why there is no device tree to read.
#[derive(Debug)]
pub enum DtbLocateError {
    /// x0 was zero.
    Missing,
    /// The pointer is not 8-byte aligned, as the boot protocol requires.
    Misaligned(u64),
    /// Outside the first 512 GiB the boot tables map.
    Unreachable(u64),
    /// The header did not validate.
    Header(devicetree::DtbError),
}

impl fmt::Display for DtbLocateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing => write!(f, "no device tree was passed (x0 = 0)"),
            Self::Misaligned(at) => write!(f, "device tree at {at:#x} is not 8-byte aligned"),
            Self::Unreachable(at) => write!(f, "device tree at {at:#x} is beyond the boot map"),
            Self::Header(error) => write!(f, "{error}"),
        }
    }
}

/// The DTB as a byte slice, after its header has been checked.
pub fn locate(dtb_phys: u64) -> Result<&'static [u8], DtbLocateError> {
    if dtb_phys == 0 {
        return Err(DtbLocateError::Missing);
    }
    if !dtb_phys.is_multiple_of(8) {
        return Err(DtbLocateError::Misaligned(dtb_phys));
    }
    if dtb_phys >= 512 << 30 {
        return Err(DtbLocateError::Unreachable(dtb_phys));
    }
    let base = phys_to_linear(dtb_phys) as *const u8;
    // SAFETY: the boot tables map the GiB holding the DTB as Normal memory; the header is 40
    // bytes, 8-byte aligned, read-only from here on.
    let header = unsafe { core::slice::from_raw_parts(base, devicetree::HEADER_SIZE) };
    let total = devicetree::validate_header(header)
        .map_err(DtbLocateError::Header)?
        .total_size;
    // SAFETY: `validate_header` bounds `total` to at most 2 MiB, and the boot tables map the
    // GiBs holding both `dtb_phys` and `dtb_phys + 2 MiB` as Normal memory; the boot loader
    // hands the DTB over and nothing writes it.
    Ok(unsafe { core::slice::from_raw_parts(base, total) })
}
