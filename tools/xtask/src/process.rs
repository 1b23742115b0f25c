//! Running host programs: with inherited or captured output, as root when needed.

use std::io::Read;
use std::process::{Command, ExitStatus, Output, Stdio};

use crate::error::{Error, Result};

/// How many lines of error output a failure message quotes.
const DETAIL_LINES: usize = 15;

/// Renders a command as it could be typed into a shell (for messages only); the program is
/// shown by its file name (`cargo`, not the toolchain path cargo exports as `$CARGO`).
pub fn display(command: &Command) -> String {
    let program = std::path::Path::new(command.get_program());
    let program = program.file_name().unwrap_or(program.as_os_str());
    let mut words = vec![program.to_string_lossy().into_owned()];
    for argument in command.get_args() {
        let argument = argument.to_string_lossy();
        if argument.is_empty() || argument.contains([' ', '"', '\'', '$', '*']) {
            words.push(format!("'{}'", argument.replace('\'', r"'\''")));
        } else {
            words.push(argument.into_owned());
        }
    }
    words.join(" ")
}

/// Runs a command with the terminal as its stdio; fails unless it exits successfully.
pub fn run(command: &mut Command) -> Result<()> {
    let status = command
        .status()
        .map_err(|source| Error::io(format!("cannot start `{}`", display(command)), source))?;
    check_status(command, status, "")
}

/// Runs a command quietly (output captured, not shown); a failure quotes its error output.
pub fn run_quietly(command: &mut Command) -> Result<()> {
    stdout_of(command).map(|_| ())
}

/// Runs a command with no stdin, capturing stdout; fails unless it exits successfully.
pub fn stdout_of(command: &mut Command) -> Result<String> {
    let output = output_of(command)?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    check_status(command, output.status, &stderr)?;
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Runs a command with no stdin and captures stdout and stderr, whatever its exit status.
pub fn output_of(command: &mut Command) -> Result<Output> {
    command
        .stdin(Stdio::null())
        .output()
        .map_err(|source| Error::io(format!("cannot start `{}`", display(command)), source))
}

/// Runs a command with stdout and stderr interleaved in one pipe, as a terminal would show them.
pub fn merged_output_of(mut command: Command) -> Result<(ExitStatus, String)> {
    let shown = display(&command);
    let cannot = |source| Error::io(format!("cannot start `{shown}`"), source);
    let (mut reader, writer) = std::io::pipe().map_err(cannot)?;
    command
        .stdin(Stdio::null())
        .stdout(writer.try_clone().map_err(cannot)?)
        .stderr(writer);
    let mut child = command.spawn().map_err(cannot)?;
    // The pipe reaches end-of-file only once every writer is closed, ours included.
    drop(command);
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|source| Error::io(format!("reading the output of `{shown}`"), source))?;
    let status = child
        .wait()
        .map_err(|source| Error::io(format!("waiting for `{shown}`"), source))?;
    Ok((status, String::from_utf8_lossy(&bytes).into_owned()))
}

/// Turns an unsuccessful exit into an error quoting the last lines of `stderr`.
fn check_status(command: &Command, status: ExitStatus, stderr: &str) -> Result<()> {
    if status.success() {
        return Ok(());
    }
    let tail = tail_lines(stderr, DETAIL_LINES);
    Err(Error::CommandFailed {
        command: display(command),
        status: status.to_string(),
        details: if tail.is_empty() {
            String::new()
        } else {
            format!("\n{tail}")
        },
    })
}

/// The last `count` lines of `text`, trailing blank lines dropped.
pub fn tail_lines(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text.trim_end().lines().collect();
    lines[lines.len().saturating_sub(count)..].join("\n")
}

/// A command for `program` that runs as root: directly when xtask is root, else through `sudo`.
pub fn privileged(program: &str) -> Command {
    if running_as_root() {
        Command::new(program)
    } else {
        let mut command = Command::new("sudo");
        command.arg(program);
        command
    }
}

/// Whether this process's effective user is root, read from `/proc/self/status`.
fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| effective_uid(&status))
        .is_some_and(|uid| uid == 0)
}

/// The effective user id from the text of `/proc/<pid>/status` (`Uid: real effective saved fs`).
fn effective_uid(status: &str) -> Option<u32> {
    let line = status.lines().find(|line| line.starts_with("Uid:"))?;
    line.split_whitespace().nth(2)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn effective_uid_is_the_second_number_of_the_uid_line() {
        let status = "Name:\tcat\nUid:\t1000\t0\t1000\t1000\nGid:\t5\t5\t5\t5\n";
        assert_eq!(effective_uid(status), Some(0));
        assert_eq!(effective_uid("Name:\tcat\n"), None);
    }

    #[test]
    fn display_quotes_words_a_shell_would_split() {
        let mut command = Command::new("qemu-system-aarch64");
        command.args(["-append", "console=ttyAMA0 quiet", "-m", "512M"]);
        assert_eq!(
            display(&command),
            "qemu-system-aarch64 -append 'console=ttyAMA0 quiet' -m 512M"
        );
    }

    #[test]
    fn display_names_programs_by_file_name() {
        let command = Command::new("/root/.rustup/toolchains/stable/bin/cargo");
        assert_eq!(display(&command), "cargo");
    }

    #[test]
    fn tail_keeps_the_last_lines_only() {
        assert_eq!(tail_lines("a\nb\nc\nd\n\n", 2), "c\nd");
        assert_eq!(tail_lines("a\n", 5), "a");
        assert_eq!(tail_lines("", 5), "");
    }

    #[test]
    fn merged_output_interleaves_both_streams_and_reports_status() {
        let mut command = Command::new("sh");
        command.args(["-c", "echo out; echo err >&2; exit 3"]);
        let (status, text) = merged_output_of(command).expect("sh runs");
        assert_eq!(status.code(), Some(3));
        assert_eq!(text, "out\nerr\n");
    }

    #[test]
    fn stdout_of_reports_failure_with_stderr_tail() {
        let mut command = Command::new("sh");
        command.args(["-c", "echo why >&2; exit 1"]);
        match stdout_of(&mut command) {
            Err(Error::CommandFailed { details, .. }) => assert_eq!(details, "\nwhy"),
            other => panic!("expected a command failure, got {other:?}"),
        }
    }
}
