//! The terminal contract: `struct termios`, `struct winsize` and the TTY ioctl numbers of arm64.
//!
//! Implemented by `components/tty` (`docs/contracts/tty.md`). Values are Linux 6.1's for arm64,
//! which uses the generic headers: `include/uapi/asm-generic/termbits.h`,
//! `include/uapi/asm-generic/termbits-common.h`, `include/uapi/asm-generic/ioctls.h`; the
//! defaults are `tty_std_termios` (`drivers/tty/tty_io.c`) and `INIT_C_CC`
//! (`include/asm-generic/termios.h`).

/// Number of control characters in `c_cc` (`NCCS`).
pub const NCCS: usize = 19;

/// `c_cc` indices (asm-generic/termbits.h).
pub mod cc {
    /// Interrupt (SIGINT).
    pub const VINTR: usize = 0;
    /// Quit (SIGQUIT).
    pub const VQUIT: usize = 1;
    /// Erase one character.
    pub const VERASE: usize = 2;
    /// Erase the line.
    pub const VKILL: usize = 3;
    /// End of file.
    pub const VEOF: usize = 4;
    /// Non-canonical read timeout, in tenths of a second.
    pub const VTIME: usize = 5;
    /// Non-canonical read minimum byte count.
    pub const VMIN: usize = 6;
    /// Switch character (unused by Linux).
    pub const VSWTC: usize = 7;
    /// Restart output (IXON).
    pub const VSTART: usize = 8;
    /// Stop output (IXON).
    pub const VSTOP: usize = 9;
    /// Suspend (SIGTSTP).
    pub const VSUSP: usize = 10;
    /// Additional end of line.
    pub const VEOL: usize = 11;
    /// Reprint the line (IEXTEN).
    pub const VREPRINT: usize = 12;
    /// Discard output (IEXTEN).
    pub const VDISCARD: usize = 13;
    /// Erase one word (IEXTEN).
    pub const VWERASE: usize = 14;
    /// Take the next character literally (IEXTEN).
    pub const VLNEXT: usize = 15;
    /// Second additional end of line (IEXTEN).
    pub const VEOL2: usize = 16;
}

/// `c_iflag` bits.
pub mod iflag {
    /// Ignore break.
    pub const IGNBRK: u32 = 0o1;
    /// Break sends SIGINT.
    pub const BRKINT: u32 = 0o2;
    /// Ignore parity errors.
    pub const IGNPAR: u32 = 0o4;
    /// Mark parity errors.
    pub const PARMRK: u32 = 0o10;
    /// Check parity.
    pub const INPCK: u32 = 0o20;
    /// Strip the eighth bit.
    pub const ISTRIP: u32 = 0o40;
    /// Translate NL to CR.
    pub const INLCR: u32 = 0o100;
    /// Ignore CR.
    pub const IGNCR: u32 = 0o200;
    /// Translate CR to NL.
    pub const ICRNL: u32 = 0o400;
    /// Map upper case to lower case (with IEXTEN).
    pub const IUCLC: u32 = 0o1000;
    /// START/STOP output control.
    pub const IXON: u32 = 0o2000;
    /// Any character restarts output.
    pub const IXANY: u32 = 0o4000;
    /// START/STOP input control.
    pub const IXOFF: u32 = 0o10000;
    /// Ring the bell when the input queue is full.
    pub const IMAXBEL: u32 = 0o20000;
    /// Input is UTF-8 (erase whole characters).
    pub const IUTF8: u32 = 0o40000;
}

/// `c_oflag` bits.
pub mod oflag {
    /// Post-process output.
    pub const OPOST: u32 = 0o1;
    /// Map lower case to upper case.
    pub const OLCUC: u32 = 0o2;
    /// Map NL to CR-NL.
    pub const ONLCR: u32 = 0o4;
    /// Map CR to NL.
    pub const OCRNL: u32 = 0o10;
    /// No CR output at column 0.
    pub const ONOCR: u32 = 0o20;
    /// NL performs the CR function.
    pub const ONLRET: u32 = 0o40;
    /// Tab delay mask.
    pub const TABDLY: u32 = 0o14000;
    /// Expand tabs to spaces (`TAB3`, `XTABS`).
    pub const XTABS: u32 = 0o14000;
}

/// `c_cflag` bits.
pub mod cflag {
    /// Baud-rate mask.
    pub const CBAUD: u32 = 0o10017;
    /// 9600 baud.
    pub const B9600: u32 = 0o15;
    /// 38400 baud.
    pub const B38400: u32 = 0o17;
    /// 115200 baud.
    pub const B115200: u32 = 0o10002;
    /// Character-size mask.
    pub const CSIZE: u32 = 0o60;
    /// Eight-bit characters.
    pub const CS8: u32 = 0o60;
    /// Two stop bits.
    pub const CSTOPB: u32 = 0o100;
    /// Enable the receiver.
    pub const CREAD: u32 = 0o200;
    /// Parity generation and checking.
    pub const PARENB: u32 = 0o400;
    /// Hang up on last close.
    pub const HUPCL: u32 = 0o2000;
    /// Ignore modem control lines.
    pub const CLOCAL: u32 = 0o4000;
}

/// `c_lflag` bits.
pub mod lflag {
    /// Generate signals for INTR, QUIT, SUSP.
    pub const ISIG: u32 = 0o1;
    /// Canonical (line) mode.
    pub const ICANON: u32 = 0o2;
    /// Echo input.
    pub const ECHO: u32 = 0o10;
    /// ERASE visually erases a character.
    pub const ECHOE: u32 = 0o20;
    /// KILL echoes a newline after the KILL character.
    pub const ECHOK: u32 = 0o40;
    /// Echo NL even without ECHO.
    pub const ECHONL: u32 = 0o100;
    /// Do not flush the queues on a signal character.
    pub const NOFLSH: u32 = 0o200;
    /// SIGTTOU for background writes.
    pub const TOSTOP: u32 = 0o400;
    /// Echo control characters as `^X`.
    pub const ECHOCTL: u32 = 0o1000;
    /// Hardcopy erase echo.
    pub const ECHOPRT: u32 = 0o2000;
    /// KILL visually erases the line.
    pub const ECHOKE: u32 = 0o4000;
    /// Implementation-defined input processing (WERASE, LNEXT, ...).
    pub const IEXTEN: u32 = 0o100000;
}

/// TTY ioctl request numbers (asm-generic/ioctls.h).
pub mod ioctl {
    /// Get `struct termios`.
    pub const TCGETS: u32 = 0x5401;
    /// Set `struct termios` now.
    pub const TCSETS: u32 = 0x5402;
    /// Set after output drains.
    pub const TCSETSW: u32 = 0x5403;
    /// Set after output drains, discarding pending input.
    pub const TCSETSF: u32 = 0x5404;
    /// `tcsendbreak`/`tcdrain`.
    pub const TCSBRK: u32 = 0x5409;
    /// `tcflow`.
    pub const TCXONC: u32 = 0x540A;
    /// `tcflush`.
    pub const TCFLSH: u32 = 0x540B;
    /// Make this the controlling terminal.
    pub const TIOCSCTTY: u32 = 0x540E;
    /// Get the foreground process group.
    pub const TIOCGPGRP: u32 = 0x540F;
    /// Set the foreground process group.
    pub const TIOCSPGRP: u32 = 0x5410;
    /// Bytes waiting in the output queue.
    pub const TIOCOUTQ: u32 = 0x5411;
    /// Get the window size.
    pub const TIOCGWINSZ: u32 = 0x5413;
    /// Set the window size.
    pub const TIOCSWINSZ: u32 = 0x5414;
    /// Bytes readable now (`TIOCINQ`).
    pub const FIONREAD: u32 = 0x541B;
    /// Give up the controlling terminal.
    pub const TIOCNOTTY: u32 = 0x5422;
    /// Get the line discipline number.
    pub const TIOCGETD: u32 = 0x5424;
    /// Get the terminal's session.
    pub const TIOCGSID: u32 = 0x5429;
}

/// `tcflush` queue selectors (`TCFLSH` argument).
pub mod flush {
    /// Discard pending input.
    pub const TCIFLUSH: usize = 0;
    /// Discard pending output.
    pub const TCOFLUSH: usize = 1;
    /// Both.
    pub const TCIOFLUSH: usize = 2;
}

/// `tcflow` actions (`TCXONC` argument).
pub mod flow {
    /// Suspend output.
    pub const TCOOFF: usize = 0;
    /// Restart output.
    pub const TCOON: usize = 1;
    /// Send STOP.
    pub const TCIOFF: usize = 2;
    /// Send START.
    pub const TCION: usize = 3;
}

/// arm64 `struct termios` (36 bytes, no padding): four `u32` flag words, `c_line`, `c_cc[19]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Termios {
    /// Input modes.
    pub c_iflag: u32,
    /// Output modes.
    pub c_oflag: u32,
    /// Control modes.
    pub c_cflag: u32,
    /// Local modes.
    pub c_lflag: u32,
    /// Line discipline (0, `N_TTY`).
    pub c_line: u8,
    /// Control characters; 0 (`_POSIX_VDISABLE`) disables one.
    pub c_cc: [u8; NCCS],
}

impl Termios {
    /// Size of the user-space structure.
    pub const SIZE: usize = 36;

    /// `INIT_C_CC`: ^C ^\ DEL ^U ^D, TIME 0, MIN 1, SWTC 0, ^Q ^S ^Z, EOL 0, ^R ^O ^W ^V, EOL2 0.
    pub const DEFAULT_CC: [u8; NCCS] = [
        0x03, 0x1c, 0x7f, 0x15, 0x04, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0x0f, 0x17, 0x16, 0, 0, 0,
    ];

    /// Linux's `tty_std_termios`: what a new terminal starts with.
    pub const fn linux_default() -> Self {
        Self {
            c_iflag: iflag::ICRNL | iflag::IXON,
            c_oflag: oflag::OPOST | oflag::ONLCR,
            c_cflag: cflag::B38400 | cflag::CS8 | cflag::CREAD | cflag::HUPCL,
            c_lflag: lflag::ISIG
                | lflag::ICANON
                | lflag::ECHO
                | lflag::ECHOE
                | lflag::ECHOK
                | lflag::ECHOCTL
                | lflag::ECHOKE
                | lflag::IEXTEN,
            c_line: 0,
            c_cc: Self::DEFAULT_CC,
        }
    }

    /// The user-space bytes (little-endian, as arm64 lays them out).
    pub fn to_bytes(&self) -> [u8; Self::SIZE] {
        let mut out = [0u8; Self::SIZE];
        let words = [self.c_iflag, self.c_oflag, self.c_cflag, self.c_lflag];
        for (index, word) in words.iter().enumerate() {
            out[index * 4..index * 4 + 4].copy_from_slice(&word.to_le_bytes());
        }
        out[16] = self.c_line;
        out[17..].copy_from_slice(&self.c_cc);
        out
    }

    /// Parses the user-space bytes.
    pub fn from_bytes(bytes: &[u8; Self::SIZE]) -> Self {
        let word = |index: usize| {
            let mut raw = [0u8; 4];
            raw.copy_from_slice(&bytes[index * 4..index * 4 + 4]);
            u32::from_le_bytes(raw)
        };
        let mut c_cc = [0u8; NCCS];
        c_cc.copy_from_slice(&bytes[17..]);
        Self {
            c_iflag: word(0),
            c_oflag: word(1),
            c_cflag: word(2),
            c_lflag: word(3),
            c_line: bytes[16],
            c_cc,
        }
    }
}

impl Default for Termios {
    fn default() -> Self {
        Self::linux_default()
    }
}

/// `struct winsize`: four `unsigned short`s (8 bytes). A serial console reports 0 × 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WinSize {
    /// Rows.
    pub ws_row: u16,
    /// Columns.
    pub ws_col: u16,
    /// Width in pixels (unused).
    pub ws_xpixel: u16,
    /// Height in pixels (unused).
    pub ws_ypixel: u16,
}

impl WinSize {
    /// Size of the user-space structure.
    pub const SIZE: usize = 8;

    /// The user-space bytes.
    pub fn to_bytes(&self) -> [u8; Self::SIZE] {
        let mut out = [0u8; Self::SIZE];
        let fields = [self.ws_row, self.ws_col, self.ws_xpixel, self.ws_ypixel];
        for (index, field) in fields.iter().enumerate() {
            out[index * 2..index * 2 + 2].copy_from_slice(&field.to_le_bytes());
        }
        out
    }

    /// Parses the user-space bytes.
    pub fn from_bytes(bytes: &[u8; Self::SIZE]) -> Self {
        let field = |index: usize| u16::from_le_bytes([bytes[index * 2], bytes[index * 2 + 1]]);
        Self {
            ws_row: field(0),
            ws_col: field(1),
            ws_xpixel: field(2),
            ws_ypixel: field(3),
        }
    }
}

/// How a TTY ioctl uses its third argument: what the syscall layer copies before and after.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IoctlArgument {
    /// Ignored.
    Unused,
    /// An integer passed by value.
    Value,
    /// A pointer to this many bytes the terminal reads.
    In(usize),
    /// A pointer to this many bytes the terminal fills.
    Out(usize),
}

/// The argument use of each TTY ioctl this contract knows; `None` for others (`ENOTTY`).
pub const fn ioctl_argument(request: u32) -> Option<IoctlArgument> {
    use ioctl::*;
    Some(match request {
        TCGETS => IoctlArgument::Out(Termios::SIZE),
        TCSETS | TCSETSW | TCSETSF => IoctlArgument::In(Termios::SIZE),
        TIOCGWINSZ => IoctlArgument::Out(WinSize::SIZE),
        TIOCSWINSZ => IoctlArgument::In(WinSize::SIZE),
        TIOCGPGRP | TIOCGSID | FIONREAD | TIOCOUTQ | TIOCGETD => IoctlArgument::Out(4),
        TIOCSPGRP => IoctlArgument::In(4),
        TIOCSCTTY | TCSBRK | TCXONC | TCFLSH => IoctlArgument::Value,
        TIOCNOTTY => IoctlArgument::Unused,
        _ => return None,
    })
}
