//! `execve`'s filename, argument and environment strings, with Linux's size limits and the
//! `#!` rewrite of `argv`.

use alloc::vec::Vec;

use kernel_core::Errno;

use crate::linux::{ARG_MAX, MAX_ARG_STRINGS, MAX_ARG_STRLEN, MAX_BINFMT_REWRITES, STK_LIM};
use crate::script::Shebang;

/// Why the strings of an `execve` are refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ArgsError {
    /// More than `MAX_ARG_STRINGS` arguments or environment strings.
    #[error("exec: {count} strings exceed MAX_ARG_STRINGS")]
    TooManyStrings {
        /// The count given.
        count: usize,
    },
    /// One string (with its NUL) is longer than `MAX_ARG_STRLEN` (128 KiB).
    #[error("exec: a string of {size} bytes exceeds MAX_ARG_STRLEN")]
    StringTooLong {
        /// Its size including the NUL.
        size: usize,
    },
    /// The strings and their pointers exceed the argument space (see [`arg_space`]).
    #[error("exec: arguments need {needed} bytes, the limit is {limit}")]
    TooBig {
        /// Bytes the strings need so far (each with its NUL).
        needed: u64,
        /// Bytes available for strings after the pointers are reserved.
        limit: u64,
    },
    /// A string contains a NUL byte (user strings cannot; this is a caller bug).
    #[error("exec: a string contains a NUL byte")]
    InteriorNul,
    /// More than [`MAX_BINFMT_REWRITES`] nested `#!` interpreters.
    #[error("exec: more than {MAX_BINFMT_REWRITES} nested interpreters")]
    TooManyRewrites,
    /// The script path will not be reachable after exec (a `/dev/fd/N/...` path whose fd is
    /// close-on-exec): `load_script` gives `ENOENT`.
    #[error("exec: the script path is inaccessible after exec")]
    ScriptInaccessible,
}

impl ArgsError {
    /// The errno `execve` returns.
    pub fn errno(&self) -> Errno {
        match self {
            Self::InteriorNul => Errno::EINVAL,
            Self::TooManyRewrites => Errno::ELOOP,
            Self::ScriptInaccessible => Errno::ENOENT,
            _ => Errno::E2BIG,
        }
    }
}

/// Bytes available to argument + environment strings *and* their pointers for a given
/// `RLIMIT_STACK` (`bprm_stack_limits` in `fs/exec.c`): a quarter of the stack limit, at most
/// 6 MiB (`_STK_LIM / 4 * 3`), at least 128 KiB (`ARG_MAX`).
pub fn arg_space(stack_rlimit: u64) -> u64 {
    (STK_LIM / 4 * 3).min(stack_rlimit / 4).max(ARG_MAX)
}

/// The strings of one `execve`, as they will be laid out on the new stack.
///
/// Built once per `execve` by [`ExecArgs::new`]; each `#!` level rewrites `argv` with
/// [`ExecArgs::apply_script`]. Byte accounting follows Linux exactly: the pointer space is
/// reserved once from the original counts, then every string copied (the filename, each
/// environment and argument string, the strings a `#!` adds) uses its length plus NUL, and
/// `argv[0]` removed by a `#!` is given back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExecArgs {
    filename: Vec<u8>,
    argv: Vec<Vec<u8>>,
    envp: Vec<Vec<u8>>,
    interp: Vec<u8>,
    limit: u64,
    used: u64,
    rewrites: usize,
}

impl ExecArgs {
    /// Checks the strings of an `execve(filename, argv, envp)` against Linux's limits for the
    /// caller's `RLIMIT_STACK` soft limit (`u64::MAX` for unlimited).
    ///
    /// `filename` is what Linux calls `bprm->filename`: the path as passed (or
    /// `/dev/fd/N[/path]` for `execveat` relative to a descriptor); it becomes `AT_EXECFN`. An
    /// empty `argv` gets `""` as `argv[0]`, as Linux 6.1 does.
    pub fn new(
        filename: Vec<u8>,
        mut argv: Vec<Vec<u8>>,
        envp: Vec<Vec<u8>>,
        stack_rlimit: u64,
    ) -> Result<Self, ArgsError> {
        for count in [argv.len(), envp.len()] {
            if count > MAX_ARG_STRINGS {
                return Err(ArgsError::TooManyStrings { count });
            }
        }
        let pointers = (argv.len().max(1) + envp.len()) as u64 * 8;
        let space = arg_space(stack_rlimit);
        if space <= pointers {
            return Err(ArgsError::TooBig {
                needed: pointers,
                limit: space,
            });
        }
        let mut args = Self {
            interp: filename.clone(),
            filename: Vec::new(),
            argv: Vec::new(),
            envp: Vec::new(),
            limit: space - pointers,
            used: 0,
            rewrites: 0,
        };
        args.charge(&filename)?;
        args.filename = filename;
        // Linux copies the environment, then the arguments, each from last to first.
        for string in envp.iter().rev().chain(argv.iter().rev()) {
            args.charge(string)?;
        }
        if argv.is_empty() {
            args.charge(b"")?;
            argv.push(Vec::new());
        }
        args.argv = argv;
        args.envp = envp;
        Ok(args)
    }

    /// Rewrites `argv` for a `#!` script as `load_script` does: `argv[0]` is dropped and
    /// replaced by `interpreter`, the optional argument and the script path (the file just
    /// examined), so the new `argv` is `[interpreter, argument?, script path, argv[1..]]`. The
    /// file to examine next becomes `interpreter` ([`Self::next_path`]).
    ///
    /// `script_inaccessible` is Linux's `BINPRM_FLAGS_PATH_INACCESSIBLE`: the script path is a
    /// `/dev/fd/N/...` whose descriptor is close-on-exec (then `ENOENT`).
    pub fn apply_script(
        &mut self,
        shebang: &Shebang<'_>,
        script_inaccessible: bool,
    ) -> Result<(), ArgsError> {
        if script_inaccessible {
            return Err(ArgsError::ScriptInaccessible);
        }
        if !self.argv.is_empty() {
            let zero = self.argv.remove(0);
            self.used = self.used.saturating_sub(zero.len() as u64 + 1);
        }
        let script_path = core::mem::take(&mut self.interp);
        self.charge(&script_path)?;
        let mut front = Vec::with_capacity(3);
        if let Some(argument) = shebang.argument {
            self.charge(argument)?;
            front.push(argument.to_vec());
        }
        self.charge(shebang.interpreter)?;
        front.insert(0, shebang.interpreter.to_vec());
        front.push(script_path);
        self.argv.splice(0..0, front);
        self.interp = shebang.interpreter.to_vec();
        self.rewrites += 1;
        Ok(())
    }

    /// Call before examining each file of the chain (the original and every interpreter a `#!`
    /// named): `ELOOP` once more than [`MAX_BINFMT_REWRITES`] rewrites happened, as
    /// `exec_binprm` checks `depth > 5` before each handler search.
    pub fn check_depth(&self) -> Result<(), ArgsError> {
        if self.rewrites > MAX_BINFMT_REWRITES {
            Err(ArgsError::TooManyRewrites)
        } else {
            Ok(())
        }
    }

    /// `AT_EXECFN`: the filename given to `execve`, unchanged by `#!` rewrites.
    pub fn filename(&self) -> &[u8] {
        &self.filename
    }

    /// The path of the file to examine next: the `execve` filename, then each `#!` interpreter.
    pub fn next_path(&self) -> &[u8] {
        &self.interp
    }

    /// The argument strings (without NULs).
    pub fn argv(&self) -> &[Vec<u8>] {
        &self.argv
    }

    /// The environment strings (without NULs).
    pub fn envp(&self) -> &[Vec<u8>] {
        &self.envp
    }

    /// How many `#!` rewrites have been applied.
    pub fn rewrites(&self) -> usize {
        self.rewrites
    }

    /// Bytes of strings charged so far (each with its NUL) and the limit they must stay under.
    pub fn usage(&self) -> (u64, u64) {
        (self.used, self.limit)
    }

    /// Charges one string (plus NUL) against the limit, as `copy_strings` does.
    fn charge(&mut self, string: &[u8]) -> Result<(), ArgsError> {
        if string.contains(&0) {
            return Err(ArgsError::InteriorNul);
        }
        let size = string.len() + 1;
        if size > MAX_ARG_STRLEN {
            return Err(ArgsError::StringTooLong { size });
        }
        let needed = self.used + size as u64;
        if needed > self.limit {
            return Err(ArgsError::TooBig {
                needed,
                limit: self.limit,
            });
        }
        self.used = needed;
        Ok(())
    }
}
