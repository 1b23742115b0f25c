//! A small command-line reader: flags, `--name value` options, and arguments after `--`.

use crate::error::{Error, Result};

/// The arguments of one subcommand, consumed option by option; leftovers are an error.
#[derive(Debug)]
pub struct Args {
    /// Arguments before `--`, not yet consumed.
    options: Vec<String>,
    /// Arguments after `--`, passed through untouched.
    passthrough: Vec<String>,
}

impl Args {
    /// Splits `arguments` at the first `--`.
    pub fn new(arguments: impl IntoIterator<Item = String>) -> Self {
        let mut options = Vec::new();
        let mut passthrough = Vec::new();
        let mut after_separator = false;
        for argument in arguments {
            if after_separator {
                passthrough.push(argument);
            } else if argument == "--" {
                after_separator = true;
            } else {
                options.push(argument);
            }
        }
        Args {
            options,
            passthrough,
        }
    }

    /// Consumes every occurrence of the switch `name`; true when there was one.
    pub fn flag(&mut self, name: &str) -> bool {
        let before = self.options.len();
        self.options.retain(|argument| argument != name);
        self.options.len() != before
    }

    /// Consumes `name value` or `name=value`; the last occurrence wins.
    pub fn value(&mut self, name: &str) -> Result<Option<String>> {
        let mut found = None;
        let mut index = 0;
        while index < self.options.len() {
            let argument = &self.options[index];
            if argument == name {
                if index + 1 >= self.options.len() {
                    return Err(Error::Usage(format!("{name} needs a value")));
                }
                found = Some(self.options.remove(index + 1));
                self.options.remove(index);
            } else if let Some(value) = argument
                .strip_prefix(name)
                .and_then(|rest| rest.strip_prefix('='))
            {
                found = Some(value.to_string());
                self.options.remove(index);
            } else {
                index += 1;
            }
        }
        Ok(found)
    }

    /// Consumes `name value` and parses the value, with `default` when absent.
    pub fn parsed<T: std::str::FromStr>(&mut self, name: &str, default: T) -> Result<T> {
        match self.value(name)? {
            None => Ok(default),
            Some(text) => text
                .parse()
                .map_err(|_| Error::Usage(format!("{name}: cannot understand `{text}`"))),
        }
    }

    /// Ends option parsing: fails on anything not consumed, returns the arguments after `--`.
    pub fn finish(self) -> Result<Vec<String>> {
        match self.options.first() {
            Some(unknown) => Err(Error::Usage(format!("unexpected argument `{unknown}`"))),
            None => Ok(self.passthrough),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Args {
        Args::new(text.split_whitespace().map(String::from))
    }

    #[test]
    fn values_flags_and_passthrough_are_separated() {
        let mut parsed = args("--smp 2 --el2 --gic=2 -- -s -S");
        assert_eq!(parsed.parsed("--smp", 4u32).expect("smp"), 2);
        assert_eq!(parsed.parsed("--gic", 3u32).expect("gic"), 2);
        assert!(parsed.flag("--el2"));
        assert!(!parsed.flag("--debug"));
        assert_eq!(parsed.finish().expect("finish"), ["-s", "-S"]);
    }

    #[test]
    fn absent_value_gives_the_default() {
        let mut parsed = args("");
        assert_eq!(parsed.parsed("--smp", 4u32).expect("smp"), 4);
        assert!(parsed.finish().expect("finish").is_empty());
    }

    #[test]
    fn missing_or_bad_values_and_leftovers_are_usage_errors() {
        assert!(matches!(args("--smp").value("--smp"), Err(Error::Usage(_))));
        assert!(matches!(
            args("--smp four").parsed("--smp", 4u32),
            Err(Error::Usage(_))
        ));
        assert!(matches!(
            args("--frobnicate").finish(),
            Err(Error::Usage(_))
        ));
    }

    #[test]
    fn a_value_after_the_separator_is_not_an_option() {
        let mut parsed = args("-- --smp 2");
        assert_eq!(parsed.value("--smp").expect("smp"), None);
        assert_eq!(parsed.finish().expect("finish"), ["--smp", "2"]);
    }
}
