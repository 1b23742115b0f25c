//! The benchmark's numbers: samples from the console, medians, and the printed table.

use std::collections::BTreeMap;

/// The benchmarks in table order: key printed by the program, and the row's label.
pub const BENCHMARKS: [(&str, &str); 12] = [
    ("getpid", "getpid"),
    ("clock_gettime", "clock_gettime"),
    ("write_dev_null", "write 1 byte to /dev/null"),
    ("fork_wait", "fork + wait"),
    ("fork_exec_wait", "fork + exec + wait"),
    ("mmap_touch_munmap_1mib", "mmap + touch + munmap 1 MiB"),
    ("pipe_ping_pong", "pipe ping-pong (round trip)"),
    ("pipe_write_64kib", "pipe write 64 KiB"),
    ("create_write_unlink", "create + write 4 KiB + unlink"),
    ("read_4mib_file", "read a 4 MiB file"),
    ("stat", "stat"),
    (BOOT_KEY, "boot to /init (host clock)"),
];

/// The key of the boot-time row (measured by the host, in nanoseconds like the others).
pub const BOOT_KEY: &str = "boot_to_init";

/// Line prefix of one sample: `@@BENCH <key> <nanoseconds>`.
pub const SAMPLE_PREFIX: &str = "@@BENCH ";

/// Samples per benchmark key, in nanoseconds per operation.
pub type Samples = BTreeMap<String, Vec<f64>>;

/// Adds the `@@BENCH` lines of one boot's console to `samples`.
pub fn add_samples(lines: &[String], samples: &mut Samples) {
    for line in lines {
        let Some(rest) = line
            .find(SAMPLE_PREFIX)
            .map(|index| &line[index + SAMPLE_PREFIX.len()..])
        else {
            continue;
        };
        let mut words = rest.split_whitespace();
        if let (Some(key), Some(Ok(value))) = (words.next(), words.next().map(str::parse::<f64>)) {
            samples.entry(key.to_string()).or_default().push(value);
        }
    }
}

/// The median of `values` (mean of the middle two for an even count); `None` when empty.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut sorted: Vec<f64> = values
        .iter()
        .copied()
        .filter(|value| value.is_finite())
        .collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    Some(if sorted.len() % 2 == 1 {
        sorted[middle]
    } else {
        (sorted[middle - 1] + sorted[middle]) / 2.0
    })
}

/// A duration in nanoseconds as a short human figure: `85 ns`, `12.3 µs`, `4.56 ms`, `2.31 s`.
pub fn human(nanoseconds: f64) -> String {
    if nanoseconds < 10_000.0 {
        format!("{nanoseconds:.0} ns")
    } else if nanoseconds < 1_000_000.0 {
        format!("{:.1} µs", nanoseconds / 1e3)
    } else if nanoseconds < 1_000_000_000.0 {
        format!("{:.2} ms", nanoseconds / 1e6)
    } else {
        format!("{:.2} s", nanoseconds / 1e9)
    }
}

/// The Markdown table: one row per benchmark, Linux's median, the other kernel's (or `n/a`),
/// and the ratio other/Linux (lower is better for the other kernel).
pub fn table(linux: &Samples, other: Option<&Samples>, other_label: &str) -> String {
    let mut rows = vec![[
        "benchmark".to_string(),
        "Linux (median)".to_string(),
        format!("{other_label} (median)"),
        format!("{other_label}/Linux"),
    ]];
    for (key, label) in BENCHMARKS {
        let linux_median = linux.get(key).and_then(|values| median(values));
        let other_median = other
            .and_then(|samples| samples.get(key))
            .and_then(|values| median(values));
        let ratio = match (linux_median, other_median) {
            (Some(base), Some(value)) if base > 0.0 => format!("{:.2}", value / base),
            _ => "n/a".into(),
        };
        rows.push([
            label.to_string(),
            linux_median.map_or("n/a".into(), human),
            other_median.map_or("n/a".into(), human),
            ratio,
        ]);
    }
    let widths: Vec<usize> = (0..4)
        .map(|column| {
            rows.iter()
                .map(|row| row[column].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut text = String::new();
    for (index, row) in rows.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(column, (cell, width))| {
                let pad = width - cell.chars().count();
                if column == 0 {
                    format!("{cell}{}", " ".repeat(pad))
                } else {
                    format!("{}{cell}", " ".repeat(pad))
                }
            })
            .collect();
        text.push_str(&format!("| {} |\n", cells.join(" | ")));
        if index == 0 {
            // Markdown's alignment row: the label column left, the numbers right (`---:`).
            let rule: Vec<String> = widths
                .iter()
                .enumerate()
                .map(|(column, width)| {
                    if column == 0 {
                        "-".repeat(width + 2)
                    } else {
                        format!("{}:", "-".repeat(width + 1))
                    }
                })
                .collect();
            text.push_str(&format!("|{}|\n", rule.join("|")));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_even_and_empty_sets() {
        assert_eq!(median(&[5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[7.0]), Some(7.0));
        assert_eq!(median(&[]), None);
        assert_eq!(
            median(&[f64::NAN, 2.0]),
            Some(2.0),
            "non-numbers are dropped"
        );
    }

    #[test]
    fn samples_are_read_from_console_lines() {
        let lines: Vec<String> = [
            "noise",
            "@@BENCH getpid 350",
            "[1.0] x@@BENCH stat 900",
            "@@BENCH bad",
            "@@BENCH getpid 370",
        ]
        .iter()
        .map(|line| line.to_string())
        .collect();
        let mut samples = Samples::new();
        add_samples(&lines, &mut samples);
        assert_eq!(samples["getpid"], [350.0, 370.0]);
        assert_eq!(samples["stat"], [900.0]);
        assert_eq!(samples.len(), 2);
    }

    #[test]
    fn human_units() {
        assert_eq!(human(85.0), "85 ns");
        assert_eq!(human(12_345.0), "12.3 µs");
        assert_eq!(human(999_000.0), "999.0 µs");
        assert_eq!(human(4_560_000.0), "4.56 ms");
        assert_eq!(human(2_310_000_000.0), "2.31 s");
    }

    #[test]
    fn the_table_has_every_row_with_ratios_or_na() {
        let mut linux = Samples::new();
        linux.insert("getpid".into(), vec![100.0, 300.0, 200.0]);
        linux.insert(BOOT_KEY.into(), vec![2e9, 2e9, 2e9]);
        let mut other = Samples::new();
        other.insert("getpid".into(), vec![50.0, 50.0, 50.0]);
        let text = table(&linux, Some(&other), "Lichen");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2 + BENCHMARKS.len());
        assert!(lines[0].starts_with("| benchmark "));
        assert!(lines[0].contains("Lichen/Linux"));
        assert!(
            lines[1].starts_with("|---") && lines[1].ends_with("-:|") && !lines[1].contains(":-")
        );
        assert_eq!(
            lines[1].len(),
            lines[0].len(),
            "the rule lines up with the header"
        );
        let getpid = lines
            .iter()
            .find(|line| line.starts_with("| getpid "))
            .expect("getpid row");
        assert!(
            getpid.contains("200 ns") && getpid.contains("50 ns") && getpid.contains("0.25"),
            "{getpid}"
        );
        let boot = lines
            .iter()
            .find(|line| line.contains("boot to /init"))
            .expect("boot row");
        assert!(
            boot.contains("2.00 s") && boot.trim_end().ends_with("n/a |"),
            "{boot}"
        );
        let without = table(&linux, None, "Lichen");
        assert!(without
            .lines()
            .nth(2)
            .is_some_and(|row| row.contains("n/a")));
    }
}
