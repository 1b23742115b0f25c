//! Line diffs between a golden output and a kernel's, shown as a unified-diff excerpt.

/// Lines of context around each change.
const CONTEXT: usize = 2;

/// Above this many cells the longest-common-subsequence table is not built; the diff then
/// shows everything from the first differing line.
const TABLE_LIMIT: usize = 4_000_000;

/// One line of a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffLine<'a> {
    /// In both.
    Same(&'a str),
    /// Only in the expected text.
    Removed(&'a str),
    /// Only in the actual text.
    Added(&'a str),
}

/// The edit script from `expected` to `actual` (longest common subsequence).
pub fn diff_lines<'a>(expected: &[&'a str], actual: &[&'a str]) -> Vec<DiffLine<'a>> {
    let prefix = expected
        .iter()
        .zip(actual)
        .take_while(|(left, right)| left == right)
        .count();
    let (expected_rest, actual_rest) = (&expected[prefix..], &actual[prefix..]);
    let mut script: Vec<DiffLine<'a>> = expected[..prefix]
        .iter()
        .map(|line| DiffLine::Same(line))
        .collect();
    let (rows, columns) = (expected_rest.len(), actual_rest.len());
    if (rows + 1) * (columns + 1) > TABLE_LIMIT {
        script.extend(expected_rest.iter().map(|line| DiffLine::Removed(line)));
        script.extend(actual_rest.iter().map(|line| DiffLine::Added(line)));
        return script;
    }
    // common[i][j]: length of the LCS of expected_rest[i..] and actual_rest[j..].
    let mut common = vec![0u32; (rows + 1) * (columns + 1)];
    let at = |i: usize, j: usize| i * (columns + 1) + j;
    for i in (0..rows).rev() {
        for j in (0..columns).rev() {
            common[at(i, j)] = if expected_rest[i] == actual_rest[j] {
                common[at(i + 1, j + 1)] + 1
            } else {
                common[at(i + 1, j)].max(common[at(i, j + 1)])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < rows || j < columns {
        if i < rows && j < columns && expected_rest[i] == actual_rest[j] {
            script.push(DiffLine::Same(expected_rest[i]));
            i += 1;
            j += 1;
        } else if i < rows && (j == columns || common[at(i + 1, j)] >= common[at(i, j + 1)]) {
            // On a tie, removals come first, as in `diff -u`.
            script.push(DiffLine::Removed(expected_rest[i]));
            i += 1;
        } else {
            script.push(DiffLine::Added(actual_rest[j]));
            j += 1;
        }
    }
    script
}

/// A unified diff of `expected` and `actual` (labelled), at most `max_lines` body lines;
/// empty when the texts are equal.
pub fn unified(expected: &str, actual: &str, labels: (&str, &str), max_lines: usize) -> String {
    if expected == actual {
        return String::new();
    }
    let expected_lines: Vec<&str> = expected.lines().collect();
    let actual_lines: Vec<&str> = actual.lines().collect();
    let script = diff_lines(&expected_lines, &actual_lines);
    // Which script entries to show: changes and CONTEXT lines around them.
    let changed: Vec<bool> = script
        .iter()
        .map(|line| !matches!(line, DiffLine::Same(_)))
        .collect();
    let shown: Vec<bool> = (0..script.len())
        .map(|index| {
            let low = index.saturating_sub(CONTEXT);
            let high = (index + CONTEXT + 1).min(script.len());
            changed[low..high].iter().any(|&change| change)
        })
        .collect();
    let mut out = format!("--- {}\n+++ {}\n", labels.0, labels.1);
    let mut body_lines = 0;
    let mut hidden = 0;
    let (mut old_line, mut new_line) = (1, 1);
    let mut index = 0;
    while index < script.len() {
        if !shown[index] {
            match script[index] {
                DiffLine::Same(_) => (old_line, new_line) = (old_line + 1, new_line + 1),
                DiffLine::Removed(_) => old_line += 1,
                DiffLine::Added(_) => new_line += 1,
            }
            index += 1;
            continue;
        }
        let end = (index..script.len())
            .find(|&k| !shown[k])
            .unwrap_or(script.len());
        let hunk = &script[index..end];
        let old_count = hunk
            .iter()
            .filter(|line| !matches!(line, DiffLine::Added(_)))
            .count();
        let new_count = hunk
            .iter()
            .filter(|line| !matches!(line, DiffLine::Removed(_)))
            .count();
        out.push_str(&format!(
            "@@ -{old_line},{old_count} +{new_line},{new_count} @@\n"
        ));
        for line in hunk {
            let (sign, text) = match line {
                DiffLine::Same(text) => (' ', text),
                DiffLine::Removed(text) => ('-', text),
                DiffLine::Added(text) => ('+', text),
            };
            if body_lines < max_lines {
                out.push_str(&format!("{sign}{text}\n"));
                body_lines += 1;
            } else {
                hidden += 1;
            }
        }
        old_line += old_count;
        new_line += new_count;
        index = end;
    }
    if hidden > 0 {
        out.push_str(&format!("... ({hidden} more diff lines)\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_have_no_diff() {
        assert_eq!(unified("a\nb\n", "a\nb\n", ("x", "y"), 10), "");
    }

    #[test]
    fn a_changed_line_shows_with_context_and_positions() {
        let expected = "1\n2\n3\n4\n5\n6\n7\n8\n";
        let actual = "1\n2\n3\n4\nFIVE\n6\n7\n8\n";
        assert_eq!(
            unified(expected, actual, ("linux", "lichen"), 50),
            "--- linux\n+++ lichen\n@@ -3,5 +3,5 @@\n 3\n 4\n-5\n+FIVE\n 6\n 7\n"
        );
    }

    #[test]
    fn insertions_and_deletions_are_minimal() {
        let script = diff_lines(&["a", "b", "c", "d"], &["a", "c", "d", "e"]);
        assert_eq!(
            script,
            [
                DiffLine::Same("a"),
                DiffLine::Removed("b"),
                DiffLine::Same("c"),
                DiffLine::Same("d"),
                DiffLine::Added("e"),
            ]
        );
    }

    #[test]
    fn distant_changes_make_separate_hunks() {
        let expected: String = (1..=20).map(|n| format!("{n}\n")).collect();
        let actual: String = (1..=20)
            .map(|n| match n {
                2 => "two\n".to_string(),
                18 => "eighteen\n".to_string(),
                _ => format!("{n}\n"),
            })
            .collect();
        let diff = unified(&expected, &actual, ("a", "b"), 50);
        assert_eq!(diff.matches("@@ -").count(), 2, "{diff}");
        assert!(
            diff.contains("@@ -1,4 +1,4 @@\n 1\n-2\n+two\n 3\n 4\n"),
            "{diff}"
        );
        assert!(
            diff.contains("@@ -16,5 +16,5 @@\n 16\n 17\n-18\n+eighteen\n 19\n 20\n"),
            "{diff}"
        );
    }

    #[test]
    fn long_diffs_are_cut_with_a_count() {
        let expected: String = (0..30).map(|n| format!("old {n}\n")).collect();
        let diff = unified(&expected, "", ("a", "b"), 5);
        assert!(diff.ends_with("... (25 more diff lines)\n"), "{diff}");
        assert_eq!(
            diff.lines()
                .filter(|line| line.starts_with('-') && !line.starts_with("---"))
                .count(),
            5
        );
    }
}
