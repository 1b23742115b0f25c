//! Boot-time self-tests selected with `lichen.test=<name>` on the command line, used by the
//! QEMU test suite to exercise paths that need the real machine.

mod string;
mod threads;

/// A canonical upper-half address the kernel never maps (between the linear map and the image).
const UNMAPPED: u64 = 0xffff_7fff_dead_0000;

/// Runs the named test; unknown names are reported and ignored.
pub fn run(name: &str) {
    match name {
        "fault" => {
            log::info!("selftest: reading unmapped address {UNMAPPED:#x}");
            // SAFETY: deliberately unsound: the read faults, and the exception report is the
            // behaviour under test. Nothing after it runs on this CPU.
            let value = unsafe { core::ptr::read_volatile(UNMAPPED as *const u64) };
            log::error!("selftest: read of unmapped memory returned {value:#x}");
        }
        "user" => crate::user::smoke::run(),
        "threads" => threads::run(),
        "string" => string::run(),
        other => log::warn!("unknown self-test {other:?} ignored"),
    }
}
