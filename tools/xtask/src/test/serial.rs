//! Runs QEMU with its serial console on a pipe, reads lines until a terminal one or a timeout,
//! then stops QEMU and keeps the whole log.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use super::expect::Ending;
use crate::error::{Error, Result};
use crate::process;

/// How long to wait for QEMU's stderr to be collected once it has been stopped.
const STDERR_GRACE: Duration = Duration::from_secs(2);

/// What the serial console said, and how reading it ended.
#[derive(Debug)]
pub struct SerialRun {
    /// Every line read, without line terminators.
    pub lines: Vec<String>,
    /// Why reading stopped.
    pub ending: Ending,
    /// Wall time from spawn to stop.
    pub elapsed: Duration,
}

/// A message from the stdout reader thread.
enum Event {
    /// One line of output.
    Line(String),
    /// End of output: QEMU exited or closed its stdout.
    Closed,
}

/// Spawns `command`, reads its stdout line by line until `is_terminal` accepts a line, QEMU
/// exits, or `timeout` passes; then kills and reaps QEMU and writes everything to `log`.
pub fn run_until(
    mut command: Command,
    is_terminal: impl Fn(&str) -> bool,
    timeout: Duration,
    log: &Path,
) -> Result<SerialRun> {
    let shown = process::display(&command);
    let start = Instant::now();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| Error::io(format!("cannot start `{shown}`"), source))?;
    let (sender, receiver) = mpsc::channel();
    let stdout_reader = child.stdout.take().map(|stdout| {
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut bytes = Vec::new();
            // Serial output is not guaranteed UTF-8: read bytes, convert lossily.
            while matches!(reader.read_until(b'\n', &mut bytes), Ok(count) if count > 0) {
                let line = String::from_utf8_lossy(&bytes);
                let line = line.trim_end_matches(['\n', '\r']).to_string();
                if sender.send(Event::Line(line)).is_err() {
                    return;
                }
                bytes.clear();
            }
            let _ = sender.send(Event::Closed);
        })
    });
    let (stderr_sender, stderr_receiver) = mpsc::channel();
    if let Some(mut stderr) = child.stderr.take() {
        thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = stderr.read_to_end(&mut bytes);
            let _ = stderr_sender.send(String::from_utf8_lossy(&bytes).into_owned());
        });
    }

    let deadline = start + timeout;
    let mut lines = Vec::new();
    let mut exited_by_itself = false;
    let mut ending = loop {
        let remaining = deadline.saturating_duration_since(Instant::now());
        match receiver.recv_timeout(remaining) {
            Ok(Event::Line(line)) => {
                let terminal = is_terminal(&line);
                lines.push(line);
                if terminal {
                    break Ending::Terminal;
                }
            }
            Ok(Event::Closed) | Err(mpsc::RecvTimeoutError::Disconnected) => {
                exited_by_itself = true;
                break Ending::Exited(String::new());
            }
            Err(mpsc::RecvTimeoutError::Timeout) => break Ending::TimedOut(timeout.as_secs()),
        }
    };
    let elapsed = start.elapsed();
    if !exited_by_itself {
        // QEMU may have exited at this very moment; a failed kill is then harmless.
        let _ = child.kill();
    }
    let status = child
        .wait()
        .map_err(|source| Error::io(format!("waiting for `{shown}`"), source))?;
    if exited_by_itself {
        ending = Ending::Exited(status.to_string());
    }
    // The readers end when every holder of the pipes is gone; QEMU is, but a grandchild could
    // keep them open, so wait briefly for stderr and leave the stdout reader detached.
    drop(receiver);
    drop(stdout_reader);
    let stderr = stderr_receiver
        .recv_timeout(STDERR_GRACE)
        .unwrap_or_default();
    write_log(log, &shown, &lines, &ending, elapsed, &stderr)?;
    Ok(SerialRun {
        lines,
        ending,
        elapsed,
    })
}

/// Writes the command, the serial lines, how the run ended and QEMU's stderr to `log`.
fn write_log(
    log: &Path,
    command: &str,
    lines: &[String],
    ending: &Ending,
    elapsed: Duration,
    stderr: &str,
) -> Result<()> {
    let ending = match ending {
        Ending::Terminal => "terminal line reached".to_string(),
        Ending::Exited(status) => format!("QEMU exited ({status})"),
        Ending::TimedOut(seconds) => format!("timed out ({seconds} s)"),
    };
    write_console_log(log, command, lines, &ending, elapsed, stderr)
}

/// Writes a QEMU run's log: the command, the console lines, how the run ended (`ending`, in
/// words) and QEMU's stderr. Shared by the QEMU cases and the oracle's console runner.
pub(crate) fn write_console_log(
    log: &Path,
    command: &str,
    lines: &[String],
    ending: &str,
    elapsed: Duration,
    stderr: &str,
) -> Result<()> {
    let mut text = format!("# {command}\n");
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    text.push_str(&format!(
        "# xtask: {ending} after {:.1} s\n",
        elapsed.as_secs_f64()
    ));
    if !stderr.trim().is_empty() {
        text.push_str("# QEMU stderr:\n");
        text.push_str(stderr);
    }
    if let Some(directory) = log.parent() {
        std::fs::create_dir_all(directory)
            .map_err(|source| Error::io(format!("creating {}", directory.display()), source))?;
    }
    std::fs::write(log, text)
        .map_err(|source| Error::io(format!("writing {}", log.display()), source))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tempdir::TempDir;

    fn shell(script: &str) -> Command {
        let mut command = Command::new("sh");
        command.args(["-c", script]);
        command
    }

    #[test]
    fn stops_at_the_terminal_line_and_kills_the_process() {
        let directory = TempDir::new("serial").expect("temp dir");
        let log = directory.path().join("case.log");
        let run = run_until(
            shell("echo one; printf 'two\\r\\n'; echo done; echo after; exec sleep 30"),
            |line| line == "done",
            Duration::from_secs(20),
            &log,
        )
        .expect("run");
        assert_eq!(run.ending, Ending::Terminal);
        assert_eq!(run.lines, ["one", "two", "done"]);
        assert!(run.elapsed < Duration::from_secs(10), "{:?}", run.elapsed);
        let text = std::fs::read_to_string(&log).expect("log");
        assert!(text.contains("one\ntwo\ndone\n"));
        assert!(text.contains("terminal line reached"));
    }

    #[test]
    fn times_out_on_silence() {
        let directory = TempDir::new("serial").expect("temp dir");
        let log = directory.path().join("case.log");
        let run = run_until(
            shell("echo starting; exec sleep 30"),
            |_| false,
            Duration::from_millis(500),
            &log,
        )
        .expect("run");
        assert_eq!(run.ending, Ending::TimedOut(0));
        assert_eq!(run.lines, ["starting"]);
        assert!(run.elapsed < Duration::from_secs(10));
    }

    #[test]
    fn reports_an_early_exit_with_status_and_stderr() {
        let directory = TempDir::new("serial").expect("temp dir");
        let log = directory.path().join("case.log");
        let run = run_until(
            shell("echo partial; echo 'qemu: bad option' >&2; exit 1"),
            |_| false,
            Duration::from_secs(20),
            &log,
        )
        .expect("run");
        assert_eq!(run.ending, Ending::Exited("exit status: 1".into()));
        let text = std::fs::read_to_string(&log).expect("log");
        assert!(text.contains("# QEMU stderr:\nqemu: bad option\n"));
    }
}
