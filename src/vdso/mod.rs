//! The vDSO: `linux-vdso.so.1` (built from `src/vdso/user/` by `build.rs`) and its data page,
//! mapped into every new program so that glibc's `clock_gettime` and `gettimeofday` read the
//! counter in user space, as on Linux. `AT_SYSINFO_EHDR` tells the program where it is.
//!
//! The data page holds values fixed once the wall clock is read at boot (the counter's zero and
//! frequency, the wall clock's offset), so every program gets a private copy taken at exec.
//! Nothing sets the wall clock after boot yet (`Timers::set_realtime` has no system call);
//! the day one does (`clock_settime`), the page must become one shared frame with a sequence
//! count, or running programs would keep the old time.

use crate::memory::bytes_source::BytesSource;
use alloc::sync::Arc;
use alloc::vec::Vec;
use kernel_core::services::mm::{FileBacking, MapFlags, Prot, UserSpace};
use kernel_core::{Errno, UserAddr};
use mm::uspace::layout::PAGE_BYTES;

/// The linked vDSO image.
static IMAGE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/vdso.so"));

/// Pages the image spans.
const IMAGE_PAGES: u64 = (IMAGE.len() as u64).div_ceil(PAGE_BYTES);

/// Where the image is mapped: right below the sigreturn trampoline, a fixed place top-down
/// mmap placement never hands out because the mappings are VMAs of their own.
pub const BASE: u64 = crate::exec::SIGRETURN_PAGE - IMAGE_PAGES * PAGE_BYTES;

/// The data page, one page below [`BASE`] (the image finds it there PC-relatively).
const DATA_PAGE: u64 = BASE - PAGE_BYTES;

/// The data page's layout version (`VERSION` in `user/vdso.rs`).
const DATA_VERSION: u64 = 2;

/// The data page's bytes, field for field `VdsoData` of `user/vdso.rs`: version, counter at
/// uptime zero, the tick-to-nanosecond scale (whole, fraction), nanoseconds from the epoch to
/// uptime zero.
fn data() -> Vec<u8> {
    let time = crate::kernel::time();
    let (start_counter, scale) = time.counter_base();
    let realtime_offset_ns = time.epoch_at_boot_ns();
    [
        DATA_VERSION,
        start_counter,
        scale.whole,
        scale.frac,
        realtime_offset_ns,
    ]
    .iter()
    .flat_map(|word| word.to_le_bytes())
    .collect()
}

/// Maps `bytes` privately at `address` with `prot`.
fn map(
    space: &mut dyn UserSpace,
    address: u64,
    pages: u64,
    prot: Prot,
    bytes: Vec<u8>,
) -> Result<(), Errno> {
    let backing = FileBacking {
        source: Arc::new(BytesSource(bytes)),
        file_bytes: None,
    };
    space.mmap(
        UserAddr::new(address),
        pages * PAGE_BYTES,
        prot,
        MapFlags::PRIVATE | MapFlags::FIXED,
        0,
        Some(backing),
    )?;
    Ok(())
}

/// Maps the data page and the vDSO into a new address space; returns the vDSO's base, the
/// value of `AT_SYSINFO_EHDR`.
pub fn map_into(space: &mut dyn UserSpace) -> Result<u64, Errno> {
    map(space, DATA_PAGE, 1, Prot::READ, data())?;
    map(
        space,
        BASE,
        IMAGE_PAGES,
        Prot::READ | Prot::EXEC,
        IMAGE.to_vec(),
    )?;
    Ok(BASE)
}
