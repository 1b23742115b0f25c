//! `#!` scripts: the first line's interpreter and optional argument, as `fs/binfmt_script.c`.

use kernel_core::Errno;

use crate::linux::BINPRM_BUF_SIZE;

/// The interpreter line of a script.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shebang<'a> {
    /// The interpreter path (no spaces, tabs or NULs).
    pub interpreter: &'a [u8],
    /// Everything after the interpreter and the blanks after it, up to the end of the line less
    /// trailing blanks: one argument, which may itself contain blanks (Linux does not split it).
    pub argument: Option<&'a [u8]>,
}

/// Why a file that starts with `#!` cannot be run as a script. Linux answers `ENOEXEC`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScriptError {
    /// Only blanks follow `#!` in the first 256 bytes and no newline.
    #[error("script: only blanks after #!")]
    OnlyBlanks,
    /// No newline in the first 256 bytes and the interpreter path runs to the end of them: it
    /// may be cut, so Linux refuses it.
    #[error("script: interpreter path truncated at 256 bytes")]
    Truncated,
    /// The line names no interpreter.
    #[error("script: no interpreter after #!")]
    NoInterpreter,
}

impl ScriptError {
    /// The errno `execve` returns: `ENOEXEC`.
    pub fn errno(&self) -> Errno {
        Errno::ENOEXEC
    }
}

/// Parses a script's `#!` line from the start of the file.
///
/// `head` is the file's first bytes (Linux looks at `BINPRM_BUF_SIZE` = 256; more are
/// ignored, fewer are treated as NUL-padded, as for a short file). Returns `Ok(None)` when the
/// file does not start with `#!` (another format should try it).
///
/// The rules are Linux 6.1's `load_script`: the line ends at the first newline (a NUL before it
/// hides it); without a newline the interpreter must be followed by a blank or NUL inside the
/// buffer, else it may be truncated and the script is refused; blanks are spaces and tabs;
/// trailing blanks are dropped; the interpreter ends at a blank or NUL; the argument is the rest
/// of the line after the blanks that follow the interpreter, up to the first NUL.
pub fn parse_shebang(head: &[u8]) -> Result<Option<Shebang<'_>>, ScriptError> {
    let mut buf = [0u8; BINPRM_BUF_SIZE];
    let take = head.len().min(BINPRM_BUF_SIZE);
    buf[..take].copy_from_slice(&head[..take]);
    if buf[0] != b'#' || buf[1] != b'!' {
        return Ok(None);
    }
    let last = BINPRM_BUF_SIZE - 1;

    // strnchr stops at the first NUL: a newline after a NUL is not seen.
    let newline = buf
        .iter()
        .take_while(|&&b| b != 0)
        .position(|&b| b == b'\n');
    let mut end = match newline {
        Some(at) => at,
        None => {
            let first = next_non_blank(&buf, 2, last).ok_or(ScriptError::OnlyBlanks)?;
            if next_terminator(&buf, first, last).is_none() {
                return Err(ScriptError::Truncated);
            }
            last
        }
    };
    while end > 0 && is_blank(buf[end - 1]) {
        end -= 1;
    }
    let name = match next_non_blank(&buf, 2, end) {
        Some(at) if at != end => at,
        _ => return Err(ScriptError::NoInterpreter),
    };
    let separator = next_terminator(&buf, name, end);
    let argument = match separator {
        Some(at) if buf[at] != 0 => next_non_blank(&buf, at, end),
        _ => None,
    };

    // Linux writes NULs at `end` and (with an argument) at the separator, then reads C strings.
    let name_end = separator.unwrap_or(end).min(end);
    let interpreter = c_string(head, name, name_end);
    let argument = argument.map(|at| c_string(head, at, end));
    Ok(Some(Shebang {
        interpreter,
        argument,
    }))
}

/// A space or a tab.
fn is_blank(byte: u8) -> bool {
    byte == b' ' || byte == b'\t'
}

/// First index in `first..=last` that is not a blank.
fn next_non_blank(buf: &[u8], first: usize, last: usize) -> Option<usize> {
    (first..=last).find(|&i| buf.get(i).is_some_and(|&b| !is_blank(b)))
}

/// First index in `first..=last` that is a blank or a NUL.
fn next_terminator(buf: &[u8], first: usize, last: usize) -> Option<usize> {
    (first..=last).find(|&i| buf.get(i).is_some_and(|&b| is_blank(b) || b == 0))
}

/// `head[start..end]` cut at its first NUL; bytes past the end of `head` (Linux's zero padding)
/// are the same NULs, so the slice never reaches beyond `head`.
fn c_string(head: &[u8], start: usize, end: usize) -> &[u8] {
    let end = end.min(head.len());
    let start = start.min(end);
    let bytes = &head[start..end];
    match bytes.iter().position(|&b| b == 0) {
        Some(nul) => &bytes[..nul],
        None => bytes,
    }
}
