//! The interactive shell conversations of the QEMU cases, held with Debian's Linux and with
//! Lichen on the same initramfs: every reply after the first prompt must be identical (needs
//! `cargo xtask setup`, and boots Linux under TCG, hence ignored by default).

use std::time::Duration;

use super::interactive::{self, Step};
use super::qemu_cases::{SHELL_CTRL_C, SHELL_ECHO};
use crate::build::BuildOptions;
use crate::paths::{self, Cache};
use crate::qemu::{kernel_command_line, VirtMachine};

/// Linux under TCG takes a while to reach its first prompt.
const LINUX_STEP_TIMEOUT: Duration = Duration::from_secs(240);

/// What BusyBox's line editor prints only when `poll` is missing (`ppoll` comes from another
/// branch of this session): an error per key read.
const POLL_MISSING: &str = "sh: poll: Function not implemented\r\n";

/// The line editor's cursor-position query, which it skips when `poll` fails.
const CURSOR_QUERY: &str = "\x1b[6n";

/// `reply` without the two artefacts of a missing `poll`; unchanged on a kernel that has it,
/// but for the cursor query, removed on both sides.
fn normalized(reply: &str) -> String {
    reply.replace(POLL_MISSING, "").replace(CURSOR_QUERY, "")
}

/// The replies after the first prompt (the boot logs before it differ by nature).
fn replies(kernel: &std::path::Path, steps: &[Step], log_name: &str) -> Vec<String> {
    let initramfs = crate::shell::build(&Cache::from_env()).expect("initramfs");
    let extra = ["-initrd".to_string(), initramfs.display().to_string()];
    let command = VirtMachine::default().boot_command(kernel, &kernel_command_line(""), &extra);
    let log = paths::qemu_test_logs().join(log_name);
    let transcript =
        interactive::converse(command, steps, LINUX_STEP_TIMEOUT, &log).expect("run QEMU");
    assert_eq!(transcript.failure, None, "see {}", log.display());
    transcript
        .replies
        .iter()
        .skip(1)
        .map(|reply| normalized(reply))
        .collect()
}

#[test]
fn normalization_removes_only_the_missing_poll_artefacts() {
    let lichen = "sh: poll: Function not implemented\r\nesh: poll: Function not implemented\r\n\
                  \r\nhi\r\n/ # ";
    assert_eq!(normalized(lichen), "e\r\nhi\r\n/ # ");
    assert_eq!(normalized("\x1b[6ne\r\nhi\r\n/ # "), "e\r\nhi\r\n/ # ");
    assert_eq!(normalized("poll: other\r\n"), "poll: other\r\n");
}

#[test]
#[ignore = "boots Debian's Linux and Lichen in QEMU (minutes); needs `cargo xtask setup`"]
fn shell_conversations_match_linux() {
    let linux = Cache::from_env().linux_image();
    assert!(linux.is_file(), "run `cargo xtask setup`");
    let options = BuildOptions {
        board: "qemu-virt".into(),
        release: true,
        features: Vec::new(),
    };
    let lichen = crate::build::build(&options).expect("build Lichen");
    let mut differences = Vec::new();
    for (name, steps) in [("echo", SHELL_ECHO), ("ctrl-c", SHELL_CTRL_C)] {
        let actual = replies(&lichen, steps, &format!("shell-{name}-lichen.log"));
        let expected = replies(&linux, steps, &format!("shell-{name}-linux.log"));
        if actual != expected {
            differences.push(format!(
                "shell {name}:\n  Lichen: {actual:?}\n  Linux:  {expected:?}"
            ));
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}
