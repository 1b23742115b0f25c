//! A byte buffer that `write!` formats into, plus Linux's `seq_file` escaping helpers.

use alloc::vec::Vec;
use core::fmt;

/// Generated text; bytes, since names and paths need not be UTF-8.
#[derive(Default)]
pub(crate) struct Text(pub(crate) Vec<u8>);

impl Text {
    /// Appends raw bytes.
    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    /// Appends formatted text (writing into a `Vec` cannot fail).
    pub(crate) fn format(&mut self, arguments: fmt::Arguments<'_>) {
        let _ = fmt::Write::write_fmt(self, arguments);
    }

    /// Appends `bytes`, writing each byte found in `special` as `\ooo` (`seq_escape` /
    /// `mangle`, as `/proc/mounts` uses it).
    pub(crate) fn octal_escaped(&mut self, bytes: &[u8], special: &[u8]) {
        for &byte in bytes {
            if special.contains(&byte) {
                self.0.push(b'\\');
                self.0.push(b'0' + (byte >> 6));
                self.0.push(b'0' + ((byte >> 3) & 7));
                self.0.push(b'0' + (byte & 7));
            } else {
                self.0.push(byte);
            }
        }
    }
}

impl fmt::Write for Text {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        self.0.extend_from_slice(text.as_bytes());
        Ok(())
    }
}

/// `write!` into a [`Text`], which cannot fail.
macro_rules! out {
    ($text:expr, $($arg:tt)*) => {{
        $text.format(format_args!($($arg)*));
    }};
}
pub(crate) use out;
