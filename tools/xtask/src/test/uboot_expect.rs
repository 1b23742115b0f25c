//! What a boot through U-Boot must show on the console, in order: U-Boot finding the boot
//! file, Lichen's banner and command line, the initramfs from `/chosen`, and BusyBox's shell.

use super::expect::{Ending, FATAL_PREFIX};
use crate::image::initrd::INIT_BANNER;

/// How U-Boot's distro boot finds the kernel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loader {
    /// `/extlinux/extlinux.conf`.
    Extlinux,
    /// `/boot.scr` (the disk has no `extlinux.conf`).
    Script,
}

/// How one expected line is recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineMatch {
    /// The whole line (trimmed).
    Exact(String),
    /// The line's beginning.
    Prefix(String),
}

impl LineMatch {
    /// Whether `line` matches.
    pub fn matches(&self, line: &str) -> bool {
        let line = line.trim();
        match self {
            LineMatch::Exact(text) => line == text,
            LineMatch::Prefix(text) => line.starts_with(text.as_str()),
        }
    }

    /// The expected text, for messages.
    fn describe(&self) -> String {
        match self {
            LineMatch::Exact(text) => format!("`{text}`"),
            LineMatch::Prefix(text) => format!("a line starting `{text}`"),
        }
    }
}

/// Whether `line` is BusyBox's interactive shell greeting, the last line a good run prints
/// (`BusyBox v1.35.0 (Debian ...) built-in shell (ash)`).
pub fn is_shell_greeting(line: &str) -> bool {
    let line = line.trim();
    line.starts_with("BusyBox v") && line.contains("built-in shell")
}

/// Whether reading the console stops at `line`: the shell greeting, or a fatal kernel error.
pub fn is_terminal(line: &str) -> bool {
    is_shell_greeting(line) || line.trim().starts_with(FATAL_PREFIX)
}

/// The lines a boot by `loader` of Lichen on `board`, entered at `entry_el`, with `bootargs`
/// from the boot files, must print, in order.
pub fn expected_lines(loader: Loader, board: &str, entry_el: u8, bootargs: &str) -> Vec<LineMatch> {
    let found = match loader {
        Loader::Extlinux => LineMatch::Exact("Retrieving file: /extlinux/extlinux.conf".into()),
        Loader::Script => LineMatch::Prefix("## Executing script at".into()),
    };
    vec![
        found,
        LineMatch::Exact("Starting kernel ...".into()),
        LineMatch::Exact(format!(
            "Lichen {} on {board} (entered at EL{entry_el})",
            env!("CARGO_PKG_VERSION")
        )),
        LineMatch::Exact(format!("lichen: command line: {bootargs}")),
        LineMatch::Prefix("lichen: initramfs: ".into()),
        LineMatch::Exact("lichen: running /init as init".into()),
        LineMatch::Exact(INIT_BANNER.into()),
    ]
}

/// Every way `lines` (ended by `ending`) falls short of `expected` followed by the shell
/// greeting; empty when the boot passed.
pub fn check(expected: &[LineMatch], lines: &[String], ending: &Ending) -> Vec<String> {
    let mut problems = Vec::new();
    match ending {
        Ending::Terminal => {}
        Ending::Exited(status) => problems.push(format!("QEMU exited ({status}) early")),
        Ending::TimedOut(seconds) => {
            problems.push(format!("no BusyBox shell greeting within {seconds} s"))
        }
    }
    if let Some(fatal) = lines
        .iter()
        .find(|line| line.trim().starts_with(FATAL_PREFIX))
    {
        problems.push(format!("the kernel stopped: {}", fatal.trim()));
    }
    let mut position = 0;
    for wanted in expected {
        match lines[position..]
            .iter()
            .position(|line| wanted.matches(line))
        {
            Some(offset) => position += offset + 1,
            None => {
                problems.push(format!("missing {} (in this order)", wanted.describe()));
                return problems;
            }
        }
    }
    if !lines[position..].iter().any(|line| is_shell_greeting(line)) {
        problems.push("missing BusyBox's shell greeting after /init".into());
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good_log(loader_line: &str, el: u8) -> Vec<String> {
        [
            "U-Boot 2023.01+dfsg-2+deb12u3 (Jun 22 2026 - 08:38:07 +0000)",
            "Scanning virtio 0:1...",
            loader_line,
            "Starting kernel ...",
            "",
            &format!(
                "Lichen {} on qemu-virt (entered at EL{el})",
                env!("CARGO_PKG_VERSION")
            ),
            "lichen: command line: console=ttyAMA0 rdinit=/init",
            "lichen: boot complete",
            "lichen: initramfs: 3 entries unpacked (1804 KiB)",
            "lichen: running /init as init",
            INIT_BANNER,
            "",
            "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) built-in shell (ash)",
        ]
        .iter()
        .map(|line| line.to_string())
        .collect()
    }

    const BOOTARGS: &str = "console=ttyAMA0 rdinit=/init";

    #[test]
    fn a_good_extlinux_boot_passes_and_ends_at_the_greeting() {
        let lines = good_log("Retrieving file: /extlinux/extlinux.conf", 1);
        let expected = expected_lines(Loader::Extlinux, "qemu-virt", 1, BOOTARGS);
        assert_eq!(
            check(&expected, &lines, &Ending::Terminal),
            Vec::<String>::new()
        );
        assert!(lines.last().is_some_and(|line| is_terminal(line)));
        assert!(is_terminal("lichen: fatal: bad device tree: no memory"));
        assert!(!is_terminal(INIT_BANNER));
    }

    #[test]
    fn the_wrong_loader_level_or_a_missing_initrd_fail() {
        let lines = good_log("## Executing script at 40200000", 2);
        let script = expected_lines(Loader::Script, "qemu-virt", 2, BOOTARGS);
        assert!(check(&script, &lines, &Ending::Terminal).is_empty());
        let extlinux = expected_lines(Loader::Extlinux, "qemu-virt", 2, BOOTARGS);
        assert_eq!(check(&extlinux, &lines, &Ending::Terminal).len(), 1);
        let at_el1 = expected_lines(Loader::Script, "qemu-virt", 1, BOOTARGS);
        assert!(check(&at_el1, &lines, &Ending::Terminal)[0].contains("EL1"));
        let without_initrd: Vec<String> = lines
            .iter()
            .filter(|line| !line.starts_with("lichen: initramfs"))
            .cloned()
            .collect();
        let problems = check(&script, &without_initrd, &Ending::Terminal);
        assert!(problems[0].contains("lichen: initramfs: "), "{problems:?}");
    }

    #[test]
    fn a_timeout_or_a_fatal_line_is_reported() {
        let mut lines = good_log("## Executing script at 40200000", 1);
        lines.pop();
        let expected = expected_lines(Loader::Script, "qemu-virt", 1, BOOTARGS);
        let problems = check(&expected, &lines, &Ending::TimedOut(120));
        assert_eq!(problems.len(), 2, "{problems:?}");
        lines.push("lichen: fatal: out of memory".into());
        let problems = check(&expected, &lines, &Ending::Terminal);
        assert!(problems[0].contains("out of memory"), "{problems:?}");
    }
}
