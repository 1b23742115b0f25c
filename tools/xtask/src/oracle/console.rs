//! Boots a kernel with the oracle's initramfs in QEMU and records its console, with the time
//! at which `/init` spoke first, until `/init` is done, the kernel dies, or a limit passes.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use super::init_script::{BEGIN, DONE, END, INIT_MARK};
use crate::error::{Error, Result};
use crate::process;
use crate::qemu::{kernel_command_line, VirtMachine};

/// Console lines that mean the kernel has stopped for good.
const FATAL_TEXTS: [&str; 2] = ["Kernel panic - not syncing", "lichen: fatal:"];

/// Extra seconds the host grants a case beyond its in-guest timeout.
const CASE_GRACE: Duration = Duration::from_secs(30);

/// When to give up.
#[derive(Debug, Clone)]
pub struct Limits {
    /// From QEMU's start to `/init`'s first line.
    pub to_init: Duration,
    /// Silence allowed outside a case, or in a case without its own limit.
    pub idle: Duration,
    /// The whole run.
    pub total: Duration,
    /// Silence allowed while a case runs, by case name (its in-guest timeout).
    pub per_case: BTreeMap<String, Duration>,
}

/// How the run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// `/init` printed its last marker.
    Done,
    /// QEMU exited by itself before that.
    Exited(String),
    /// The kernel printed a fatal line (quoted).
    Fatal(String),
    /// A limit passed (which one, in words).
    TimedOut(String),
}

/// One boot's console.
#[derive(Debug, Clone)]
pub struct ConsoleRun {
    /// Every line, without line terminators.
    pub lines: Vec<String>,
    /// Time from QEMU's start to `/init`'s first line, when it came.
    pub init_after: Option<Duration>,
    /// How the run ended.
    pub ending: Ending,
    /// Where the whole console was saved.
    pub log: PathBuf,
}

/// The QEMU command: `machine` booting `kernel` with `initramfs`, running `rdinit`.
pub fn command(machine: &VirtMachine, kernel: &Path, initramfs: &Path, rdinit: &str) -> Command {
    let append = kernel_command_line(&format!("rdinit={rdinit} quiet"));
    let extra = ["-initrd".to_string(), initramfs.display().to_string()];
    machine.boot_command(kernel, &append, &extra)
}

/// What the reader thread reports.
enum Event {
    Line(String, Instant),
    Closed,
}

/// Which limit applies now, and its deadline.
fn next_deadline(
    limits: &Limits,
    start: Instant,
    last_line: Instant,
    init_seen: bool,
    current_case: Option<&str>,
) -> (Instant, String) {
    let total = (
        start + limits.total,
        format!("the whole run took over {} s", limits.total.as_secs()),
    );
    let waiting = if !init_seen {
        (
            start + limits.to_init,
            format!("/init did not start within {} s", limits.to_init.as_secs()),
        )
    } else if let Some(case) = current_case {
        let allowed = limits
            .per_case
            .get(case)
            .map_or(limits.idle, |limit| *limit + CASE_GRACE);
        (
            last_line + allowed,
            format!("case {case} silent for {} s", allowed.as_secs()),
        )
    } else {
        (
            last_line + limits.idle,
            format!("console silent for {} s", limits.idle.as_secs()),
        )
    };
    if total.0 < waiting.0 {
        total
    } else {
        waiting
    }
}

/// Runs `command` (QEMU), reading its console until an ending; saves the console to `log`.
pub fn run(mut command: Command, limits: &Limits, log: &Path) -> Result<ConsoleRun> {
    let shown = process::display(&command);
    let start = Instant::now();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| Error::io(format!("cannot start `{shown}`"), source))?;
    let (sender, receiver) = mpsc::channel();
    if let Some(stdout) = child.stdout.take() {
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut bytes = Vec::new();
            while matches!(reader.read_until(b'\n', &mut bytes), Ok(count) if count > 0) {
                let line = String::from_utf8_lossy(&bytes)
                    .trim_end_matches(['\n', '\r'])
                    .to_string();
                if sender.send(Event::Line(line, Instant::now())).is_err() {
                    return;
                }
                bytes.clear();
            }
            let _ = sender.send(Event::Closed);
        });
    }
    let (stderr_sender, stderr_receiver) = mpsc::channel();
    if let Some(mut stderr) = child.stderr.take() {
        thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = stderr.read_to_end(&mut bytes);
            let _ = stderr_sender.send(String::from_utf8_lossy(&bytes).into_owned());
        });
    }
    let mut lines = Vec::new();
    let mut init_after = None;
    let mut current_case: Option<String> = None;
    let mut last_line = start;
    let mut exited = false;
    let ending = loop {
        let (deadline, reason) = next_deadline(
            limits,
            start,
            last_line,
            init_after.is_some(),
            current_case.as_deref(),
        );
        match receiver.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(Event::Line(line, when)) => {
                last_line = when;
                if init_after.is_none() && line.contains(INIT_MARK) {
                    init_after = Some(when - start);
                }
                if let Some(index) = line.find(BEGIN) {
                    current_case = line[index + BEGIN.len()..]
                        .split_whitespace()
                        .next()
                        .map(String::from);
                } else if line.contains(END) {
                    current_case = None;
                }
                let fatal = FATAL_TEXTS.iter().any(|text| line.contains(text));
                let done = line.contains(DONE) && !line.starts_with("@@|");
                lines.push(line.clone());
                if fatal {
                    break Ending::Fatal(line);
                }
                if done {
                    break Ending::Done;
                }
            }
            Ok(Event::Closed) | Err(mpsc::RecvTimeoutError::Disconnected) => {
                exited = true;
                break Ending::Exited(String::new());
            }
            Err(mpsc::RecvTimeoutError::Timeout) => break Ending::TimedOut(reason),
        }
    };
    if !exited {
        let _ = child.kill();
    }
    let status = child
        .wait()
        .map_err(|source| Error::io(format!("waiting for `{shown}`"), source))?;
    let ending = match ending {
        Ending::Exited(_) => Ending::Exited(status.to_string()),
        other => other,
    };
    let stderr = stderr_receiver
        .recv_timeout(Duration::from_secs(2))
        .unwrap_or_default();
    write_log(log, &shown, &lines, &ending, start.elapsed(), &stderr)?;
    Ok(ConsoleRun {
        lines,
        init_after,
        ending,
        log: log.to_path_buf(),
    })
}

/// Writes the command, the console, the ending and QEMU's stderr to `log`.
fn write_log(
    log: &Path,
    command: &str,
    lines: &[String],
    ending: &Ending,
    elapsed: Duration,
    stderr: &str,
) -> Result<()> {
    let ending = format!("{ending:?}");
    crate::test::serial::write_console_log(log, command, lines, &ending, elapsed, stderr)
}

#[cfg(test)]
mod tests;
