//! The Linux-style kernel command line: kernel parameters, consoles, and init's argv and envp.
//!
//! Words are separated by white space; double quotes group (`a="b c"` gives `a` = `b c`, and
//! `"a b"` one word `a b`), exactly as Linux's `next_arg` strips them. `--` ends the kernel's
//! parameters: every word after it goes to init's argv. Before it, the kernel takes `console=`
//! (repeatable; the last is the primary), `earlycon[=...]`, `loglevel=0..7`, `quiet`, `debug`,
//! `init=`, `rdinit=`, `root=`, `panic=` and `lichen.*`; of the rest, as Linux's `unknown_bootoption`
//! does, `name=value` goes to init's environment (a later value replaces an earlier one), a bare
//! word to init's argv, and names containing a dot (module parameters) to nobody. `init=` and
//! `rdinit=` drop the argv words collected before them (Linux's LILO rule).
//!
//! Nothing is copied: every string borrows from the input. Tables have fixed capacities; what
//! does not fit is listed in [`CommandLine::problems`], never a panic.

use core::fmt;
use heapless::Vec;

mod number;

pub use number::parse_int;

/// Linux's `MAX_CMDLINECONSOLES`.
pub const MAX_CONSOLES: usize = 8;
/// Linux's `MAX_INIT_ARGS` (`CONFIG_INIT_ENV_ARG_LIMIT`).
pub const MAX_INIT_ARGS: usize = 32;
/// Linux's `MAX_INIT_ENVS`.
pub const MAX_INIT_ENVS: usize = 32;
/// How many `lichen.*` parameters are kept.
pub const MAX_LICHEN_PARAMS: usize = 32;
/// How many problems are kept (the rest are only counted).
pub const MAX_PROBLEMS: usize = 8;
/// Console log level without `quiet`, `debug` or `loglevel=` (`CONSOLE_LOGLEVEL_DEFAULT`).
pub const DEFAULT_LOGLEVEL: u8 = 7;
/// Console log level set by `quiet` (`CONSOLE_LOGLEVEL_QUIET`).
pub const QUIET_LOGLEVEL: u8 = 4;
/// Console log level set by `debug` (`CONSOLE_LOGLEVEL_DEBUG`: everything).
pub const DEBUG_LOGLEVEL: u8 = 10;

/// One parameter: `name` or `name=value`, quotes removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param<'a> {
    /// The text before the first `=` (the whole word if there is none).
    pub name: &'a str,
    /// The text after the first `=`, if there is one.
    pub value: Option<&'a str>,
}

impl fmt::Display for Param<'_> {
    /// Formats as init receives it: `name` or `name=value`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.value {
            Some(value) => write!(f, "{}={}", self.name, value),
            None => f.write_str(self.name),
        }
    }
}

/// A `console=` choice, e.g. `ttyAMA0,115200n8`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Console<'a> {
    /// The device, before the first comma (`ttyAMA0`).
    pub name: &'a str,
    /// What follows the first comma (`115200n8`), if anything.
    pub options: Option<&'a str>,
}

impl<'a> Console<'a> {
    /// The name split as Linux's `console_setup` does, at the first digit: `ttyAMA0` gives
    /// `("ttyAMA", 0)`, `uart8250` gives `("uart", 8250)`; `None` without a digit.
    pub fn index(&self) -> Option<(&'a str, u32)> {
        let at = self.name.find(|c: char| c.is_ascii_digit())?;
        let (base, rest) = self.name.split_at(at);
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .map_or(rest, |end| rest.get(..end).unwrap_or(rest));
        Some((base, digits.parse().ok()?))
    }
}

/// Something on the command line that was ignored, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Problem<'a> {
    /// `loglevel=` not in 0..=7; the level in force was kept.
    #[error("loglevel={value:?} is not a level from 0 to 7; keeping {kept}")]
    BadLoglevel {
        /// The value given (empty if none).
        value: &'a str,
        /// The level kept.
        kept: u8,
    },
    /// A table was full.
    #[error("`{param}` ignored: more than {limit} {what}")]
    Overflow {
        /// Which table, e.g. "consoles".
        what: &'static str,
        /// Its capacity.
        limit: usize,
        /// The parameter that did not fit.
        param: Param<'a>,
    },
    /// A parameter that needs a value had none.
    #[error("`{name}` ignored: it needs a value (`{name}=...`)")]
    MissingValue {
        /// The parameter's name.
        name: &'a str,
    },
    /// `=value` or `""`: nothing to name the parameter by.
    #[error("`{param}` ignored: it has no name")]
    EmptyName {
        /// The parameter.
        param: Param<'a>,
    },
    /// A parameter that takes an integer (`panic=`) got something else; it was ignored.
    #[error("`{name}={value}` ignored: not an integer")]
    BadInteger {
        /// The parameter's name.
        name: &'a str,
        /// The value given.
        value: &'a str,
    },
    /// A quote opened and never closed; the word ran to the end of the line, as in Linux.
    #[error("`{param}`: unterminated quote")]
    UnterminatedQuote {
        /// The parameter, running to the end of the line.
        param: Param<'a>,
    },
}

/// The command line, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandLine<'a> {
    /// Every `console=`, in order; the last is the primary ([`Self::primary_console`]).
    pub consoles: Vec<Console<'a>, MAX_CONSOLES>,
    /// `earlycon` (`Some("")`) or `earlycon=...` (`Some("...")`).
    pub earlycon: Option<&'a str>,
    /// Console log level after `loglevel=`, `quiet` and `debug`, the last one winning.
    pub loglevel: u8,
    /// `quiet` was given.
    pub quiet: bool,
    /// `debug` was given.
    pub debug: bool,
    /// `init=`: the program to run as PID 1 from the root file system.
    pub init: Option<&'a str>,
    /// `rdinit=`: the program to run as PID 1 from the initramfs.
    pub rdinit: Option<&'a str>,
    /// `root=`: the root device.
    pub root: Option<&'a str>,
    /// `panic=`: seconds before a panic restarts the machine; 0 (the default) waits forever,
    /// a negative value restarts at once (Linux's `panic_timeout`).
    pub panic_timeout: i32,
    /// `lichen.*` parameters, names without the `lichen.` prefix, in order.
    pub lichen: Vec<Param<'a>, MAX_LICHEN_PARAMS>,
    /// Extra argv words for init (after its name), in order.
    pub init_args: Vec<Param<'a>, MAX_INIT_ARGS>,
    /// Environment entries for init, one per name.
    pub init_env: Vec<Param<'a>, MAX_INIT_ENVS>,
    /// What was ignored, first [`MAX_PROBLEMS`].
    pub problems: Vec<Problem<'a>, MAX_PROBLEMS>,
    /// How many more problems there were.
    pub problems_dropped: usize,
}

impl<'a> Default for CommandLine<'a> {
    fn default() -> Self {
        Self {
            consoles: Vec::new(),
            earlycon: None,
            loglevel: DEFAULT_LOGLEVEL,
            quiet: false,
            debug: false,
            init: None,
            rdinit: None,
            root: None,
            panic_timeout: 0,
            lichen: Vec::new(),
            init_args: Vec::new(),
            init_env: Vec::new(),
            problems: Vec::new(),
            problems_dropped: 0,
        }
    }
}

impl<'a> CommandLine<'a> {
    /// Parses `line`. Never fails: what cannot be used is reported in [`Self::problems`].
    pub fn parse(line: &'a str) -> Self {
        let mut out = Self::default();
        let mut after_dashes = false;
        for (param, unterminated) in params(line) {
            if unterminated {
                out.report(Problem::UnterminatedQuote { param });
            }
            if after_dashes {
                out.push_arg(param);
            } else if param.name == "--" && param.value.is_none() {
                after_dashes = true;
            } else if param.name.is_empty() {
                out.report(Problem::EmptyName { param });
            } else {
                out.kernel_param(param);
            }
        }
        out
    }

    /// The primary console: the last `console=`.
    pub fn primary_console(&self) -> Option<&Console<'a>> {
        self.consoles.last()
    }

    /// The last `lichen.<name>` parameter, e.g. `lichen_param("test")` for `lichen.test=fault`.
    pub fn lichen_param(&self, name: &str) -> Option<&Param<'a>> {
        self.lichen.iter().rev().find(|p| p.name == name)
    }

    /// The value of the last `lichen.<name>=value`.
    pub fn lichen_value(&self, name: &str) -> Option<&'a str> {
        self.lichen_param(name).and_then(|p| p.value)
    }

    fn report(&mut self, problem: Problem<'a>) {
        if self.problems.push(problem).is_err() {
            self.problems_dropped += 1;
        }
    }

    fn push_arg(&mut self, param: Param<'a>) {
        if self.init_args.push(param).is_err() {
            self.report(Problem::Overflow {
                what: "init arguments",
                limit: MAX_INIT_ARGS,
                param,
            });
        }
    }

    /// A non-empty value, or a [`Problem::MissingValue`].
    fn required(&mut self, param: Param<'a>) -> Option<&'a str> {
        let value = param.value.filter(|v| !v.is_empty());
        if value.is_none() {
            self.report(Problem::MissingValue { name: param.name });
        }
        value
    }

    fn kernel_param(&mut self, param: Param<'a>) {
        match param.name {
            "console" => {
                if let Some(value) = self.required(param) {
                    let (name, options) = match value.split_once(',') {
                        Some((name, options)) => (name, Some(options)),
                        None => (value, None),
                    };
                    if self.consoles.push(Console { name, options }).is_err() {
                        self.report(Problem::Overflow {
                            what: "consoles",
                            limit: MAX_CONSOLES,
                            param,
                        });
                    }
                }
            }
            "earlycon" => self.earlycon = Some(param.value.unwrap_or("")),
            "loglevel" => match param
                .value
                .and_then(|v| v.parse::<u8>().ok())
                .filter(|&l| l <= 7)
            {
                Some(level) => self.loglevel = level,
                None => self.report(Problem::BadLoglevel {
                    value: param.value.unwrap_or(""),
                    kept: self.loglevel,
                }),
            },
            "quiet" => {
                self.quiet = true;
                self.loglevel = QUIET_LOGLEVEL;
            }
            "debug" => {
                self.debug = true;
                self.loglevel = DEBUG_LOGLEVEL;
            }
            "init" | "rdinit" => {
                if let Some(value) = self.required(param) {
                    if param.name == "init" {
                        self.init = Some(value);
                    } else {
                        self.rdinit = Some(value);
                    }
                    self.init_args.clear();
                }
            }
            "root" => self.root = self.required(param).or(self.root),
            "panic" => {
                let value = param.value.unwrap_or("");
                match parse_int(value) {
                    Some(seconds) => self.panic_timeout = seconds,
                    None => self.report(Problem::BadInteger {
                        name: param.name,
                        value,
                    }),
                }
            }
            name => {
                if let Some(own) = name.strip_prefix("lichen.") {
                    let lichen = Param {
                        name: own,
                        value: param.value,
                    };
                    if self.lichen.push(lichen).is_err() {
                        self.report(Problem::Overflow {
                            what: "lichen.* parameters",
                            limit: MAX_LICHEN_PARAMS,
                            param,
                        });
                    }
                } else if name.contains('.') {
                    // A module parameter: not for init.
                } else if param.value.is_some() {
                    self.push_env(param);
                } else {
                    self.push_arg(param);
                }
            }
        }
    }

    fn push_env(&mut self, param: Param<'a>) {
        if let Some(existing) = self.init_env.iter_mut().find(|e| e.name == param.name) {
            *existing = param;
        } else if self.init_env.push(param).is_err() {
            self.report(Problem::Overflow {
                what: "init environment entries",
                limit: MAX_INIT_ENVS,
                param,
            });
        }
    }
}

/// Linux's white space (`isspace`).
fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// The parameters of `line` in order, each with whether its quote was left open.
pub fn params(line: &str) -> Params<'_> {
    Params { rest: line }
}

/// Iterator over the parameters of a command line (see [`params`]).
#[derive(Clone, Debug)]
pub struct Params<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Params<'a> {
    type Item = (Param<'a>, bool);

    fn next(&mut self) -> Option<Self::Item> {
        let text = self
            .rest
            .trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8));
        if text.is_empty() {
            self.rest = text;
            return None;
        }
        let bytes = text.as_bytes();
        let quoted = bytes.first() == Some(&b'"');
        let start = usize::from(quoted);
        let (mut in_quote, mut equals, mut end) = (quoted, None, start);
        while let Some(&byte) = bytes.get(end) {
            if is_space(byte) && !in_quote {
                break;
            }
            if equals.is_none() && byte == b'=' {
                equals = Some(end);
            }
            if byte == b'"' {
                in_quote = !in_quote;
            }
            end += 1;
        }
        self.rest = text.get(end..).unwrap_or("");
        // Every index below sits next to an ASCII byte, so it is a character boundary.
        let trailing_quote = end > start && bytes.get(end - 1) == Some(&b'"');
        let param = match equals {
            None => {
                let name_end = if quoted && trailing_quote {
                    end - 1
                } else {
                    end
                };
                Param {
                    name: text.get(start..name_end).unwrap_or(""),
                    value: None,
                }
            }
            Some(at) => {
                let mut value_start = at + 1;
                let mut value_end = end;
                let value_quoted = bytes.get(value_start) == Some(&b'"');
                if value_quoted {
                    value_start += 1;
                }
                if (value_quoted || quoted) && trailing_quote {
                    value_end = end - 1;
                }
                let value = text
                    .get(value_start..value_end.max(value_start))
                    .unwrap_or("");
                Param {
                    name: text.get(start..at).unwrap_or(""),
                    value: Some(value),
                }
            }
        };
        Some((param, in_quote))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::ToString;
    use std::vec::Vec as StdVec;

    fn words(line: &str) -> StdVec<(Param<'_>, bool)> {
        params(line).collect()
    }

    fn p<'a>(name: &'a str, value: Option<&'a str>) -> Param<'a> {
        Param { name, value }
    }

    #[test]
    fn splitting_and_quotes_follow_linux_next_arg() {
        assert_eq!(words(""), []);
        assert_eq!(words(" \t\n "), []);
        assert_eq!(
            words("  a  b=c\td=  "),
            [
                (p("a", None), false),
                (p("b", Some("c")), false),
                (p("d", Some("")), false)
            ]
        );
        assert_eq!(
            words(r#"a="b c" d"#),
            [(p("a", Some("b c")), false), (p("d", None), false)]
        );
        assert_eq!(words(r#""a=b c""#), [(p("a", Some("b c")), false)]);
        assert_eq!(words(r#""two words""#), [(p("two words", None), false)]);
        assert_eq!(
            words(r#"a=b"c d" e"#),
            [(p("a", Some(r#"b"c d""#)), false), (p("e", None), false)]
        );
        assert_eq!(
            words(r#"a="" b"#),
            [(p("a", Some("")), false), (p("b", None), false)]
        );
        assert_eq!(words("a=b=c"), [(p("a", Some("b=c")), false)]);
        assert_eq!(words(r#"a="open end"#), [(p("a", Some("open end")), true)]);
        assert_eq!(words(r#"a=""#), [(p("a", Some("")), true)]);
        assert_eq!(
            words("é=ü ñ"),
            [(p("é", Some("ü")), false), (p("ñ", None), false)]
        );
    }

    #[test]
    fn kernel_parameters() {
        let line = "console=ttyS0 console=ttyAMA0,115200n8 earlycon loglevel=3 root=/dev/vda2 init=/sbin/init";
        let cmd = CommandLine::parse(line);
        assert_eq!(
            cmd.consoles.as_slice(),
            [
                Console {
                    name: "ttyS0",
                    options: None
                },
                Console {
                    name: "ttyAMA0",
                    options: Some("115200n8")
                },
            ]
        );
        assert_eq!(
            cmd.primary_console(),
            Some(&Console {
                name: "ttyAMA0",
                options: Some("115200n8")
            })
        );
        assert_eq!(
            cmd.primary_console().and_then(Console::index),
            Some(("ttyAMA", 0))
        );
        assert_eq!(cmd.earlycon, Some(""));
        assert_eq!(
            (cmd.loglevel, cmd.root, cmd.init, cmd.rdinit),
            (3, Some("/dev/vda2"), Some("/sbin/init"), None)
        );
        assert!(cmd.problems.is_empty() && cmd.init_args.is_empty() && cmd.init_env.is_empty());

        let cmd = CommandLine::parse(
            "earlycon=pl011,mmio32,0x9000000 rdinit=/init console=uart8250,mmio,0x1000",
        );
        assert_eq!(cmd.earlycon, Some("pl011,mmio32,0x9000000"));
        assert_eq!(cmd.rdinit, Some("/init"));
        assert_eq!(
            cmd.consoles[0],
            Console {
                name: "uart8250",
                options: Some("mmio,0x1000")
            }
        );
        assert_eq!(cmd.consoles[0].index(), Some(("uart", 8250)));
        assert_eq!(
            Console {
                name: "ttyS1a",
                options: None
            }
            .index(),
            Some(("ttyS", 1))
        );
        assert_eq!(
            Console {
                name: "null",
                options: None
            }
            .index(),
            None
        );
        assert_eq!(
            Console {
                name: "tty99999999999",
                options: None
            }
            .index(),
            None
        );
        assert_eq!(CommandLine::parse("").primary_console(), None);
    }

    #[test]
    fn panic_sets_the_timeout_and_stays_out_of_init_environment() {
        assert_eq!(CommandLine::parse("").panic_timeout, 0);
        let line = CommandLine::parse("panic=5 panic=-1");
        assert_eq!(line.panic_timeout, -1);
        assert!(line.init_env.is_empty());
        let bad = CommandLine::parse("panic=soon");
        assert_eq!(bad.panic_timeout, 0);
        assert_eq!(
            bad.problems.as_slice(),
            [Problem::BadInteger {
                name: "panic",
                value: "soon"
            }]
        );
    }

    #[test]
    fn loglevel_quiet_and_debug_last_one_wins() {
        assert_eq!(CommandLine::parse("").loglevel, DEFAULT_LOGLEVEL);
        let cmd = CommandLine::parse("quiet");
        assert_eq!(
            (cmd.loglevel, cmd.quiet, cmd.debug),
            (QUIET_LOGLEVEL, true, false)
        );
        assert_eq!(CommandLine::parse("debug quiet").loglevel, QUIET_LOGLEVEL);
        assert_eq!(CommandLine::parse("quiet loglevel=6").loglevel, 6);
        assert_eq!(
            CommandLine::parse("loglevel=0 debug").loglevel,
            DEBUG_LOGLEVEL
        );
        for bad in [
            "loglevel=8",
            "loglevel=x",
            "loglevel=",
            "loglevel",
            "loglevel=-1",
            "loglevel=300",
        ] {
            let cmd = CommandLine::parse(bad);
            assert_eq!(cmd.loglevel, DEFAULT_LOGLEVEL, "{bad}");
            let value = bad.split_once('=').map_or("", |(_, v)| v);
            assert_eq!(
                cmd.problems.as_slice(),
                [Problem::BadLoglevel { value, kept: 7 }],
                "{bad}"
            );
        }
        let cmd = CommandLine::parse("loglevel=2 loglevel=9");
        assert_eq!(cmd.loglevel, 2, "an invalid level keeps the one in force");
        assert_eq!(
            cmd.problems[0].to_string(),
            "loglevel=\"9\" is not a level from 0 to 7; keeping 2"
        );
    }

    #[test]
    fn unknown_parameters_go_to_init_as_linux_passes_them() {
        let cmd =
            CommandLine::parse("single TERM=vt100 foo.bar=1 mod.flag HOME=/root TERM=linux -b");
        assert_eq!(cmd.init_args.as_slice(), [p("single", None), p("-b", None)]);
        assert_eq!(
            cmd.init_env.as_slice(),
            [p("TERM", Some("linux")), p("HOME", Some("/root"))]
        );
        assert_eq!(cmd.init_env[0].to_string(), "TERM=linux");
        assert!(cmd.problems.is_empty());
    }

    #[test]
    fn double_dash_passes_the_rest_to_init_argv() {
        let cmd = CommandLine::parse(r#"quiet -- console=x a.b=1 "two words" -- TERM=y"#);
        assert!(cmd.quiet && cmd.consoles.is_empty());
        let argv: StdVec<std::string::String> =
            cmd.init_args.iter().map(|a| a.to_string()).collect();
        assert_eq!(argv, ["console=x", "a.b=1", "two words", "--", "TERM=y"]);
        assert!(cmd.init_env.is_empty());
        assert_eq!(CommandLine::parse("--").init_args.len(), 0);
        assert_eq!(
            CommandLine::parse("a --b").init_args.as_slice(),
            [p("a", None), p("--b", None)]
        );
    }

    #[test]
    fn init_drops_earlier_argv_words() {
        let cmd = CommandLine::parse("auto init=/bin/sh single -- x");
        assert_eq!(cmd.init, Some("/bin/sh"));
        assert_eq!(cmd.init_args.as_slice(), [p("single", None), p("x", None)]);
    }

    #[test]
    fn lichen_parameters_by_name() {
        let cmd = CommandLine::parse("lichen.test=fault lichen.trace lichen.test=oops lichen.=x");
        assert_eq!(cmd.lichen_value("test"), Some("oops"));
        assert_eq!(cmd.lichen_param("trace"), Some(&p("trace", None)));
        assert_eq!(cmd.lichen_value("trace"), None);
        assert_eq!(cmd.lichen_param("missing"), None);
        assert!(cmd.init_args.is_empty() && cmd.init_env.is_empty());
        assert_eq!(cmd.lichen.len(), 4, "kept in order, lookups take the last");
    }

    #[test]
    fn empty_and_missing_values_are_reported() {
        let cmd = CommandLine::parse(r#"console= init root =x "" earlycon="#);
        assert_eq!(
            cmd.problems.as_slice(),
            [
                Problem::MissingValue { name: "console" },
                Problem::MissingValue { name: "init" },
                Problem::MissingValue { name: "root" },
                Problem::EmptyName {
                    param: p("", Some("x"))
                },
                Problem::EmptyName { param: p("", None) },
            ]
        );
        assert_eq!((cmd.init, cmd.root, cmd.earlycon), (None, None, Some("")));
        let cmd = CommandLine::parse(r#"x="unclosed"#);
        assert_eq!(
            cmd.problems.as_slice(),
            [Problem::UnterminatedQuote {
                param: p("x", Some("unclosed"))
            }]
        );
        assert_eq!(cmd.init_env.as_slice(), [p("x", Some("unclosed"))]);
    }

    #[test]
    fn overflow_is_reported_never_a_panic() {
        let mut line = std::string::String::new();
        for i in 0..MAX_CONSOLES + 2 {
            line.push_str(&std::format!("console=tty{i} "));
        }
        for i in 0..MAX_INIT_ARGS + 1 {
            line.push_str(&std::format!("arg{i} "));
        }
        for i in 0..MAX_INIT_ENVS + 1 {
            line.push_str(&std::format!("E{i}=v "));
        }
        for i in 0..MAX_LICHEN_PARAMS + 1 {
            line.push_str(&std::format!("lichen.p{i} "));
        }
        let cmd = CommandLine::parse(&line);
        assert_eq!(cmd.consoles.len(), MAX_CONSOLES);
        assert_eq!(
            cmd.primary_console().map(|c| c.name),
            Some("tty7"),
            "the last one that fitted"
        );
        assert_eq!(
            (cmd.init_args.len(), cmd.init_env.len(), cmd.lichen.len()),
            (32, 32, 32)
        );
        let overflow = |what, limit, param| Problem::Overflow { what, limit, param };
        assert_eq!(
            cmd.problems.as_slice(),
            [
                overflow("consoles", MAX_CONSOLES, p("console", Some("tty8"))),
                overflow("consoles", MAX_CONSOLES, p("console", Some("tty9"))),
                overflow("init arguments", MAX_INIT_ARGS, p("arg32", None)),
                overflow(
                    "init environment entries",
                    MAX_INIT_ENVS,
                    p("E32", Some("v"))
                ),
                overflow(
                    "lichen.* parameters",
                    MAX_LICHEN_PARAMS,
                    p("lichen.p32", None)
                ),
            ]
        );
        assert_eq!(
            cmd.problems[2].to_string(),
            "`arg32` ignored: more than 32 init arguments"
        );
        let many = "loglevel=9 ".repeat(MAX_PROBLEMS + 5);
        let cmd = CommandLine::parse(&many);
        assert_eq!(
            (cmd.problems.len(), cmd.problems_dropped),
            (MAX_PROBLEMS, 5)
        );
    }

    #[test]
    fn random_lines_never_panic() {
        const ALPHABET: [&str; 12] = [
            "a", "=", "\"", " ", "-", ".", "é", "\t", ",", "lichen.", "console", "--",
        ];
        let mut state = 0x1234_5678_9abc_def1u64;
        for _ in 0..5000 {
            let mut line = std::string::String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            for piece in 0..(state % 40) {
                let pick = (state >> (piece % 48)) as usize ^ piece as usize;
                line.push_str(ALPHABET[pick % ALPHABET.len()]);
            }
            let cmd = CommandLine::parse(&line);
            for arg in cmd.init_args.iter().chain(cmd.init_env.iter()) {
                assert!(line.contains(arg.name), "{line:?}: {arg:?}");
            }
        }
    }
}
