//! `ioctl`: the terminal requests, carried out by the kernel's terminal layer through the line
//! discipline; `ENOTTY` for anything that is not a terminal or not a terminal request.

use crate::args::{Fd, UserPtr};
use crate::context::SyscallContext;
use kernel_core::services::tty::{ioctl as request, ioctl_argument, IoctlArgument};
use kernel_core::services::tty::{Termios, WinSize};
use kernel_core::services::vfs::{DeviceId, File, FileType};
use kernel_core::Errno;

/// Largest argument a TTY ioctl copies (`struct termios`).
const MAX_ARGUMENT: usize = Termios::SIZE;

/// The device number of `file` if it is a terminal: `/dev/tty` (5:0), `/dev/console` (5:1),
/// a virtual console (major 4) or a PL011 port (`ttyAMA*`, major 204 from minor 64).
fn terminal_device(file: &dyn File) -> Option<DeviceId> {
    let metadata = file.metadata().ok()?;
    let rdev = metadata.rdev;
    let is_terminal = FileType::from_mode(metadata.mode) == Some(FileType::CharDevice)
        && (rdev.major == 4
            || (rdev.major == 5 && rdev.minor <= 1)
            || (rdev.major == 204 && rdev.minor >= 64));
    is_terminal.then_some(rdev)
}

/// `ioctl(fd, request, arg)` on a terminal: the argument is copied in or out as the request
/// needs and the terminal does the rest.
pub fn ioctl(ctx: &dyn SyscallContext, fd: Fd, cmd: u32, arg: UserPtr<u8>) -> Result<usize, Errno> {
    let file = ctx.files().get(fd)?;
    let device = terminal_device(file.as_ref()).ok_or(Errno::ENOTTY)?;
    let argument = ioctl_argument(cmd).ok_or(Errno::ENOTTY)?;
    let mut data = [0u8; MAX_ARGUMENT];
    let size = match argument {
        IoctlArgument::In(size) | IoctlArgument::Out(size) => size.min(MAX_ARGUMENT),
        IoctlArgument::Unused | IoctlArgument::Value => 0,
    };
    if let IoctlArgument::In(_) = argument {
        ctx.user().copy_in(arg.addr, &mut data[..size])?;
    }
    let value = arg.addr.as_usize();
    match ctx.terminal_ioctl(device, cmd, value, &mut data[..size]) {
        Some(result) => result?,
        None => stateless(cmd, &mut data[..size])?,
    }
    if let IoctlArgument::Out(_) = argument {
        ctx.user().copy_out(arg.addr, &data[..size])?;
    }
    Ok(0)
}

/// Without a terminal layer: Linux's default termios and a 0 × 0 window; the `TCSETS` family
/// is accepted and forgotten; other requests are `ENOTTY`.
fn stateless(cmd: u32, data: &mut [u8]) -> Result<(), Errno> {
    match cmd {
        request::TCGETS => data.copy_from_slice(&Termios::linux_default().to_bytes()),
        request::TIOCGWINSZ => data.copy_from_slice(&WinSize::default().to_bytes()),
        request::TCSETS | request::TCSETSW | request::TCSETSF => {}
        _ => return Err(Errno::ENOTTY),
    }
    Ok(())
}
