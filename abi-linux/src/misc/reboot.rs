//! `reboot(magic1, magic2, cmd, arg)`: power off, restart or halt the machine, with Linux's
//! checks (root only, both magic numbers) and its quiet commands (Ctrl-Alt-Del on or off).

use crate::context::SyscallContext;
use kernel_core::Errno;

/// `LINUX_REBOOT_MAGIC1`.
const MAGIC1: u32 = 0xfee1_dead;
/// `LINUX_REBOOT_MAGIC2`, `2A`, `2B` and `2C`: the dates Linux accepts as the second magic.
const MAGIC2: [u32; 4] = [672_274_793, 85_072_278, 369_367_448, 537_993_216];

/// `LINUX_REBOOT_CMD_RESTART`.
const CMD_RESTART: u32 = 0x0123_4567;
/// `LINUX_REBOOT_CMD_HALT`.
const CMD_HALT: u32 = 0xcdef_0123;
/// `LINUX_REBOOT_CMD_POWER_OFF`.
const CMD_POWER_OFF: u32 = 0x4321_fedc;
/// `LINUX_REBOOT_CMD_RESTART2` (its argument, a command string, is ignored).
const CMD_RESTART2: u32 = 0xa1b2_c3d4;
/// `LINUX_REBOOT_CMD_CAD_ON` and `CAD_OFF`: what Ctrl-Alt-Del does; no effect here.
const CMD_CAD_ON: u32 = 0x89ab_cdef;
const CMD_CAD_OFF: u32 = 0;

/// What the machine should do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RebootAction {
    /// Stop every CPU (the machine stays on).
    Halt,
    /// Turn the machine off (a halt where it cannot).
    PowerOff,
    /// Reset the machine.
    Restart,
}

/// The action `cmd` asks for: `None` for the Ctrl-Alt-Del settings, `EINVAL` for bad magic
/// or an unknown command.
pub fn parse(magic1: u32, magic2: u32, cmd: u32) -> Result<Option<RebootAction>, Errno> {
    if magic1 != MAGIC1 || !MAGIC2.contains(&magic2) {
        return Err(Errno::EINVAL);
    }
    match cmd {
        CMD_RESTART | CMD_RESTART2 => Ok(Some(RebootAction::Restart)),
        CMD_HALT => Ok(Some(RebootAction::Halt)),
        CMD_POWER_OFF => Ok(Some(RebootAction::PowerOff)),
        CMD_CAD_ON | CMD_CAD_OFF => Ok(None),
        _ => Err(Errno::EINVAL),
    }
}

/// `reboot(magic1, magic2, cmd, arg)`: `EPERM` unless the caller's effective uid is 0 (the
/// check comes first, as in Linux); returns only for the Ctrl-Alt-Del commands or when the
/// kernel cannot act.
pub fn reboot(
    ctx: &dyn SyscallContext,
    magic1: u32,
    magic2: u32,
    cmd: u32,
    _arg: u64,
) -> Result<usize, Errno> {
    let [_, euid, _, _] = ctx.ids()?;
    if euid != 0 {
        return Err(Errno::EPERM);
    }
    match parse(magic1, magic2, cmd)? {
        Some(action) => ctx.reboot(action).map(|()| 0),
        None => Ok(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_magic_numbers_are_checked() {
        assert_eq!(
            parse(MAGIC1, MAGIC2[0], CMD_POWER_OFF),
            Ok(Some(RebootAction::PowerOff))
        );
        assert_eq!(
            parse(MAGIC1, MAGIC2[3], CMD_RESTART),
            Ok(Some(RebootAction::Restart))
        );
        assert_eq!(parse(MAGIC1 + 1, MAGIC2[0], CMD_HALT), Err(Errno::EINVAL));
        assert_eq!(parse(MAGIC1, 42, CMD_HALT), Err(Errno::EINVAL));
    }

    #[test]
    fn commands_map_to_actions_and_unknown_ones_fail() {
        assert_eq!(
            parse(MAGIC1, MAGIC2[1], CMD_HALT),
            Ok(Some(RebootAction::Halt))
        );
        assert_eq!(
            parse(MAGIC1, MAGIC2[2], CMD_RESTART2),
            Ok(Some(RebootAction::Restart))
        );
        assert_eq!(parse(MAGIC1, MAGIC2[0], CMD_CAD_ON), Ok(None));
        assert_eq!(parse(MAGIC1, MAGIC2[0], CMD_CAD_OFF), Ok(None));
        assert_eq!(parse(MAGIC1, MAGIC2[0], 0x1234), Err(Errno::EINVAL));
    }
}
