//! `sysinfo(info)`: `struct sysinfo` as arm64 lays it out (112 bytes, `mem_unit` 1).

use crate::args::UserPtr;
use crate::context::SyscallContext;
use crate::process::SystemInfo;
use kernel_core::Errno;

/// `sizeof(struct sysinfo)` on a 64-bit kernel.
pub const SYSINFO_SIZE: usize = 112;

/// The bytes of `struct sysinfo` for `info`.
pub fn sysinfo_bytes(info: &SystemInfo) -> [u8; SYSINFO_SIZE] {
    let mut out = [0u8; SYSINFO_SIZE];
    out[0..8].copy_from_slice(&info.uptime_secs.to_le_bytes());
    for (index, load) in info.loads.iter().enumerate() {
        out[8 + index * 8..16 + index * 8].copy_from_slice(&load.to_le_bytes());
    }
    out[32..40].copy_from_slice(&info.total_ram.to_le_bytes());
    out[40..48].copy_from_slice(&info.free_ram.to_le_bytes());
    out[80..82].copy_from_slice(&info.procs.to_le_bytes());
    out[104..108].copy_from_slice(&1u32.to_le_bytes());
    out
}

/// `sysinfo(info)`.
pub fn sysinfo(ctx: &dyn SyscallContext, info: UserPtr<u8>) -> Result<usize, Errno> {
    let calls = ctx.process_calls().ok_or(Errno::ENOSYS)?;
    let bytes = sysinfo_bytes(&calls.sysinfo());
    ctx.user().copy_out(info.addr, &bytes)?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_sit_at_the_arm64_offsets() {
        let info = SystemInfo {
            uptime_secs: 7,
            loads: [1, 2, 3],
            total_ram: 512 << 20,
            free_ram: 100 << 20,
            procs: 9,
        };
        let bytes = sysinfo_bytes(&info);
        assert_eq!(bytes[0], 7);
        assert_eq!(bytes[24], 3);
        assert_eq!(
            u64::from_le_bytes(bytes[32..40].try_into().unwrap()),
            512 << 20
        );
        assert_eq!(bytes[80], 9);
        assert_eq!(bytes[104], 1);
    }
}
