//! Starting user space: the root file system from the initramfs, then `rdinit=` (default
//! `/init`) as PID 1 with the arguments and environment Linux would give it.

use alloc::string::ToString;
use alloc::sync::Arc;
use alloc::vec::Vec;
use kernel_core::cmdline::CommandLine;
use kernel_core::layout::phys_to_linear;
use kernel_core::platform::PlatformInfo;
use kernel_core::services::chardev::CharDevice;

/// Builds the root file system and execs init; problems are reported, never fatal to the
/// kernel (Linux would go on to mount a root device, which Lichen does not have yet).
pub fn start(platform: &PlatformInfo, cmdline: &CommandLine<'_>, console: &'static dyn CharDevice) {
    let initramfs = platform.initrd.map(|range| {
        // SAFETY: the initrd lies in RAM, is excluded from the frame allocator and is mapped
        // in the linear map; nothing writes it.
        unsafe {
            core::slice::from_raw_parts(
                phys_to_linear(range.start.as_u64()) as *const u8,
                range.size as usize,
            )
        }
    });
    let seed = boot_seed();
    let console: Arc<dyn CharDevice> = Arc::new(vfs::StaticCharDevice(console));
    if let Err(error) = crate::rootfs::init(initramfs, console, platform.memory_bytes(), seed) {
        return log::error!("root file system: {error}");
    }
    crate::terminal::install_devices(crate::rootfs::vfs());
    if initramfs.is_none() {
        return log::info!("no initramfs: nothing to run");
    }
    let path = cmdline.rdinit.unwrap_or("/init");
    let mut argv: Vec<Vec<u8>> = alloc::vec![path.as_bytes().to_vec()];
    argv.extend(
        cmdline
            .init_args
            .iter()
            .map(|param| param.to_string().into_bytes()),
    );
    let mut envp: Vec<Vec<u8>> = alloc::vec![b"HOME=/".to_vec(), b"TERM=linux".to_vec()];
    envp.extend(
        cmdline
            .init_env
            .iter()
            .map(|param| param.to_string().into_bytes()),
    );
    log::info!("running {path} as init");
    let pid = match crate::process::table::init(platform.memory_bytes()) {
        Ok(pid) => pid,
        Err(error) => return log::error!("process table: {error}"),
    };
    crate::procfs_source::init(&platform.bootargs, platform.memory_bytes());
    if let Err(error) = crate::exec::spawn_init(pid, path.as_bytes(), argv, envp) {
        log::error!("cannot run {path}: {error}");
    }
}

/// Seed for the kernel's random generator: the counter's low bits at boot, whitened by the
/// generator. (The DTB's `/chosen/rng-seed` is the better source; see docs.)
fn boot_seed() -> [u8; 32] {
    let mut seed = [0u8; 32];
    let now = kernel_core::services::time::TimeService::uptime_ns(crate::kernel::time());
    seed[..8].copy_from_slice(&now.to_le_bytes());
    seed
}
