//! Character classes as the Linux kernel applies them to terminal input.

/// `iscntrl` as n_tty sees it: 0–31 and DEL. (Bytes 128–159 echo as themselves on Linux 6.1;
/// the recorded oracle case `c1_control` shows it.)
pub(crate) fn is_control(byte: u8) -> bool {
    byte < 0x20 || byte == 0x7f
}

/// `isalnum` (`lib/ctype.c`, Latin-1): ASCII letters and digits, plus 192–255 except × and ÷.
pub(crate) fn is_alphanumeric(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || (byte >= 0xc0 && byte != 0xd7 && byte != 0xf7)
}

/// A UTF-8 continuation byte, which counts only under `IUTF8`.
pub(crate) fn is_utf8_continuation(byte: u8) -> bool {
    byte & 0xc0 == 0x80
}
