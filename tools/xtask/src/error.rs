//! The one error type of xtask: what went wrong, in words a person can act on.

use std::io;

/// Everything that can make an xtask subcommand fail.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line could not be understood.
    #[error("{0}\n(run `cargo xtask help` for usage)")]
    Usage(String),
    /// A file or process operation failed.
    #[error("{what}: {source}")]
    Io {
        /// What xtask was doing.
        what: String,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// A program ran but exited unsuccessfully.
    #[error("`{command}` failed ({status}){details}")]
    CommandFailed {
        /// The command line, as it would be typed.
        command: String,
        /// How it exited.
        status: String,
        /// The tail of its error output, prefixed by a newline when present.
        details: String,
    },
    /// The host cannot be prepared (missing source entries, unexpected package contents...).
    #[error("setup: {0}")]
    Setup(String),
    /// A check found a problem (stale generated file, failing tests...).
    #[error("{0}")]
    Check(String),
}

impl Error {
    /// Wraps an I/O error with a description of what was being done.
    pub fn io(what: impl Into<String>, source: io::Error) -> Self {
        Error::Io {
            what: what.into(),
            source,
        }
    }
}

/// The result type of xtask.
pub type Result<T> = std::result::Result<T, Error>;
