//! `ioctl`: the terminal requests a shell asks of its console; `ENOTTY` for anything else.

use crate::args::{Fd, UserPtr};
use crate::context::SyscallContext;
use kernel_core::services::tty::{ioctl as request, Termios, WinSize};
use kernel_core::services::vfs::{File, FileType};
use kernel_core::Errno;

/// Whether `file` is a terminal: `/dev/tty` (5:0), `/dev/console` (5:1) or a virtual
/// console (major 4).
fn is_tty(file: &dyn File) -> bool {
    let Ok(metadata) = file.metadata() else {
        return false;
    };
    FileType::from_mode(metadata.mode) == Some(FileType::CharDevice)
        && (metadata.rdev.major == 4 || (metadata.rdev.major == 5 && metadata.rdev.minor <= 1))
}

/// `ioctl(fd, request, arg)`: `TCGETS` gives Linux's default termios, `TIOCGWINSZ` a 0 × 0
/// window, the `TCSETS` family is accepted (no line discipline here); `ENOTTY` otherwise.
pub fn ioctl(ctx: &dyn SyscallContext, fd: Fd, cmd: u32, arg: UserPtr<u8>) -> Result<usize, Errno> {
    let file = ctx.files().get(fd)?;
    if !is_tty(file.as_ref()) {
        return Err(Errno::ENOTTY);
    }
    match cmd {
        request::TCGETS => ctx
            .user()
            .copy_out(arg.addr, &Termios::linux_default().to_bytes())
            .map(|()| 0),
        request::TIOCGWINSZ => ctx
            .user()
            .copy_out(arg.addr, &WinSize::default().to_bytes())
            .map(|()| 0),
        request::TCSETS | request::TCSETSW | request::TCSETSF => {
            let mut bytes = [0u8; Termios::SIZE];
            ctx.user().copy_in(arg.addr, &mut bytes).map(|()| 0)
        }
        _ => Err(Errno::ENOTTY),
    }
}
