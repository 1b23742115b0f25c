//! Conversations with a shell on QEMU's serial console: wait for text (a prompt has no line
//! end, so output is read as bytes), type keys on QEMU's stdin, and keep a transcript.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use super::serial::write_console_log;
use crate::error::{Error, Result};
use crate::process;

/// One step of a conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Wait until the output after the previous `Expect` contains this text.
    Expect(&'static str),
    /// Type these bytes on the console.
    Type(&'static str),
    /// Let this much time pass (e.g. for a command to start before a ^C).
    Pause(Duration),
}

/// The prompt BusyBox's ash shows root in `/`.
pub const PROMPT: &str = "/ # ";

/// What a conversation produced.
#[derive(Debug)]
pub struct Transcript {
    /// Everything the console printed.
    pub output: Vec<u8>,
    /// For each `Expect` step, the output from the end of the previous match to the end of
    /// this one (what the commands typed in between printed). Compared with Linux's by the
    /// `shell_oracle` test.
    #[cfg_attr(not(test), allow(dead_code))]
    pub replies: Vec<String>,
    /// The first step that was not met, if any.
    pub failure: Option<String>,
    /// Wall time from spawn to stop.
    pub elapsed: Duration,
}

/// Output chunks from the reader thread; `None` at end of output.
type Chunk = Option<Vec<u8>>;

/// Spawns `command` with the console on pipes, runs `steps` (each `Expect` within
/// `step_timeout`), then stops QEMU and writes the transcript to `log`.
pub fn converse(
    mut command: Command,
    steps: &[Step],
    step_timeout: Duration,
    log: &Path,
) -> Result<Transcript> {
    let shown = process::display(&command);
    let start = Instant::now();
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| Error::io(format!("cannot start `{shown}`"), source))?;
    let (sender, receiver) = mpsc::channel::<Chunk>();
    if let Some(mut stdout) = child.stdout.take() {
        thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while let Ok(count) = stdout.read(&mut buffer) {
                if count == 0 || sender.send(Some(buffer[..count].to_vec())).is_err() {
                    break;
                }
            }
            let _ = sender.send(None);
        });
    }
    let mut conversation = Conversation {
        receiver,
        output: Vec::new(),
        matched_to: 0,
        closed: false,
    };
    let mut replies = Vec::new();
    let mut failure = None;
    for step in steps {
        let result = match step {
            Step::Expect(text) => conversation
                .expect(text, step_timeout)
                .map(|reply| replies.push(reply)),
            Step::Type(keys) => type_keys(&mut child, keys.as_bytes()),
            Step::Pause(duration) => {
                conversation.drain_for(*duration);
                Ok(())
            }
        };
        if let Err(problem) = result {
            failure = Some(problem);
            break;
        }
    }
    conversation.drain_for(Duration::from_millis(200));
    let elapsed = start.elapsed();
    let _ = child.kill();
    let _ = child.wait();
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        let _ = pipe.read_to_string(&mut stderr);
    }
    let text = String::from_utf8_lossy(&conversation.output).into_owned();
    let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let ending = failure
        .clone()
        .unwrap_or_else(|| "conversation done".into());
    write_console_log(log, &shown, &lines, &ending, elapsed, &stderr)?;
    Ok(Transcript {
        output: conversation.output,
        replies,
        failure,
        elapsed,
    })
}

fn type_keys(child: &mut Child, keys: &[u8]) -> std::result::Result<(), String> {
    let stdin = child.stdin.as_mut().ok_or("no stdin")?;
    stdin
        .write_all(keys)
        .and_then(|()| stdin.flush())
        .map_err(|error| format!("typing {:?}: {error}", String::from_utf8_lossy(keys)))
}

/// The output read so far and how far `Expect` steps have consumed it.
struct Conversation {
    receiver: mpsc::Receiver<Chunk>,
    output: Vec<u8>,
    matched_to: usize,
    closed: bool,
}

impl Conversation {
    /// Waits until `text` appears after the last match; returns what came up to its end.
    fn expect(&mut self, text: &str, timeout: Duration) -> std::result::Result<String, String> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(position) = find(&self.output[self.matched_to..], text.as_bytes()) {
                let end = self.matched_to + position + text.len();
                let reply = String::from_utf8_lossy(&self.output[self.matched_to..end]);
                self.matched_to = end;
                return Ok(reply.into_owned());
            }
            let remaining = deadline.saturating_duration_since(Instant::now());
            if self.closed || remaining.is_zero() {
                return Err(format!(
                    "no {text:?} within {} s{}",
                    timeout.as_secs(),
                    if self.closed { " (QEMU exited)" } else { "" }
                ));
            }
            self.receive(remaining);
        }
    }

    /// Collects output for `duration`.
    fn drain_for(&mut self, duration: Duration) {
        let deadline = Instant::now() + duration;
        loop {
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() || self.closed {
                return;
            }
            self.receive(remaining);
        }
    }

    fn receive(&mut self, timeout: Duration) {
        match self.receiver.recv_timeout(timeout) {
            Ok(Some(bytes)) => self.output.extend_from_slice(&bytes),
            Ok(None) | Err(mpsc::RecvTimeoutError::Disconnected) => self.closed = true,
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
    }
}

/// The first position of `needle` in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tempdir::TempDir;

    /// A fake console: a prompt without a line end, then a line per line typed.
    fn fake_shell() -> Command {
        let mut command = Command::new("sh");
        command.args([
            "-c",
            "printf '/ # '; while read line; do echo \"got $line\"; printf '/ # '; done",
        ]);
        command
    }

    #[test]
    fn waits_for_a_prompt_types_and_collects_replies() {
        let directory = TempDir::new("interactive").expect("temp dir");
        let log = directory.path().join("talk.log");
        let steps = [
            Step::Expect(PROMPT),
            Step::Type("hello\n"),
            Step::Expect(PROMPT),
        ];
        let transcript =
            converse(fake_shell(), &steps, Duration::from_secs(20), &log).expect("run");
        assert_eq!(transcript.failure, None);
        assert_eq!(transcript.replies, ["/ # ", "got hello\n/ # "]);
        let text = std::fs::read_to_string(&log).expect("log");
        assert!(text.contains("got hello"));
    }

    #[test]
    fn a_missing_reply_is_the_failure() {
        let directory = TempDir::new("interactive").expect("temp dir");
        let log = directory.path().join("talk.log");
        let steps = [Step::Expect("never")];
        let transcript =
            converse(fake_shell(), &steps, Duration::from_millis(300), &log).expect("run");
        assert_eq!(
            transcript.failure.as_deref(),
            Some("no \"never\" within 0 s")
        );
    }
}
