//! Reads the console transcript of a suite run: which cases ran, their output and status.
//!
//! Inside a case, a line starting with the output prefix is the case's, whatever follows (a
//! case may print marker-like text). Markers are searched anywhere in other lines, so a kernel
//! message glued in front of one does not hide it. Other lines inside a case (kernel messages)
//! are counted as noise and otherwise ignored.

use super::init_script::{BEGIN, DONE, END, INIT_MARK, LINE_PREFIX};

/// What one case printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseOutput {
    /// The case's name.
    pub name: String,
    /// Its output lines, prefix removed.
    pub lines: Vec<String>,
    /// The exit status `/init` saw; `None` when the end marker never came.
    pub status: Option<i32>,
}

impl CaseOutput {
    /// The text of a golden file: the output lines, then `== status <N>`.
    pub fn text(&self) -> String {
        let mut text: String = self.lines.iter().map(|line| format!("{line}\n")).collect();
        match self.status {
            Some(status) => text.push_str(&format!("== status {status}\n")),
            None => text.push_str("== no end marker: the case did not finish\n"),
        }
        text
    }
}

/// Everything a suite run printed, by case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Transcript {
    /// `/init` printed its first line.
    pub init_started: bool,
    /// `/init` reached its end.
    pub done: bool,
    /// The cases, in the order they began.
    pub cases: Vec<CaseOutput>,
    /// Lines inside a case that were not its output (kernel messages).
    pub noise_lines: usize,
}

impl Transcript {
    /// The case called `name`, if it began.
    pub fn case(&self, name: &str) -> Option<&CaseOutput> {
        self.cases.iter().find(|case| case.name == name)
    }
}

/// The text after `marker` in `line`, when `line` holds it.
fn after<'a>(line: &'a str, marker: &str) -> Option<&'a str> {
    line.find(marker).map(|index| &line[index + marker.len()..])
}

/// Parses `@@LICHEN-CASE-END <name> status=<n>` (the part after the marker).
fn parse_end(rest: &str) -> Option<(String, i32)> {
    let mut words = rest.split_whitespace();
    let name = words.next()?;
    let status = words.next()?.strip_prefix("status=")?.parse().ok()?;
    Some((name.to_string(), status))
}

/// Splits console lines into cases.
pub fn parse(lines: &[String]) -> Transcript {
    let mut transcript = Transcript::default();
    let mut current: Option<CaseOutput> = None;
    let output_prefix = LINE_PREFIX.trim_end();
    for line in lines {
        if let (Some(case), Some(rest)) = (current.as_mut(), line.strip_prefix(output_prefix)) {
            // Output first: a case may print text that looks like a marker.
            case.lines
                .push(rest.strip_prefix(' ').unwrap_or(rest).to_string());
        } else if line.contains(INIT_MARK) {
            transcript.init_started = true;
        } else if let Some(rest) = after(line, BEGIN) {
            if let Some(unfinished) = current.take() {
                transcript.cases.push(unfinished);
            }
            current = Some(CaseOutput {
                name: rest.trim().to_string(),
                lines: Vec::new(),
                status: None,
            });
        } else if let Some(rest) = after(line, END) {
            if let (Some((name, status)), Some(mut case)) = (parse_end(rest), current.take()) {
                if case.name == name {
                    case.status = Some(status);
                }
                transcript.cases.push(case);
            }
        } else if line.contains(DONE) {
            transcript.done = true;
        } else if current.is_some() {
            transcript.noise_lines += 1;
        }
    }
    if let Some(unfinished) = current {
        transcript.cases.push(unfinished);
    }
    transcript
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(String::from).collect()
    }

    #[test]
    fn cases_output_and_statuses_are_recovered() {
        let console = lines(
            "[    0.000000] Booting Linux\n\
             @@LICHEN-INIT\n\
             @@LICHEN-CASE-BEGIN a.one\n\
             @@| == case a.one\n\
             @@| x = 1\n\
             @@| \n\
             @@|   indented\n\
             @@LICHEN-CASE-END a.one status=0\n\
             @@LICHEN-CASE-BEGIN sh.two\n\
             [   12.5] some kernel warning\n\
             @@| two\n\
             @@LICHEN-CASE-END sh.two status=137\n\
             @@LICHEN-DONE\n\
             [   13.0] reboot: Power down",
        );
        let transcript = parse(&console);
        assert!(transcript.init_started && transcript.done);
        assert_eq!(transcript.noise_lines, 1);
        assert_eq!(transcript.cases.len(), 2);
        let one = transcript.case("a.one").expect("a.one");
        assert_eq!(one.lines, ["== case a.one", "x = 1", "", "  indented"]);
        assert_eq!(one.status, Some(0));
        assert_eq!(
            one.text(),
            "== case a.one\nx = 1\n\n  indented\n== status 0\n"
        );
        assert_eq!(
            transcript.case("sh.two").and_then(|case| case.status),
            Some(137)
        );
    }

    #[test]
    fn a_case_without_its_end_is_unfinished() {
        let console = lines(
            "@@LICHEN-INIT\n\
             @@LICHEN-CASE-BEGIN a.hangs\n\
             @@| started\n\
             @@LICHEN-CASE-BEGIN a.next\n\
             @@LICHEN-CASE-END a.next status=0\n\
             @@LICHEN-CASE-BEGIN a.last\n\
             @@| partial",
        );
        let transcript = parse(&console);
        assert!(!transcript.done);
        let names: Vec<_> = transcript
            .cases
            .iter()
            .map(|case| case.name.as_str())
            .collect();
        assert_eq!(names, ["a.hangs", "a.next", "a.last"]);
        assert_eq!(transcript.cases[0].status, None);
        assert_eq!(transcript.cases[1].status, Some(0));
        assert_eq!(transcript.cases[2].lines, ["partial"]);
        assert!(transcript.cases[2]
            .text()
            .ends_with("== no end marker: the case did not finish\n"));
    }

    #[test]
    fn markers_behind_kernel_text_are_still_found() {
        let console = lines(
            "[ 1.0] x@@LICHEN-CASE-BEGIN a.one\n\
             @@| out\n\
             junk @@LICHEN-CASE-END a.one status=3",
        );
        let transcript = parse(&console);
        assert_eq!(transcript.cases[0].status, Some(3));
        assert_eq!(transcript.cases[0].lines, ["out"]);
        assert!(!transcript.init_started);
    }

    #[test]
    fn marker_text_in_a_case_output_stays_output() {
        let console = lines(
            "@@LICHEN-CASE-BEGIN a.one\n\
             @@| echo @@LICHEN-DONE\n\
             @@LICHEN-CASE-END a.one status=0",
        );
        let transcript = parse(&console);
        assert!(!transcript.done);
        assert_eq!(transcript.cases[0].lines, ["echo @@LICHEN-DONE"]);
    }

    #[test]
    fn an_end_for_another_case_leaves_the_status_unknown() {
        let console = lines("@@LICHEN-CASE-BEGIN a.one\n@@LICHEN-CASE-END a.other status=0");
        assert_eq!(parse(&console).cases[0].status, None);
    }
}
