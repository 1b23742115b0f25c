//! Turning the machine off or over (`reboot(2)`): PSCI `SYSTEM_OFF` and `SYSTEM_RESET` where
//! the firmware offers them; a halt of the calling CPU otherwise, as Linux falls back to when
//! it has no power-off method.

use abi_linux::misc::RebootAction;
use kernel_core::arch::aarch64::{exception, psci};
use kernel_core::Errno;

/// Carries out `action`; returns only `ENOSYS` for a restart the firmware cannot do.
pub fn reboot(action: RebootAction) -> Result<(), Errno> {
    let conduit = crate::kernel::get().and_then(|kernel| kernel.psci);
    match (action, conduit) {
        (RebootAction::PowerOff, Some(conduit)) => {
            log::info!("reboot: Power down");
            let refused = psci::system_off(conduit);
            log::error!("reboot: the firmware refused to power off ({refused:?}); halting");
            halt()
        }
        (RebootAction::Restart, Some(conduit)) => {
            log::info!("reboot: Restarting system");
            let refused = psci::system_reset(conduit);
            log::error!("reboot: the firmware refused to restart ({refused:?})");
            Err(Errno::ENOSYS)
        }
        (RebootAction::Restart, None) => Err(Errno::ENOSYS),
        (RebootAction::Halt | RebootAction::PowerOff, _) => halt(),
    }
}

/// Stops the calling CPU for good, interrupts masked. The other CPUs go on with what they run
/// (there is no stop-all interrupt yet), which with `init` waiting here is nothing new.
fn halt() -> ! {
    log::info!("reboot: System halted");
    exception::halt()
}
